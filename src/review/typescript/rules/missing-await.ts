import { ts } from 'ts-morph';
import { enclosingFunction, hasAsyncModifier, isFunctionLike, isPromiseExpression, isThenableType, outerParent, skipOuter, snippet } from '../predicates.js';
import { typeBasis } from '../basis.js';
import type { RuleContext, RuleListeners, RuleMeta } from '../rule.js';

export const meta: RuleMeta = {
  id: 'missing-await',
  description: 'A promise is used where its value was meant, or returned from a try block without await.',
  severity: 'error',
  basis: 'declared-type',
  messages: {
    value: '`{{text}}` is a promise, not its value, so {{use}}. Add `await` (`await {{text}}`).',
    returnInTry:
      '`return {{text}}` hands back the promise without waiting, so the surrounding `{{clause}}` never sees its rejection or completion. Write `return await {{text}}`.',
  },
};

const PROMISE_MEMBERS = new Set(['then', 'catch', 'finally']);
const ARITHMETIC = new Set([
  ts.SyntaxKind.PlusToken, ts.SyntaxKind.MinusToken, ts.SyntaxKind.AsteriskToken, ts.SyntaxKind.SlashToken, ts.SyntaxKind.PercentToken,
  ts.SyntaxKind.AsteriskAsteriskToken, ts.SyntaxKind.LessThanToken, ts.SyntaxKind.GreaterThanToken, ts.SyntaxKind.LessThanEqualsToken,
  ts.SyntaxKind.GreaterThanEqualsToken,
]);
const EQUALITY = new Set([ts.SyntaxKind.EqualsEqualsEqualsToken, ts.SyntaxKind.EqualsEqualsToken, ts.SyntaxKind.ExclamationEqualsEqualsToken, ts.SyntaxKind.ExclamationEqualsToken]);

function isNullish(node: ts.Node): boolean {
  const n = skipOuter(node);
  return n.kind === ts.SyntaxKind.NullKeyword || (ts.isIdentifier(n) && n.text === 'undefined');
}

/** How a promise-valued expression is used, if that use wants the resolved value. */
function misuse(ctx: RuleContext, expr: ts.Node): string | undefined {
  const p = outerParent(expr);
  if (!p) return undefined;
  if ((ts.isIfStatement(p) || ts.isWhileStatement(p) || ts.isDoStatement(p)) && skipOuter(p.expression) === skipOuter(expr)) return 'the condition is always true';
  if (ts.isConditionalExpression(p) && skipOuter(p.condition) === skipOuter(expr)) return 'the condition is always true';
  if (ts.isPrefixUnaryExpression(p) && p.operator === ts.SyntaxKind.ExclamationToken) return 'the negation is always false';
  if (ts.isPropertyAccessExpression(p) && skipOuter(p.expression) === skipOuter(expr) && !PROMISE_MEMBERS.has(p.name.text)) return `\`.${p.name.text}\` reads a property of the promise`;
  if (ts.isElementAccessExpression(p) && skipOuter(p.expression) === skipOuter(expr)) return 'the index reads from the promise';
  if (ts.isSpreadElement(p) || ts.isSpreadAssignment(p)) return 'the spread copies the promise, not its contents';
  if (ts.isTemplateSpan(p)) return 'the text shows "[object Promise]"';
  if (ts.isBinaryExpression(p)) {
    const op = p.operatorToken.kind;
    const other = p.left === expr || skipOuter(p.left) === skipOuter(expr) ? p.right : p.left;
    if (ARITHMETIC.has(op)) return 'the arithmetic or comparison works on the promise object';
    if (EQUALITY.has(op) && !isNullish(other) && !isPromiseExpression(ctx.checker, other)) return 'the comparison is never true';
    if ((op === ts.SyntaxKind.AmpersandAmpersandToken || op === ts.SyntaxKind.BarBarToken) && isConditionPosition(p)) return 'the condition is always true';
  }
  if (ts.isVariableDeclaration(p) && p.initializer && skipOuter(p.initializer) === skipOuter(expr) && (ts.isObjectBindingPattern(p.name) || ts.isArrayBindingPattern(p.name))) {
    return 'the destructuring reads fields of the promise';
  }
  return undefined;
}

