import { ts } from 'ts-morph';
import { asyncHandlesOwnFailure, calleeName, calleeReceiver, dottedName, isAsyncCallback, skipOuter } from '../predicates.js';
import { typeBasis } from '../basis.js';
import type { RuleContext, RuleListeners, RuleMeta } from '../rule.js';

export const meta: RuleMeta = {
  id: 'misused-promise',
  description: 'An async function is passed where its promise is ignored (forEach, timers, listeners, handlers) or read as a boolean.',
  severity: 'error',
  basis: 'declared-type',
  messages: {
    forEach:
      '`forEach` ignores the promise the async callback returns: the loop finishes before the work does and rejections go unhandled. Use `for (const x of xs) await ...` or `await Promise.all(xs.map(async (x) => ...))`.',
    voidCallback:
      '`{{callee}}` ignores the promise the async callback returns, so a rejection is unhandled (fatal in Node 15+){{extra}}. Wrap the body in try/catch, or call a function that handles its own errors: `() => { work().catch(report); }`.',
    predicate:
      '`{{callee}}` treats the async callback\'s promise as truthy, so every element passes. Compute the results first (`const ok = await Promise.all(xs.map(check))`), then `{{callee}}` on them.',
  },
  patternId: 'parallel-partial-failures',
};

const PREDICATES = new Set(['filter', 'some', 'every', 'find', 'findIndex', 'findLast', 'findLastIndex', 'sort', 'toSorted']);
const LISTENER = new Set(['on', 'once', 'addListener', 'prependListener', 'prependOnceListener', 'addEventListener']);
const TIMERS = new Set(['setInterval', 'setTimeout', 'setImmediate']);
const SERVER_FACTORIES = new Set(['createServer', 'createSecureServer']);
const ROUTE_METHODS = new Set(['get', 'post', 'put', 'patch', 'delete', 'all', 'use', 'head', 'options']);
const ROUTER_RECEIVER = /^(app|router|api|routes|route|server)$/;
/** Frameworks that await a handler's promise themselves (Express 5 too, but a project cannot tell us its version here). */
const PROMISE_AWARE = /['"](fastify|koa|@koa\/router|hono|@nestjs\/[\w-]+|next(\/[\w-]+)?|@hapi\/hapi|elysia|h3|itty-router)['"]/;

/** The parameter's type is a function type whose every signature returns void. */
function expectsVoidFunction(checker: ts.TypeChecker, arg: ts.Expression): boolean {
  const type = checker.getContextualType(arg);
  if (!type) return false;
  const sigs = type.isUnion() ? type.types.flatMap((t) => t.getCallSignatures()) : type.getCallSignatures();
  return sigs.length > 0 && sigs.every((s) => (s.getReturnType().flags & ts.TypeFlags.Void) !== 0);
}

export function create(ctx: RuleContext): RuleListeners {
  const text = ctx.sourceFile.text;
  const promiseAwareFramework = PROMISE_AWARE.test(text);
  const importsExpress = /['"]express['"]/.test(text);
  return {
    [ts.SyntaxKind.CallExpression](node) {
      const call = node as ts.CallExpression;
      const name = calleeName(call);
      if (!name) return;
      const recv = calleeReceiver(call);
      const report = (messageId: string, fn: ts.Node, extra = '', confidence: 'high' | 'medium' = 'high'): void => {
        ctx.report({ node: fn, messageId, data: { callee: recv ? `.${name}` : name, extra }, confidence, basis: typeBasis(ctx.checker, fn) });
      };
      if (recv && PREDICATES.has(name)) {
        const fn = call.arguments[0];
        if (fn && isAsyncCallback(ctx.checker, fn)) report('predicate', fn);
        return;
      }
      if (recv && name === 'forEach') {
        const fn = call.arguments[0];
        if (fn && isAsyncCallback(ctx.checker, fn)) report('forEach', fn);
        return;
      }
      const last = call.arguments[call.arguments.length - 1];
      const asyncLast = (): boolean => last !== undefined && isAsyncCallback(ctx.checker, last) && !asyncHandlesOwnFailure(ctx.checker, last);
      if (TIMERS.has(name) && (!recv || dottedName(recv) === 'globalThis')) {
        const fn = call.arguments[0];
        if (fn && isAsyncCallback(ctx.checker, fn) && !asyncHandlesOwnFailure(ctx.checker, fn)) report('voidCallback', fn, name === 'setInterval' ? ', and a slow run overlaps the next one' : '', name === 'setInterval' ? 'high' : 'medium');
        return;
      }
      if (recv && LISTENER.has(name) && call.arguments.length >= 2) {
        if (asyncLast()) report('voidCallback', last!, ' (the emitter does not await listeners)');
        return;
      }
      if (SERVER_FACTORIES.has(name) && recv && /^(https?|http2|net|tls)$/.test(dottedName(recv) ?? '')) {
        if (asyncLast()) report('voidCallback', last!, '; the request hangs with no response');
        return;
      }
      if (recv && ROUTE_METHODS.has(name) && !promiseAwareFramework) {
        const root = dottedName(recv);
        if (root && ROUTER_RECEIVER.test(root.split('.')[0] ?? '') && (call.arguments.length >= 2 || name === 'use')) {
          if (asyncLast()) report('voidCallback', last!, ' (Express 4 does not await handlers; the request hangs)', importsExpress ? 'high' : 'medium');
          return;
        }
      }
      // Any other typed parameter that expects a function returning void (fs.watch, stream and emitter callbacks...).
      for (const arg of call.arguments) {
        const fn = skipOuter(arg);
        if (!(ts.isArrowFunction(fn) || ts.isFunctionExpression(fn)) || !isAsyncCallback(ctx.checker, fn) || asyncHandlesOwnFailure(ctx.checker, fn)) continue;
        if (expectsVoidFunction(ctx.checker, arg)) report('voidCallback', fn);
      }
    },
  };
}
