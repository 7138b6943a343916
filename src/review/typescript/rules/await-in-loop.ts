import { ts } from 'ts-morph';
import { calleeName, calleeReceiver, enclosingLoop, forEachInSameFunction, isThenableType, promiseCombinator, skipOuter, someInSameFunction } from '../predicates.js';
import type { RuleContext, RuleListeners, RuleMeta } from '../rule.js';

export const meta: RuleMeta = {
  id: 'await-in-loop',
  description: 'Independent awaits run one per iteration where they could run together.',
  severity: 'warning',
  basis: 'syntax',
  messages: {
    sequential:
      'Each iteration waits for `{{text}}` before the next one starts, yet the iterations do not depend on each other. Start them together: `await Promise.all(items.map(async (item) => ...))`, with a concurrency limit when the collection can be large.',
  },
  patternId: 'bounded-concurrency',
};

/** Deliberate pacing: sleeping in the loop means one-at-a-time is the point. */
const PACING = /^(sleep|delay|wait|pause|throttle|backoff|setTimeout|rateLimit|waitFor\w*|setTimeoutPromise)$/i;
/** Calls whose order is the point: writing a stream, UI steps, prompts, transaction statements. */
const ORDERED_CALL = /^(write|appendFile|append|pipe|send|reply|print|prompt|question|ask|confirm|click|dblclick|type|goto|press|fill|hover|check|selectOption|keyboard|run|exec|execute|migrate|up|down|apply|commit|rollback|beginTransaction|transaction|release|acquire|lock|unlock|shift|pop|next|read|readLine|once|drain)$/i;
const ORDERED_RECEIVER = /^(tx|trx|transaction|session|conn|connection|queryRunner|manager|writer|stream|socket|ws|rl|readline|page|browser|frame|terminal|stdout|stdin|reader|iterator|it|cursor|lock|mutex|semaphore)$/i;
/** Collections whose order matters or that are already bounded slices. */
const ORDERED_COLLECTION = /(migration|step|stage|phase|middleware|hook|plugin|batch|chunk|page|sequence|pipeline|layer|transform|retr|attempt|interval|delay|backoff|fixture|seed)/i;
const RETRY_NAME = /(attempt|retr|tries|tryCount)/i;

function nameOf(node: ts.Node | undefined): string {
  if (!node) return '';
  const n = skipOuter(node);
  if (ts.isIdentifier(n)) return n.text;
  if (ts.isPropertyAccessExpression(n)) return n.name.text;
  if (ts.isCallExpression(n)) return nameOf(n.expression) + ' ' + n.arguments.map((a) => nameOf(a)).join(' ');
  return '';
}

function declaredInside(checker: ts.TypeChecker, id: ts.Identifier, scope: ts.Node): boolean | undefined {
  const decl = checker.getSymbolAtLocation(id)?.valueDeclaration;
  if (!decl) return undefined;
  return decl.pos >= scope.pos && decl.end <= scope.end;
}

/** `i++`, `i -= 1`, `i += step`: a counter moving on, which says nothing about the previous iteration's result. */
function isCounterStep(n: ts.Node): boolean {
  if (ts.isPrefixUnaryExpression(n) || ts.isPostfixUnaryExpression(n)) return true;
  return ts.isBinaryExpression(n) && (n.operatorToken.kind === ts.SyntaxKind.PlusEqualsToken || n.operatorToken.kind === ts.SyntaxKind.MinusEqualsToken) && (ts.isNumericLiteral(n.right) || ts.isIdentifier(n.right));
}

function assignedTarget(n: ts.Node): ts.Expression | undefined {
  if (ts.isBinaryExpression(n) && n.operatorToken.kind >= ts.SyntaxKind.FirstAssignment && n.operatorToken.kind <= ts.SyntaxKind.LastAssignment) return n.left;
  if ((ts.isPrefixUnaryExpression(n) || ts.isPostfixUnaryExpression(n)) && (n.operator === ts.SyntaxKind.PlusPlusToken || n.operator === ts.SyntaxKind.MinusMinusToken)) return n.operand;
  return undefined;
}

