import { ts } from 'ts-morph';
import { bodyIsTryCatch, hasAsyncModifier, isFunctionLike, isMethodCall, isPromiseExpression, isThenableType, skipOuter, snippet, enclosingFunction } from '../predicates.js';
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
  let n = skipOuter(node);
  // `.catch(h).finally(f)`: the cleanup after a handler does not undo the handling.
  while (isMethodCall(n, ['finally'])) n = skipOuter((n.expression as ts.PropertyAccessExpression).expression);
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

/**
 * Deliberate fire-and-forget that cannot reject unhandled: an async function (an IIFE or a declared one we can read)
 * whose whole body is a try/catch; a call that hands failures to a node-style callback (`f(opts, (err, data) => ...)`:
 * callback overloads deliver the error there); a call that returns one of its own arguments
 * (`Object.defineProperties(p, ...)`: the promise is the caller's, held elsewhere).
 */
function handlesOwnFailure(ctx: RuleContext, call: ts.CallExpression): boolean {
  const callee = skipOuter(call.expression);
  if ((ts.isArrowFunction(callee) || ts.isFunctionExpression(callee)) && bodyIsTryCatch(callee)) return true;
  const decl = ctx.checker.getResolvedSignature(call)?.getDeclaration();
  if (decl && !decl.getSourceFile().isDeclarationFile && hasAsyncModifier(decl) && (bodyIsTryCatch(decl) || awaitsOnlyInsideTry(ctx, decl, 0))) return true;
  const last = call.arguments[call.arguments.length - 1];
  const fn = last && skipOuter(last);
  if (fn && (ts.isArrowFunction(fn) || ts.isFunctionExpression(fn)) && fn.parameters.length >= 1) {
    const first = fn.parameters[0]!.name;
    if (ts.isIdentifier(first) && /^(err|error|e|er|ex)$/i.test(first.text)) return true;
  }
  const type = ctx.checker.getTypeAtLocation(call);
  // A chainable method of a promise subtype (`p.on(...)` returning `this`) hands back the promise its receiver holds.
  const receiver = ts.isPropertyAccessExpression(callee) ? skipOuter(callee.expression) : undefined;
  if (receiver && (ts.isIdentifier(receiver) || ts.isPropertyAccessExpression(receiver) || receiver.kind === ts.SyntaxKind.ThisKeyword) && ctx.checker.getTypeAtLocation(receiver) === type) return true;
  return call.arguments.some((a) => {
    const arg = skipOuter(a);
    return (ts.isIdentifier(arg) || ts.isPropertyAccessExpression(arg)) && ctx.checker.getTypeAtLocation(arg) === type;
  });
}

/**
 * An async function we can read that cannot reject from an awaited failure: every `await` (and `for await`) of its
 * own body sits in a `try` whose `catch` does not throw, nothing is thrown or returned-from-a-call outside such a try,
 * and it either has such a try or only starts other functions of this kind (`if (off) return; try { await x; }
 * catch {} cleanup();`). Like a body that is one try/catch, only a synchronous bug can still reject it.
 */
function awaitsOnlyInsideTry(ctx: RuleContext, decl: ts.SignatureDeclaration, depth: number): boolean {
  const fn = skipOuter(decl);
  if (!(ts.isArrowFunction(fn) || ts.isFunctionExpression(fn) || ts.isFunctionDeclaration(fn) || ts.isMethodDeclaration(fn))) return false;
  if (fn.asteriskToken || !fn.body || !ts.isBlock(fn.body) || !hasAsyncModifier(fn)) return false;
  let guarded = false;
  let unsafe = false;
  const walk = (n: ts.Node, insideTry: boolean): void => {
    if (unsafe || (n !== fn.body && isFunctionLike(n))) return;
    if (ts.isTryStatement(n) && n.catchClause) {
      if (someThrow(n.catchClause.block) || (n.finallyBlock && (someAwaitOrThrow(n.finallyBlock)))) { unsafe = true; return; }
      guarded = true;
      walk(n.tryBlock, true);
      return;
    }
    if (!insideTry) {
      if (ts.isAwaitExpression(n) || ts.isThrowStatement(n) || (ts.isForOfStatement(n) && n.awaitModifier)) { unsafe = true; return; }
      if (ts.isReturnStatement(n) && n.expression && !ts.isIdentifier(skipOuter(n.expression)) && !ts.isLiteralExpression(skipOuter(n.expression))) { unsafe = true; return; }
      if (ts.isExpressionStatement(n) && ts.isCallExpression(skipOuter(n.expression)) && depth < 2) {
        const inner = ctx.checker.getResolvedSignature(skipOuter(n.expression) as ts.CallExpression)?.getDeclaration();
        if (inner && !inner.getSourceFile().isDeclarationFile && hasAsyncModifier(inner) && (bodyIsTryCatch(inner) || awaitsOnlyInsideTry(ctx, inner, depth + 1))) guarded = true;
      }
    }
    ts.forEachChild(n, (c) => walk(c, insideTry));
  };
  walk(fn.body, false);
  return guarded && !unsafe;
}

function someThrow(block: ts.Node): boolean {
  let found = false;
  const walk = (n: ts.Node): void => {
    if (found || isFunctionLike(n)) return;
    if (ts.isThrowStatement(n)) found = true;
    else ts.forEachChild(n, walk);
  };
  ts.forEachChild(block, walk);
  return found;
}

function someAwaitOrThrow(block: ts.Node): boolean {
  let found = false;
  const walk = (n: ts.Node): void => {
    if (found || isFunctionLike(n)) return;
    if (ts.isThrowStatement(n) || ts.isAwaitExpression(n)) found = true;
    else ts.forEachChild(n, walk);
  };
  ts.forEachChild(block, walk);
  return found;
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
        if (handlesOwnFailure(ctx, expr)) return;
      }
      if (isPromiseExpression(ctx.checker, expr)) {
        ctx.report({ node: expr, messageId: 'floating', data: { text: snippet(ctx.sourceFile, expr) }, basis: typeBasis(ctx.checker, expr), suggestion: `await ${snippet(ctx.sourceFile, expr, 200)};` });
      } else if (ts.isCallExpression(expr) && isArrayOfPromises(ctx, expr)) {
        ctx.report({ node: expr, messageId: 'floatingArray', data: { text: snippet(ctx.sourceFile, expr) }, basis: typeBasis(ctx.checker, expr), suggestion: `await Promise.all(${snippet(ctx.sourceFile, expr, 200)});` });
      }
    },
  };
}
