import { ts } from 'ts-morph';
import { asyncHandlesOwnFailure, callHandlesOwnFailure, declarationOf, enclosingFunction, isFunctionLike, isMethodCall, isThenableType, skipOuter } from '../predicates.js';
import { typeBasis } from '../basis.js';
import { isPromiseExpression } from '../predicates.js';
import type { RuleContext, RuleListeners, RuleMeta } from '../rule.js';

export const meta: RuleMeta = {
  id: 'then-without-catch',
  description: 'A .then chain that is neither returned nor awaited has no rejection handler.',
  severity: 'error',
  basis: 'declared-type',
  messages: {
    noCatch:
      'This `.then` chain is neither returned nor awaited and has no rejection handler, so a failure anywhere in it is an unhandled rejection. End it with `.catch((err) => ...)` or `await` it inside try/catch.',
  },
  patternId: 'parallel-partial-failures',
};

interface Link {
  name: string;
  args: number;
}

/** The method calls of a chain, outermost first: `a.then(f).finally(g)` -> finally, then. */
/** The value the chain starts from: `a.then(f).finally(g)` -> `a`. */
function chainRoot(expr: ts.Node): ts.Node {
  let n = skipOuter(expr);
  while (ts.isCallExpression(n)) {
    const e = skipOuter(n.expression);
    if (!ts.isPropertyAccessExpression(e)) break;
    n = skipOuter(e.expression);
  }
  return n;
}

function chainLinks(expr: ts.Node): Link[] | undefined {
  const links: Link[] = [];
  let n = skipOuter(expr);
  while (ts.isCallExpression(n)) {
    const e = skipOuter(n.expression);
    if (!ts.isPropertyAccessExpression(e)) break;
    links.push({ name: e.name.text, args: n.arguments.length });
    n = skipOuter(e.expression);
  }
  return links.length > 0 ? links : undefined;
}

/** The promise a chain starts from cannot reject: a call of a function that handles its own failure, or a const holding one. */
function rootCannotReject(ctx: RuleContext, root: ts.Node): boolean {
  const r = skipOuter(root);
  if (ts.isCallExpression(r)) return callHandlesOwnFailure(ctx.checker, r);
  if (!ts.isIdentifier(r)) return false;
  const decl = declarationOf(ctx.checker, r);
  if (!decl || !ts.isVariableDeclaration(decl) || !decl.initializer) return false;
  const list = decl.parent;
  if (!ts.isVariableDeclarationList(list) || !(list.flags & ts.NodeFlags.Const)) return false;
  const init = skipOuter(decl.initializer);
  return ts.isCallExpression(init) && callHandlesOwnFailure(ctx.checker, init);
}

function hasThrow(body: ts.Node): boolean {
  let found = false;
  const walk = (n: ts.Node): void => {
    if (found || isFunctionLike(n)) return;
    if (ts.isThrowStatement(n)) found = true;
    else ts.forEachChild(n, walk);
  };
  ts.forEachChild(body, walk);
  return found;
}

/** `new Promise((resolve) => ...)` whose executor takes no reject and throws nothing: it never rejects. */
function isRejectFreePromise(n: ts.Node): boolean {
  const e = skipOuter(n);
  if (!ts.isNewExpression(e) || !ts.isIdentifier(e.expression) || e.expression.text !== 'Promise') return false;
  const exec = e.arguments?.[0] && skipOuter(e.arguments[0]);
  return exec !== undefined && (ts.isArrowFunction(exec) || ts.isFunctionExpression(exec)) && exec.parameters.length < 2 && !hasThrow(exec);
}

/**
 * A `.then`/`.finally` callback that adds no failure of its own: a function literal that throws nothing and returns
 * no promise that could reject (or is async and handles its own failure), or the `resolve` of a Promise executor.
 */
