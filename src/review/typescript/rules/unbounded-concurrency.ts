import { ts } from 'ts-morph';
import { calleeName, calleeReceiver, forEachInSameFunction, isFunctionLike, promiseCombinator, skipOuter, someInSameFunction } from '../predicates.js';
import type { RuleContext, RuleListeners, RuleMeta } from '../rule.js';

export const meta: RuleMeta = {
  id: 'unbounded-concurrency',
  description: 'Promise.all/allSettled/any/race over a data-sized collection starts every operation at once.',
  severity: 'warning',
  basis: 'syntax',
  messages: {
    unbounded:
      '`Promise.{{combinator}}` starts one operation per element of `{{collection}}` all at once; its size comes from data, so a large input opens that many connections or files together. Cap it with a limiter (a small worker pool or p-limit) or process it in fixed-size batches.',
  },
  patternId: 'bounded-concurrency',
};

/** Names that say a limiter or a bounded slice is in play. */
const LIMITER = /(limit|throttle|semaphore|queue|pool|mutex|acquire|schedule|bottleneck|pMap|mapLimit|concurren)/i;
const BOUNDED_NAME = /(batch|chunk|slice|window|group|page|pair|first|top|few)/i;

/** Array literals, tuples and `.slice(a, b)` have a size fixed by the code, not by data. */
function isKnownSmall(ctx: RuleContext, node: ts.Node): boolean {
  const n = skipOuter(node);
  if (ts.isArrayLiteralExpression(n)) return !n.elements.some((e) => ts.isSpreadElement(e));
  if (ctx.checker.isTupleType(ctx.checker.getTypeAtLocation(n))) return true;
  if (ts.isCallExpression(n)) {
    const name = calleeName(n);
    if (name === 'slice' && n.arguments.length === 2) return true;
    if (name === 'keys' || name === 'values' || name === 'entries') {
      const arg = n.arguments[0];
      const recv = calleeReceiver(n);
      if (arg && recv && ts.isIdentifier(recv) && recv.text === 'Object') return isKnownSmall(ctx, arg) || isLiteralObjectName(ctx, arg);
    }
    if (name === 'from' && n.arguments[0] && ts.isObjectLiteralExpression(skipOuter(n.arguments[0]))) return true; // Array.from({ length: 4 })
  }
  if (ts.isObjectLiteralExpression(n)) return true;
  if (ts.isIdentifier(n)) {
    if (BOUNDED_NAME.test(n.text)) return true;
    const decl = ctx.checker.getSymbolAtLocation(n)?.valueDeclaration;
    if (decl && ts.isVariableDeclaration(decl) && decl.initializer && isConstDeclaration(decl)) return isKnownSmall(ctx, decl.initializer);
    if (decl && (ts.isVariableDeclaration(decl) || ts.isParameter(decl)) && isLoopVariable(decl)) return true; // one batch of an outer loop
  }
  if (ts.isPropertyAccessExpression(n) && BOUNDED_NAME.test(n.name.text)) return true;
  return false;
}

function hasGenericElements(ctx: RuleContext, node: ts.Node): boolean {
  // The declared type: narrowing such as Array.isArray(x) turns the element type into any.
  const n = skipOuter(node);
  const sym = ts.isIdentifier(n) ? ctx.checker.getSymbolAtLocation(n) : undefined;
  const decl = sym?.valueDeclaration;
  const type = sym && decl ? ctx.checker.getTypeOfSymbolAtLocation(sym, decl) : ctx.checker.getTypeAtLocation(n);
  const element = type.getNumberIndexType();
  return element !== undefined && (element.flags & ts.TypeFlags.TypeParameter) !== 0;
}

function isLiteralObjectName(ctx: RuleContext, node: ts.Node): boolean {
  const n = skipOuter(node);
  if (!ts.isIdentifier(n)) return false;
  const decl = ctx.checker.getSymbolAtLocation(n)?.valueDeclaration;
  return decl !== undefined && ts.isVariableDeclaration(decl) && decl.initializer !== undefined && ts.isObjectLiteralExpression(skipOuter(decl.initializer));
}

function isConstDeclaration(decl: ts.VariableDeclaration): boolean {
  return ts.isVariableDeclarationList(decl.parent) && (decl.parent.flags & ts.NodeFlags.Const) !== 0;
}

function isLoopVariable(decl: ts.Node): boolean {
  const list = decl.parent;
  return ts.isVariableDeclarationList(list) && (ts.isForOfStatement(list.parent) || ts.isForInStatement(list.parent));
}

/** The mapped collection of `xs.map(fn)` / `Array.from(xs, fn)`, with the callback. */
function mappedCollection(node: ts.Node): { collection: ts.Expression; callback: ts.Node | undefined } | undefined {
  const n = skipOuter(node);
  if (!ts.isCallExpression(n)) return undefined;
  const name = calleeName(n);
  const recv = calleeReceiver(n);
  if ((name === 'map' || name === 'flatMap') && recv) return { collection: recv, callback: n.arguments[0] };
  if (name === 'from' && recv && ts.isIdentifier(recv) && recv.text === 'Array' && n.arguments.length === 2 && n.arguments[0]) return { collection: n.arguments[0], callback: n.arguments[1] };
  return undefined;
}