/** Outer variables written in the body and read again by an await or the loop condition: each turn feeds the next. */
function isLoopCarried(checker: ts.TypeChecker, loop: ts.IterationStatement): boolean {
  const written = new Set<ts.Symbol>();
  /** Outer variables replaced wholesale (`prev = c`, `value = value * k`): the next turn reads this turn's value. */
  const replaced = new Map<ts.Symbol, number>(); // symbol -> end of its first wholesale assignment
  forEachInSameFunction(loop.statement, (n) => {
    const target = assignedTarget(n);
    const t = target && skipOuter(target);
    if (t && ts.isIdentifier(t) && declaredInside(checker, t, loop) === false) {
      const sym = checker.getSymbolAtLocation(t);
      if (!sym) return;
      if (!isCounterStep(n) || !ts.isWhileStatement(loop)) written.add(sym);
      if (ts.isBinaryExpression(n) && n.operatorToken.kind === ts.SyntaxKind.EqualsToken && !replaced.has(sym)) replaced.set(sym, n.getEnd());
    }
  });
  if (written.size === 0) return false;
  // A replaced variable read before (or while) it is replaced sees the previous iteration's value.
  if (replaced.size > 0 && someInSameFunction(loop.statement, (n) => {
    if (!ts.isIdentifier(n)) return false;
    const sym = checker.getSymbolAtLocation(n);
    const firstWriteEnd = sym && replaced.get(sym);
    if (firstWriteEnd === undefined) return false;
    const p = n.parent;
    if (ts.isBinaryExpression(p) && p.left === n && p.operatorToken.kind === ts.SyntaxKind.EqualsToken) return false;
    return n.getStart() < firstWriteEnd;
  })) return true;
  const readsWritten = (node: ts.Node | undefined): boolean => {
    if (!node) return false;
    let hit = false;
    const walk = (n: ts.Node): void => {
      if (hit) return;
      if (ts.isIdentifier(n)) {
        const sym = checker.getSymbolAtLocation(n);
        if (sym && written.has(sym)) hit = true;
      }
      ts.forEachChild(n, walk);
    };
    walk(node);
    return hit;
  };
  if ((ts.isForStatement(loop) || ts.isWhileStatement(loop) || ts.isDoStatement(loop)) && readsWritten(ts.isForStatement(loop) ? loop.condition : loop.expression)) return true;
  return someInSameFunction(loop.statement, (n) => ts.isAwaitExpression(n) && readsWritten(n.expression));
}

/** `for (let i = next++; i < n; i = next++)`: the header advances a cursor shared with other workers. */
function advancesOuterCursor(checker: ts.TypeChecker, loop: ts.IterationStatement): boolean {
  if (!ts.isForStatement(loop)) return false;
  let hit = false;
  const visit = (n: ts.Node): void => {
    if (hit) return;
    const target = assignedTarget(n);
    const t = target && skipOuter(target);
    if (t && ts.isIdentifier(t) && declaredInside(checker, t, loop) === false) hit = true;
    ts.forEachChild(n, visit);
  };
  if (loop.initializer) visit(loop.initializer);
  if (loop.incrementor) visit(loop.incrementor);
  return hit;
}

/**
 * `const job = queue.shift()` (in the header or the body) on a collection declared outside the loop: the loop drains
 * a shared queue, usually one of N workers, so one-at-a-time per worker is the concurrency limit, not an oversight.
 */
function drainsSharedQueue(checker: ts.TypeChecker, loop: ts.IterationStatement): boolean {
  const takes = (n: ts.Node): boolean => {
    if (!ts.isCallExpression(n) || n.arguments.length > 0) return false;
    const name = calleeName(n);
    if (name !== 'shift' && name !== 'pop') return false;
    const recv = calleeReceiver(n);
    let root = recv && skipOuter(recv);
    while (root && ts.isPropertyAccessExpression(root)) root = skipOuter(root.expression);
    if (!root) return false;
    if (root.kind === ts.SyntaxKind.ThisKeyword) return true;
    return ts.isIdentifier(root) && declaredInside(checker, root, loop) === false;
  };
  const header = ts.isForStatement(loop) ? [loop.initializer, loop.condition, loop.incrementor] : ts.isWhileStatement(loop) || ts.isDoStatement(loop) ? [loop.expression] : [];
  for (const part of header) if (part && (takes(part) || someInSameFunction(part, takes))) return true;
  return someInSameFunction(loop.statement, takes);
}

/** An early exit (break or return) means later iterations depend on earlier results. */
function hasEarlyExit(loop: ts.IterationStatement): boolean {
  return someInSameFunction(loop.statement, (n) => {
    if (ts.isReturnStatement(n)) return true;
    if (ts.isBreakStatement(n)) {
      // A plain break inside a nested switch or loop exits that, not this loop.
      if (n.label) return true;
      for (let p = n.parent; p && p !== loop; p = p.parent) if (ts.isSwitchStatement(p) || (p !== loop && (ts.isForStatement(p) || ts.isForOfStatement(p) || ts.isForInStatement(p) || ts.isWhileStatement(p) || ts.isDoStatement(p)))) return false;
      return true;
    }
    return false;
  });
}

function isRetryShape(loop: ts.IterationStatement): boolean {
  if (ts.isForStatement(loop) && loop.initializer && RETRY_NAME.test(loop.initializer.getText())) return true;
  return someInSameFunction(loop.statement, (n) => ts.isCatchClause(n) && someInSameFunction(n.block, (m) => ts.isContinueStatement(m)));
}

