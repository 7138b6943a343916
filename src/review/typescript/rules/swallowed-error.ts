import { ts } from 'ts-morph';
import { hasComment, hasExplainingComment, isMethodCall, isPromiseVariableHandedOn, mentionsName, skipOuter, someInSameFunction } from '../predicates.js';
import type { RuleContext, RuleListeners, RuleMeta } from '../rule.js';

export const meta: RuleMeta = {
  id: 'swallowed-error',
  description: 'An error is caught and discarded, or turned into a normal value for every possible failure.',
  severity: 'warning',
  basis: 'syntax',
  messages: {
    emptyCatch:
      'This empty `catch` discards every error, including bugs, and the caller carries on as if the work succeeded. Handle the errors you expect, and rethrow (or at least log) the rest.',
    emptyCatchCallback:
      '`.catch({{text}})` discards every rejection. Handle the failures you expect and rethrow the rest, or log them so they are visible.',
    defaultValue:
      'Every error here, bugs included, becomes the normal value `{{value}}` without being looked at or logged, so callers cannot tell failure from an empty result. Check the error (`if (isNotFound(err)) return {{value}};`) and rethrow the rest.',
    noopHandler:
      'This `{{event}}` handler does nothing, so failures vanish silently. Log the error and exit (or let Node\'s default crash-and-report happen) instead.',
  },
};

/** Literal-ish fallback values: what a catch-all returns when it pretends nothing failed. */
function fallbackValue(node: ts.Expression | undefined, checker?: ts.TypeChecker): string | undefined {
  if (!node) return 'undefined';
  const n = skipOuter(node);
  if (checker && ts.isIdentifier(n) && n.text !== 'undefined' && isConstantDefault(checker, n)) return n.text;
  if (ts.isArrayLiteralExpression(n) && n.elements.every((e) => fallbackValue(e) !== undefined)) return n.getText().slice(0, 30);
  if (ts.isObjectLiteralExpression(n) && n.properties.every((p) => (ts.isPropertyAssignment(p) && fallbackValue(p.initializer) !== undefined) || ts.isSpreadAssignment(p) && checker !== undefined && ts.isIdentifier(p.expression) && isConstantDefault(checker, p.expression))) {
    return n.getText().replace(/\s+/g, ' ').slice(0, 30);
  }
  if (
    n.kind === ts.SyntaxKind.NullKeyword || n.kind === ts.SyntaxKind.FalseKeyword || n.kind === ts.SyntaxKind.TrueKeyword ||
    ts.isNumericLiteral(n) || ts.isStringLiteral(n) || ts.isNoSubstitutionTemplateLiteral(n) ||
    (ts.isIdentifier(n) && n.text === 'undefined') ||
    (ts.isArrayLiteralExpression(n) && n.elements.length === 0) ||
    (ts.isObjectLiteralExpression(n) && n.properties.length === 0)
  ) return n.getText();
  return undefined;
}

/** A module-level constant (`DEFAULTS`, `EMPTY`): a fixed value, whatever the failure was. */
function isConstantDefault(checker: ts.TypeChecker, id: ts.Identifier): boolean {
  const decl = checker.getSymbolAtLocation(id)?.valueDeclaration;
  if (!decl || !ts.isVariableDeclaration(decl) || !decl.initializer) return false;
  const list = decl.parent;
  if (!ts.isVariableDeclarationList(list) || !(list.flags & ts.NodeFlags.Const) || !ts.isSourceFile(list.parent.parent)) return false;
  const init = skipOuter(decl.initializer);
  return ts.isObjectLiteralExpression(init) || ts.isArrayLiteralExpression(init) || ts.isLiteralExpression(init) || init.kind === ts.SyntaxKind.NullKeyword || init.kind === ts.SyntaxKind.TrueKeyword || init.kind === ts.SyntaxKind.FalseKeyword;
}

/** A block that only returns a literal, without looking at the error: `catch { return null; }`. */
function onlyReturnsFallback(block: ts.Block, checker: ts.TypeChecker): string | undefined {
  if (block.statements.length !== 1) return undefined;
  const s = block.statements[0]!;
  if (!ts.isReturnStatement(s)) return undefined;
  return fallbackValue(s.expression, checker);
}

function isEmptyFunction(fn: ts.Node): boolean {
  const n = skipOuter(fn);
  if (!(ts.isArrowFunction(n) || ts.isFunctionExpression(n))) return false;
  return ts.isBlock(n.body) && n.body.statements.length === 0;
}

export function create(ctx: RuleContext): RuleListeners {
  return {
    [ts.SyntaxKind.CatchClause](node) {
      const clause = node as ts.CatchClause;
      const block = clause.block;
      if (block.statements.length === 0) {
        if (hasComment(ctx.sourceFile, block)) return; // an explained empty catch is a decision, not an accident
        ctx.report({ node: clause, messageId: 'emptyCatch' });
        return;
      }
      const value = onlyReturnsFallback(block, ctx.checker);
      if (value === undefined || hasComment(ctx.sourceFile, block)) return;
      const v = clause.variableDeclaration?.name;
      if (v && ts.isIdentifier(v) && mentionsName(block, v.text)) return;
      // A catch-all around one parse (JSON.parse, new URL) with a fallback is the usual idiom for invalid input.
      const tryBlock = (clause.parent as ts.TryStatement).tryBlock;
      if (!someInSameFunction(tryBlock, (n) => ts.isAwaitExpression(n))) return;
      ctx.report({ node: clause, messageId: 'defaultValue', data: { value }, confidence: 'medium' });
    },
    [ts.SyntaxKind.CallExpression](node) {
      const call = node as ts.CallExpression;
      if (isMethodCall(call, ['catch']) && call.arguments.length === 1) {
        const fn = skipOuter(call.arguments[0]!);
        if (!(ts.isArrowFunction(fn) || ts.isFunctionExpression(fn))) return;
        if (hasExplainingComment(ctx.sourceFile, fn)) return;
        // `queue = next.catch(() => undefined); return next;`: the rejection still reaches whoever got `next`.
        const receiver = skipOuter((skipOuter(call.expression) as ts.PropertyAccessExpression).expression);
        if (ts.isIdentifier(receiver) && isPromiseVariableHandedOn(ctx.checker, receiver)) return;
        const text = fn.getText(ctx.sourceFile).replace(/\s+/g, ' ').slice(0, 30);
        const at = (skipOuter(call.expression) as ts.PropertyAccessExpression).name; // the line of `.catch(`
        if (isEmptyFunction(fn)) {
          ctx.report({ node: at, messageId: 'emptyCatchCallback', data: { text } });
          return;
        }
        if (!ts.isBlock(fn.body) && fn.parameters.length === 0) {
          const value = fallbackValue(fn.body, ctx.checker);
          if (value !== undefined) ctx.report({ node: at, messageId: 'defaultValue', data: { value }, confidence: 'medium' });
        }
        return;
      }
      if (isMethodCall(call, ['on', 'once', 'addListener']) && call.arguments.length === 2) {
        const ev = call.arguments[0]!;
        if (!ts.isStringLiteral(ev) || !/^(unhandledRejection|uncaughtException)$/.test(ev.text)) return;
        const handler = skipOuter(call.arguments[1]!);
        if (!(ts.isArrowFunction(handler) || ts.isFunctionExpression(handler))) return;
        const empty = isEmptyFunction(handler) || (!ts.isBlock(handler.body) && fallbackValue(handler.body) !== undefined);
        if (empty) ctx.report({ node: call, messageId: 'noopHandler', data: { event: ev.text } });
      }
    },
  };
}