/**
 * The mapped work goes through a limiter: a call named like one, or a call handed a thunk
 * (`run(() => check(u))`, `queue.add(() => ...)`): scheduling wrappers take work as a function.
 */
function usesLimiter(node: ts.Node | undefined): boolean {
  if (!node) return false;
  let hit = false;
  const walk = (n: ts.Node): void => {
    if (hit) return;
    if (ts.isCallExpression(n) && (LIMITER.test(n.expression.getText()) || (n.arguments.some((a) => isThunk(a)) && !NOT_A_LIMITER.test(n.expression.getText())))) hit = true;
    else ts.forEachChild(n, walk);
  };
  const start = skipOuter(node);
  // The callback itself is the map's argument: look inside its body, not at the callback as an argument.
  if (ts.isArrowFunction(start) || ts.isFunctionExpression(start)) walk(start.body);
  else walk(start);
  return hit;
}

/** Wrappers that take a thunk but do not limit concurrency. */
const NOT_A_LIMITER = /(retry|retries|attempt|backoff|timeout|deadline|measure|timed|trace|span|log|cache|memo|once)/i;

function isThunk(node: ts.Node): boolean {
  const n = skipOuter(node);
  return (ts.isArrowFunction(n) || ts.isFunctionExpression(n)) && n.parameters.length === 0;
}

/** A parameter of a generic function (`race<T>(attempts: Attempt<T>[])`): the caller sees the real collection. */
function isGenericHelperParameter(ctx: RuleContext, node: ts.Node): boolean {
  const n = skipOuter(node);
  if (!ts.isIdentifier(n)) return false;
  const decl = ctx.checker.getSymbolAtLocation(n)?.valueDeclaration;
  if (!decl || !ts.isParameter(decl)) return false;
  const fn = decl.parent;
  return (fn.typeParameters?.length ?? 0) > 0;
}

/** `const ps = []; for (const x of xs) ps.push(work(x)); await Promise.all(ps)`: the pushing loop's collection. */
function pushedFromLoop(ctx: RuleContext, id: ts.Identifier, scope: ts.Node): { collection: ts.Expression; callback: ts.Node } | undefined {
  const sym = ctx.checker.getSymbolAtLocation(id);
  if (!sym) return undefined;
  let found: { collection: ts.Expression; callback: ts.Node } | undefined;
  forEachInSameFunction(scope, (n) => {
    if (found || !ts.isCallExpression(n) || calleeName(n) !== 'push') return;
    const recv = calleeReceiver(n);
    if (!recv || !ts.isIdentifier(recv) || ctx.checker.getSymbolAtLocation(recv) !== sym) return;
    for (let p: ts.Node | undefined = n.parent; p && p !== scope && !isFunctionLike(p); p = p.parent) {
      if (ts.isForOfStatement(p) && !p.awaitModifier) {
        found = { collection: p.expression, callback: n };
        return;
      }
      if (ts.isForStatement(p) || ts.isWhileStatement(p)) return; // counted loops have a visible bound
    }
  });
  return found;
}

export function create(ctx: RuleContext): RuleListeners {
  return {
    [ts.SyntaxKind.CallExpression](node) {
      const combinator = promiseCombinator(node);
      if (!combinator) return;
      const arg = (node as ts.CallExpression).arguments[0];
      if (!arg) return;
      let mapped = mappedCollection(arg);
      const a = skipOuter(arg);
      if (!mapped && ts.isIdentifier(a)) {
        const decl = ctx.checker.getSymbolAtLocation(a)?.valueDeclaration;
        if (decl && ts.isVariableDeclaration(decl) && decl.initializer) {
          mapped = mappedCollection(decl.initializer);
          if (!mapped && ts.isArrayLiteralExpression(skipOuter(decl.initializer)) && (skipOuter(decl.initializer) as ts.ArrayLiteralExpression).elements.length === 0) {
            const fn = (() => { for (let p: ts.Node | undefined = node.parent; p; p = p.parent) if (isFunctionLike(p) || ts.isSourceFile(p)) return p; return undefined; })();
            if (fn) mapped = pushedFromLoop(ctx, a, fn);
          }
        }
      }
      if (!mapped) return;
      if (isKnownSmall(ctx, mapped.collection)) return;
      // A generic helper (`settleAll<I>(inputs: I[])`) leaves the bound to its callers, who see the real collection.
      if (hasGenericElements(ctx, mapped.collection) || isGenericHelperParameter(ctx, mapped.collection)) return;
      if (usesLimiter(mapped.callback)) return;
      // A limiter wrapped around the whole map (`limit(() => ...)` inside) or a chunked outer loop is covered above.
      if (someInSameFunction(node, (n) => ts.isCallExpression(n) && LIMITER.test(calleeName(n) ?? ''))) return;
      ctx.report({
        node,
        messageId: 'unbounded',
        data: { combinator, collection: mapped.collection.getText(ctx.sourceFile).replace(/\s+/g, ' ').slice(0, 50) },
        confidence: 'medium',
      });
    },
  };
}
