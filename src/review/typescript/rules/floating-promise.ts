import { ts } from 'ts-morph';
import { isMethodCall, isPromiseExpression, isThenableType, skipOuter, snippet, enclosingFunction } from '../predicates.js';
import { typeBasis } from '../basis.js';
import type { RuleContext, RuleListeners, RuleMeta } from '../rule.js';

export const meta: RuleMeta = {
  id: 'floating-promise',
  description: 'A promise is created and dropped: nobody awaits it, returns it or handles its rejection.',
  severity: 'error',
  basis: 'declared-type',
  messages: {
    floating:
      'The promise from `{{text}}` is dropped: nothing awaits it, returns it or handles its rejection, so a failure becomes an unhandled rejection (fatal in Node 15+). Await it, return it, add `.catch(...)`, or mark deliberate fire-and-forget with `void`.',
    floatingArray:
      'The promises in `{{text}}` are dropped: nothing waits for them and their rejections go unhandled. Wrap the array in `await Promise.all(...)` (or `Promise.allSettled`).',
  },
  patternId: 'parallel-partial-failures',
};

/** `.then/.catch/.finally` callbacks belong to broken-promise-chain; chains with `.then` to then-without-catch. */
function isChainCallback(fn: ts.Node | undefined): boolean {
  const p = fn?.parent;
  return p !== undefined && isMethodCall(p, ['then', 'catch', 'finally']) && p.arguments.some((a) => a === fn);
}

function chainHasThen(node: ts.Node): boolean {
  let n = skipOuter(node);
  while (ts.isCallExpression(n)) {
    const e = skipOuter(n.expression);
    if (!ts.isPropertyAccessExpression(e)) return false;
    if (e.name.text === 'then') return true;
    n = skipOuter(e.expression);
  }
  return false;
}

/** The chain ends in a rejection handler: `.catch(h)` or `.then(f, h)`. */
function endsHandled(node: ts.Node): boolean {
  const n = skipOuter(node);
  if (isMethodCall(n, ['catch'])) return n.arguments.length > 0;
  if (isMethodCall(n, ['then'])) return n.arguments.length > 1;
  return false;
}

function isArrayOfPromises(ctx: RuleContext, node: ts.Node): boolean {
  const type = ctx.checker.getTypeAtLocation(node);
  if (!ctx.checker.isArrayType(type) && !ctx.checker.isTupleType(type)) return false;
  const args = ctx.checker.getTypeArguments(type as ts.TypeReference);
  return args.length > 0 && args.every((t) => isThenableType(ctx.checker, t));
}

export function create(ctx: RuleContext): RuleListeners {
  return {
    [ts.SyntaxKind.ExpressionStatement](node) {
      const stmt = node as ts.ExpressionStatement;
      const expr = skipOuter(stmt.expression);
      if (ts.isVoidExpression(expr) || ts.isAwaitExpression(expr) || ts.isYieldExpression(expr)) return;
      if (ts.isBinaryExpression(expr) && expr.operatorToken.kind >= ts.SyntaxKind.FirstAssignment && expr.operatorToken.kind <= ts.SyntaxKind.LastAssignment) return;
      if (!(ts.isCallExpression(expr) || ts.isNewExpression(expr) || ts.isConditionalExpression(expr) || ts.isBinaryExpression(expr))) return;
      if (isChainCallback(enclosingFunction(stmt))) return;
      if (ts.isCallExpression(expr)) {
        if (endsHandled(expr)) return;
        if (chainHasThen(expr)) return;
      }
      if (isPromiseExpression(ctx.checker, expr)) {
        ctx.report({ node: expr, messageId: 'floating', data: { text: snippet(ctx.sourceFile, expr) }, basis: typeBasis(ctx.checker, expr), suggestion: `await ${snippet(ctx.sourceFile, expr, 200)};` });
      } else if (ts.isCallExpression(expr) && isArrayOfPromises(ctx, expr)) {
        ctx.report({ node: expr, messageId: 'floatingArray', data: { text: snippet(ctx.sourceFile, expr) }, basis: typeBasis(ctx.checker, expr), suggestion: `await Promise.all(${snippet(ctx.sourceFile, expr, 200)});` });
      }
    },
  };
}
