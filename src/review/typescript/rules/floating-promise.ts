import { ts } from 'ts-morph';
import { callHandlesOwnFailure, declarationOf, isFromNodeModule, isFunctionValueCall, isMethodCall, isPromiseExpression, isThenableType, returnsReceiverPromise, skipOuter, snippet, enclosingFunction } from '../predicates.js';
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
 * that handles its own failure (predicates `asyncHandlesOwnFailure`); a library call documented never to reject; a
 * call that hands failures to a node-style callback (`f(opts, (err, data) => ...)`, or a value typed as one:
 * callback overloads deliver the error there); a call that returns one of its own arguments
 * (`Object.defineProperties(p, ...)`: the promise is the caller's, held elsewhere).
 */
function handlesOwnFailure(ctx: RuleContext, call: ts.CallExpression): boolean {
  const callee = skipOuter(call.expression);
  if (callHandlesOwnFailure(ctx.checker, call)) return true;
  if (neverRejects(ctx, call)) return true;
  const last = call.arguments[call.arguments.length - 1];
  if (last && isErrorFirstCallback(ctx, last)) return true;
  const type = ctx.checker.getTypeAtLocation(call);
  // A chainable method of a promise subtype (`p.on(...)` returning `this`) hands back the promise its receiver holds.
  const receiver = ts.isPropertyAccessExpression(callee) ? skipOuter(callee.expression) : undefined;
  if (receiver && (ts.isIdentifier(receiver) || ts.isPropertyAccessExpression(receiver) || receiver.kind === ts.SyntaxKind.ThisKeyword) && ctx.checker.getTypeAtLocation(receiver) === type) return true;
  return call.arguments.some((a) => {
    const arg = skipOuter(a);
    return (ts.isIdentifier(arg) || ts.isPropertyAccessExpression(arg)) && ctx.checker.getTypeAtLocation(arg) === type;
  });
}

const ERROR_PARAM = /^(err|error|e|er|ex)$/i;

/** A node-style callback: a function literal, or a value whose declared type is a function, whose first parameter is the error. */
function isErrorFirstCallback(ctx: RuleContext, arg: ts.Node): boolean {
  const fn = skipOuter(arg);
  if (ts.isArrowFunction(fn) || ts.isFunctionExpression(fn)) {
    const first = fn.parameters[0]?.name;
    return first !== undefined && ts.isIdentifier(first) && ERROR_PARAM.test(first.text);
  }
  // `cmd(args, timeout((err, res) => ..., ms))`: a wrapper typed as the callback it returns.
  const sigs = ctx.checker.getTypeAtLocation(fn).getCallSignatures();
  return sigs.length > 0 && sigs.every((s) => s.parameters.length > 0 && ERROR_PARAM.test(s.parameters[0]!.getName()));
}

/**
 * Library promises that settle only by fulfilling. Node's `Worker#terminate()` (worker_threads) "returns a Promise for
 * the exit code that is fulfilled when the 'exit' event is emitted" (Node docs, worker_threads, since v12.5.0): it has
 * no rejection path, so dropping it loses no failure.
 */
function neverRejects(ctx: RuleContext, call: ts.CallExpression): boolean {
  const callee = skipOuter(call.expression);
  if (!ts.isPropertyAccessExpression(callee) || callee.name.text !== 'terminate') return false;
  if (!isFromNodeModule(ctx.checker, callee.name, ['worker_threads'])) return false;
  const decl = declarationOf(ctx.checker, callee.name);
  const owner = decl?.parent;
  return owner !== undefined && (ts.isClassDeclaration(owner) || ts.isInterfaceDeclaration(owner)) && owner.name?.text === 'Worker';
}

/** A union that has a `void` member besides its thenables: the declaration allows a plain (sync) return. */
function mayBeNoPromise(type: ts.Type): boolean {
  return type.isUnion() && type.types.some((t) => (t.flags & ts.TypeFlags.Void) !== 0);
}

/**
 * The part of a statement's expression whose promise is dropped, if any. Every operand whose value the statement
 * throws away is looked at: both sides of a comma (`a(), b()`), both branches of a conditional, the right side of
 * `&&` / `||` / `??` (`cache?.flush() ?? save()`; the left side is read as a condition, missing-await's case),
 * the call itself otherwise (an optional call `obj?.save()` included).
 */
function droppedPromise(ctx: RuleContext, node: ts.Node): ts.Expression | undefined {
  const expr = skipOuter(node) as ts.Expression;
  if (ts.isVoidExpression(expr) || ts.isAwaitExpression(expr) || ts.isYieldExpression(expr)) return undefined;
  if (ts.isBinaryExpression(expr)) {
    const op = expr.operatorToken.kind;
    if (op >= ts.SyntaxKind.FirstAssignment && op <= ts.SyntaxKind.LastAssignment) return undefined;
    if (op === ts.SyntaxKind.CommaToken) return droppedPromise(ctx, expr.left) ?? droppedPromise(ctx, expr.right);
    if (op === ts.SyntaxKind.AmpersandAmpersandToken || op === ts.SyntaxKind.BarBarToken || op === ts.SyntaxKind.QuestionQuestionToken) return droppedPromise(ctx, expr.right);
    return undefined;
  }
  if (ts.isConditionalExpression(expr)) return droppedPromise(ctx, expr.whenTrue) ?? droppedPromise(ctx, expr.whenFalse);
  if (!(ts.isCallExpression(expr) || ts.isNewExpression(expr))) return undefined;
  if (ts.isCallExpression(expr)) {
    if (endsHandled(expr)) return undefined;
    if (chainHasThen(expr)) return undefined; // then-without-catch judges `.then` chains
    if (handlesOwnFailure(ctx, expr)) return undefined;
  }
  if (isPromiseExpression(ctx.checker, expr) || (ts.isCallExpression(expr) && isArrayOfPromises(ctx, expr))) return expr;
  return undefined;
}

export function create(ctx: RuleContext): RuleListeners {
  return {
    [ts.SyntaxKind.ExpressionStatement](node) {
      const stmt = node as ts.ExpressionStatement;
      const whole = skipOuter(stmt.expression);
      if (isChainCallback(enclosingFunction(stmt))) return;
      const expr = droppedPromise(ctx, whole);
      if (!expr) return;
      if (isPromiseExpression(ctx.checker, expr)) {
        // `void | Promise<void>` declares that the value may not be a promise at all (a sync or async
        // implementation): likely dropped, not surely. A promise the object keeps and hands to every caller
        // (`return this.promise`): its other holders may handle it (predicates `returnsReceiverPromise`). A function
        // value (a parameter, a job taken from a queue, a callback property) may be one that handles its own
        // failure: we cannot read it to exempt it.
        const maybe =
          mayBeNoPromise(ctx.checker.getTypeAtLocation(expr)) ||
          (ts.isCallExpression(expr) && (returnsReceiverPromise(ctx.checker, expr) || isFunctionValueCall(ctx.checker, expr)));
        ctx.report({ node: whole, messageId: 'floating', data: { text: snippet(ctx.sourceFile, expr) }, basis: typeBasis(ctx.checker, expr), suggestion: `await ${snippet(ctx.sourceFile, expr, 200)};`, ...(maybe ? { severity: 'warning' as const, confidence: 'medium' as const } : {}) });
      } else {
        ctx.report({ node: whole, messageId: 'floatingArray', data: { text: snippet(ctx.sourceFile, expr) }, basis: typeBasis(ctx.checker, expr), suggestion: `await Promise.all(${snippet(ctx.sourceFile, expr, 200)});` });
      }
    },
  };
}