function callbackCannotReject(ctx: RuleContext, arg: ts.Node): boolean {
  const fn = skipOuter(arg);
  if (ts.isIdentifier(fn)) {
    const decl = declarationOf(ctx.checker, fn);
    const exec = decl && ts.isParameter(decl) ? decl.parent : undefined;
    const made = exec && (ts.isArrowFunction(exec) || ts.isFunctionExpression(exec)) ? skipOuter(exec.parent) : undefined;
    return made !== undefined && ts.isNewExpression(made) && ts.isIdentifier(made.expression) && made.expression.text === 'Promise' && exec!.parameters[0] === decl;
  }
  if (!(ts.isArrowFunction(fn) || ts.isFunctionExpression(fn))) return false;
  if (fn.modifiers?.some((m) => m.kind === ts.SyntaxKind.AsyncKeyword)) return asyncHandlesOwnFailure(ctx.checker, fn);
  if (!ts.isBlock(fn.body)) return isRejectFreePromise(fn.body) || !mayBePromise(ctx, fn.body);
  if (hasThrow(fn.body)) return false;
  let ok = true;
  const walk = (n: ts.Node): void => {
    if (!ok || isFunctionLike(n)) return;
    if (ts.isReturnStatement(n) && n.expression && !isRejectFreePromise(n.expression) && mayBePromise(ctx, n.expression)) ok = false;
    else ts.forEachChild(n, walk);
  };
  ts.forEachChild(fn.body, walk);
  return ok;
}

/** An untyped value might be a promise: only a known type without `then` is safe. */
function mayBePromise(ctx: RuleContext, n: ts.Node): boolean {
  const type = ctx.checker.getTypeAtLocation(n);
  return (type.flags & (ts.TypeFlags.Any | ts.TypeFlags.Unknown)) !== 0 || isThenableType(ctx.checker, type);
}

/** Every link of the chain is a `.then`/`.finally` whose callbacks add no failure of their own. */
function linksCannotReject(ctx: RuleContext, expr: ts.Node): boolean {
  let n = skipOuter(expr);
  while (ts.isCallExpression(n)) {
    const e = skipOuter(n.expression);
    if (!ts.isPropertyAccessExpression(e)) break;
    if (!n.arguments.every((a) => callbackCannotReject(ctx, a))) return false;
    n = skipOuter(e.expression);
  }
  return true;
}

export function create(ctx: RuleContext): RuleListeners {
  return {
    [ts.SyntaxKind.ExpressionStatement](node) {
      const expr = skipOuter((node as ts.ExpressionStatement).expression);
      if (!ts.isCallExpression(expr)) return;
      const links = chainLinks(expr);
      if (!links) return;
      const fn = enclosingFunction(node);
      if (fn?.parent && isMethodCall(fn.parent, ['then', 'catch', 'finally'])) return; // broken-promise-chain reports it
      // Walk from the outermost call inwards: a handler seen before any .then covers everything inside it.
      let thenIndex = -1;
      for (let i = 0; i < links.length; i++) {
        const l = links[i]!;
        if ((l.name === 'catch' && l.args > 0) || (l.name === 'then' && l.args > 1)) return;
        if (l.name === 'then') {
          thenIndex = i;
          break;
        }
        if (l.name !== 'finally') return; // a non-promise method ends the chain: not ours to judge
      }
      if (thenIndex < 0) return;
      const type = ctx.checker.getTypeAtLocation(expr);
      if (type.flags & ts.TypeFlags.Void) return;
      // A root of declared promise type makes it sure; an untyped `.then` chain is only shaped like one.
      const root = chainRoot(expr);
      // Nothing in the chain can reject: the root handles its own failure and no callback adds one.
      if (rootCannotReject(ctx, root) && linksCannotReject(ctx, expr)) return;
      const basis = isPromiseExpression(ctx.checker, root) ? typeBasis(ctx.checker, root) : { kind: 'syntax' as const, detail: 'a `.then` chain on a value of unknown type' };
      ctx.report({ node: expr, messageId: 'noCatch', basis, suggestion: '.catch((err) => { /* report or recover */ })' });
    },
  };
}
