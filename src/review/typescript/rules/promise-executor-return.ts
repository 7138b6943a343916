import { ts } from 'ts-morph';
import { calleeName, forEachInSameFunction, isPromiseExpression, mentionsName, skipOuter } from '../predicates.js';
import { typeBasis } from '../basis.js';
import type { RuleContext, RuleListeners, RuleMeta } from '../rule.js';
import { promiseExecutor } from './async-promise-executor.js';

export const meta: RuleMeta = {
  id: 'promise-executor-return',
  description: 'A value returned from a Promise executor is ignored; the author usually meant resolve(value).',
  severity: 'warning',
  basis: 'syntax',
  messages: {
    returnValue: 'The Promise executor returns `{{text}}`, and that value is ignored: the promise stays pending. Call `resolve({{text}})` instead of returning it.',
    returnPromise:
      'The Promise executor returns the promise `{{text}}`, which is ignored: its result and its rejection are lost. Return `{{text}}` directly from your function instead of wrapping it in `new Promise`.',
  },
};

/** Calls that merely schedule: `r => setTimeout(r, ms)` is the standard sleep; a timer handle is nobody's result. */
const SCHEDULING = new Set(['setTimeout', 'setImmediate', 'setInterval', 'queueMicrotask', 'nextTick']);

function settleNames(fn: ts.ArrowFunction | ts.FunctionExpression): string[] {
  return fn.parameters.flatMap((p) => (ts.isIdentifier(p.name) ? [p.name.text] : []));
}

/**
 * Returning nothing useful: `resolve(x)`/`reject(e)` as an early exit, a timer, `undefined`, a void call, or (for an
 * arrow's expression body) a call that merely hands `resolve`/`reject` on (`(r) => waiting.push(r)`).
 */
function isHarmless(ctx: RuleContext, expr: ts.Expression, settle: string[], expressionBody: boolean): boolean {
  const e = skipOuter(expr);
  if (ts.isVoidExpression(e) || (ts.isIdentifier(e) && e.text === 'undefined')) return true;
  if (ts.isBinaryExpression(e) && e.operatorToken.kind === ts.SyntaxKind.EqualsToken) return true; // capturing resolve
  if (!ts.isCallExpression(e)) return false;
  const name = calleeName(e) ?? '';
  if (settle.includes(name) || SCHEDULING.has(name)) return true;
  // An arrow's expression body that hands resolve/reject on (`(r) => waiting.push(r)`, `(r) => child.once('exit', () => r())`)
  // only wires callbacks; an explicit `return emitter.once(...)` in a block is a value handed back.
  if (expressionBody && settle.some((s) => e.arguments.some((a) => mentionsName(a, s))) && !isPromiseExpression(ctx.checker, e)) return true;
  // The type of the whole expression, casts included: `JSON.parse(t) as Manifest` is a value, untyped `db.get(...)` is unknown.
  const type = ctx.checker.getTypeAtLocation(expr);
  return (type.flags & (ts.TypeFlags.Void | ts.TypeFlags.Undefined | ts.TypeFlags.Any)) !== 0;
}

/**
 * An untyped value (`cache.get(key)` in JavaScript, a call into an unresolved import) returned before anything could
 * settle the promise: nothing before the return, nor the returned expression, mentions `resolve`/`reject`, so on this
 * path the promise stays pending whatever the value is. Returns after a listener was wired (`stream.on('end',
 * resolve); return stream.pipe(out)`) are left alone: the promise can still settle.
 */
function strandsPromise(ctx: RuleContext, executor: ts.ArrowFunction | ts.FunctionExpression, ret: ts.ReturnStatement, settle: string[]): boolean {
  const expr = ret.expression;
  if (!expr || settle.length === 0) return false;
  const e = skipOuter(expr);
  if (ts.isVoidExpression(e) || (ts.isIdentifier(e) && e.text === 'undefined')) return false;
  if (ts.isBinaryExpression(e) && e.operatorToken.kind === ts.SyntaxKind.EqualsToken) return false;
  if (ts.isCallExpression(e) && SCHEDULING.has(calleeName(e) ?? '')) return false;
  if ((ctx.checker.getTypeAtLocation(expr).flags & ts.TypeFlags.Any) === 0) return false; // typed values are judged by isHarmless
  if (settle.some((s) => mentionsName(expr, s))) return false;
  const body = executor.body;
  let wiredBefore = false;
  const walk = (n: ts.Node): void => {
    if (wiredBefore || n.getStart(ctx.sourceFile) >= ret.getStart(ctx.sourceFile)) return;
    if (ts.isIdentifier(n) && settle.includes(n.text)) wiredBefore = true;
    else ts.forEachChild(n, walk);
  };
  walk(body);
  return !wiredBefore;
}

export function create(ctx: RuleContext): RuleListeners {
  const report = (expr: ts.Expression): void => {
    const text = expr.getText(ctx.sourceFile).replace(/\s+/g, ' ').slice(0, 50);
    if (isPromiseExpression(ctx.checker, expr)) ctx.report({ node: expr, messageId: 'returnPromise', data: { text }, basis: typeBasis(ctx.checker, expr), severity: 'error' });
    else ctx.report({ node: expr, messageId: 'returnValue', data: { text } });
  };
  return {
    [ts.SyntaxKind.NewExpression](node) {
      const executor = promiseExecutor(node);
      if (!executor || !(ts.isArrowFunction(executor) || ts.isFunctionExpression(executor))) return;
      const settle = settleNames(executor);
      const body = executor.body;
      if (!ts.isBlock(body)) {
        if (!isHarmless(ctx, body, settle, true)) report(body);
        return;
      }
      forEachInSameFunction(body, (n) => {
        if (!ts.isReturnStatement(n) || !n.expression) return;
        if (!isHarmless(ctx, n.expression, settle, false) || strandsPromise(ctx, executor, n, settle)) report(n.expression);
      });
    },
  };
}