function isConditionPosition(node: ts.Node): boolean {
  const p = outerParent(node);
  if (!p) return false;
  if (ts.isIfStatement(p) || ts.isWhileStatement(p) || ts.isDoStatement(p)) return true;
  if (ts.isConditionalExpression(p)) return skipOuter(p.condition) === skipOuter(node);
  if (ts.isPrefixUnaryExpression(p) && p.operator === ts.SyntaxKind.ExclamationToken) return true;
  if (ts.isBinaryExpression(p) && (p.operatorToken.kind === ts.SyntaxKind.AmpersandAmpersandToken || p.operatorToken.kind === ts.SyntaxKind.BarBarToken)) return isConditionPosition(p);
  return false;
}

/** Only values the reader produced: calls, names and member reads (not literals or new expressions). */
function isCandidate(node: ts.Node): boolean {
  return ts.isCallExpression(node) || ts.isIdentifier(node) || ts.isPropertyAccessExpression(node);
}

/**
 * `x.then(fn)`, `x.catch(fn)`, `x.finally(fn)` whose type the checker cannot give (an unresolved import makes `x`
 * `any`): a chain with a callback is a promise whatever `x` is. A resolved non-thenable type (a schema builder's
 * `.catch(value)`) is left to the checker.
 */
function isUntypedPromiseChain(checker: ts.TypeChecker, node: ts.Node): boolean {
  const n = skipOuter(node);
  if (!ts.isCallExpression(n)) return false;
  const callee = skipOuter(n.expression);
  if (!ts.isPropertyAccessExpression(callee) || !PROMISE_MEMBERS.has(callee.name.text)) return false;
  const first = n.arguments[0];
  if (!first) return false;
  const arg = skipOuter(first);
  if (!(ts.isArrowFunction(arg) || ts.isFunctionExpression(arg) || ts.isIdentifier(arg) || ts.isPropertyAccessExpression(arg))) return false;
  return (checker.getTypeAtLocation(n).flags & (ts.TypeFlags.Any | ts.TypeFlags.Unknown)) !== 0;
}

export function create(ctx: RuleContext): RuleListeners {
  const check = (node: ts.Node): void => {
    if (!isCandidate(node)) return;
    // A name in a call's callee position, a declaration name or an assignment target is not a use of the value.
    const p = node.parent;
    if (ts.isPropertyAccessExpression(p) && p.name === node) return;
    if (ts.isCallExpression(p) && p.expression === node) return;
    const use = misuse(ctx, node); // syntactic first: type queries are the expensive part
    if (!use || !isPromiseExpression(ctx.checker, node, true)) return;
    ctx.report({ node, messageId: 'value', data: { text: snippet(ctx.sourceFile, node), use }, basis: typeBasis(ctx.checker, node), suggestion: `await ${snippet(ctx.sourceFile, node, 200)}` });
  };
  return {
    [ts.SyntaxKind.CallExpression]: check,
    [ts.SyntaxKind.Identifier]: check,
    [ts.SyntaxKind.PropertyAccessExpression]: check,
    [ts.SyntaxKind.ReturnStatement](node) {
      const ret = node as ts.ReturnStatement;
      if (!ret.expression) return;
      const expr = skipOuter(ret.expression);
      if (ts.isAwaitExpression(expr)) return;
      const fn = enclosingFunction(ret);
      if (!fn || !hasAsyncModifier(fn)) return;
      // Find the innermost try whose try block (or catch with a finally) holds this return, inside this function.
      let child: ts.Node = ret;
      for (let n = ret.parent; n && n !== fn && !isFunctionLike(n); child = n, n = n.parent) {
        if (!ts.isTryStatement(n)) continue;
        let clause: string | undefined;
        if (child === n.tryBlock) clause = n.catchClause ? 'catch' : n.finallyBlock ? 'finally' : undefined;
        else if (child === n.catchClause && n.finallyBlock) clause = 'finally';
        if (!clause) continue;
        const typed = isThenableType(ctx.checker, ctx.checker.getTypeAtLocation(expr), true);
        if (!typed && !isUntypedPromiseChain(ctx.checker, expr)) return;
        ctx.report({
          node: ret,
          messageId: 'returnInTry',
          data: { text: snippet(ctx.sourceFile, expr), clause },
          suggestion: `return await ${snippet(ctx.sourceFile, expr, 200)};`,
          confidence: typed ? 'high' : 'medium',
          basis: typed ? typeBasis(ctx.checker, expr) : { kind: 'syntax', detail: '`.then`/`.catch`/`.finally` with a callback on an untyped value' },
        });
        return;
      }
    },
  };
}