function isPaced(loop: ts.IterationStatement): boolean {
  return someInSameFunction(loop.statement, (n) => {
    if (ts.isCallExpression(n) && PACING.test(calleeName(n) ?? '')) return true;
    if (ts.isNewExpression(n) && calleeName(n) === 'Promise') return /setTimeout|setImmediate/.test(n.getText());
    return false;
  });
}

/** Checking for cancellation between iterations means the steps are meant to run one by one. */
function checksCancellation(loop: ts.IterationStatement): boolean {
  return someInSameFunction(loop.statement, (n) => ts.isPropertyAccessExpression(n) && (n.name.text === 'throwIfAborted' || n.name.text === 'aborted'));
}

function isOrderedWork(loop: ts.IterationStatement): boolean {
  return someInSameFunction(loop.statement, (n) => {
    if (!ts.isAwaitExpression(n)) return false;
    const e = skipOuter(n.expression);
    if (!ts.isCallExpression(e)) return false;
    if (promiseCombinator(e)) return true; // already a batch per iteration
    if (ORDERED_CALL.test(calleeName(e) ?? '')) return true;
    // Transaction control (`query('BEGIN')`): statements on one connection must run in order.
    if (e.arguments.some((a) => ts.isStringLiteralLike(a) && /^\s*(BEGIN|COMMIT|ROLLBACK|START TRANSACTION|SAVEPOINT)\b/i.test(a.text))) return true;
    const recv = calleeReceiver(e);
    let root = recv && skipOuter(recv);
    while (root && (ts.isPropertyAccessExpression(root) || ts.isCallExpression(root))) root = skipOuter(root.expression);
    return (recv !== undefined && ORDERED_RECEIVER.test(nameOf(recv))) || (root !== undefined && ts.isIdentifier(root) && ORDERED_RECEIVER.test(root.text));
  });
}

/** `while (i < xs.length) { ...; i++; }`: a for loop in disguise, judged like one. */
function isCountedWhile(loop: ts.WhileStatement): boolean {
  const cond = skipOuter(loop.expression);
  if (!ts.isBinaryExpression(cond) || ![ts.SyntaxKind.LessThanToken, ts.SyntaxKind.LessThanEqualsToken].includes(cond.operatorToken.kind)) return false;
  const counter = skipOuter(cond.left);
  if (!ts.isIdentifier(counter)) return false;
  let steps = 0;
  let otherWrites = 0;
  forEachInSameFunction(loop.statement, (n) => {
    const target = assignedTarget(n);
    const t = target && skipOuter(target);
    if (t && ts.isIdentifier(t) && t.text === counter.text) {
      if (isCounterStep(n)) steps += 1;
      else otherWrites += 1;
    }
  });
  return steps === 1 && otherWrites === 0;
}

function collectionName(loop: ts.IterationStatement): string {
  if (ts.isForOfStatement(loop) || ts.isForInStatement(loop)) return nameOf(loop.expression) + ' ' + loop.initializer.getText();
  if (ts.isForStatement(loop)) return loop.condition?.getText() ?? '';
  return '';
}

export function create(ctx: RuleContext): RuleListeners {
  const decided = new Map<ts.Node, boolean>();
  const shouldReport = (loop: ts.IterationStatement): boolean => {
    if (ts.isDoStatement(loop)) return false; // polling and paging: sequential by nature
    if (ts.isWhileStatement(loop) && !isCountedWhile(loop)) return false; // polling, draining, paging
    if (ts.isForOfStatement(loop) && loop.awaitModifier) return false; // for-await-of iterates asynchronously on purpose
    if (ts.isForStatement(loop) && !loop.condition) return false; // for (;;) is a polling loop
    if (ORDERED_COLLECTION.test(collectionName(loop))) return false;
    return !(advancesOuterCursor(ctx.checker, loop) || drainsSharedQueue(ctx.checker, loop) || hasEarlyExit(loop) || isRetryShape(loop) || isPaced(loop) || checksCancellation(loop) || isOrderedWork(loop) || isLoopCarried(ctx.checker, loop));
  };
  return {
    [ts.SyntaxKind.AwaitExpression](node) {
      const aw = node as ts.AwaitExpression;
      const loop = enclosingLoop(aw);
      if (!loop) return;
      // Only the first await in each loop is reported: one finding per loop.
      if (decided.has(loop)) return;
      const verdict = shouldReport(loop);
      const type = ctx.checker.getTypeAtLocation(aw.expression);
      const known = !(type.flags & (ts.TypeFlags.Any | ts.TypeFlags.Unknown));
      if (verdict && known && !isThenableType(ctx.checker, type)) return; // awaiting a plain value: not concurrency
      decided.set(loop, verdict);
      if (!verdict) return;
      ctx.report({
        node: aw,
        messageId: 'sequential',
        data: { text: aw.expression.getText(ctx.sourceFile).replace(/\s+/g, ' ').slice(0, 60) },
        confidence: ts.isForOfStatement(loop) ? 'high' : 'medium',
      });
    },
  };
}
