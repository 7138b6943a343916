import { actingRoot, calleeLastName, calleeOf, descendantsInScope, positionalArgs, enclosingFunction, inAsyncFunction, isAsyncStatement, receiverText, targetNames, unparen, withItems, withValues, type PyNode } from '../analysis.js';
import type { PyRule } from '../rule.js';

/** Pacing: a sleep in the loop means one-at-a-time is the point. */
const PACING = /^(sleep|wait|wait_for_event|throttle|backoff|acquire|join)$/;
/** Calls whose order is the point: streams, queues, protocol steps, transactions, UI/terminal steps. */
const ORDERED_CALL = /^(send|sendall|send_json|send_text|send_bytes|recv|receive|receive_json|receive_text|write|writelines|drain|read|readline|readexactly|readuntil|publish|emit|ack|nack|commit|rollback|execute|executemany|migrate|apply|run_migration|step|click|goto|fill|type|press|next|anext|__anext__|asend|athrow|wait_closed|close|aclose|delete_message|acquire|release|enter_async_context)$/;
const ORDERED_RECEIVER = /(^|[._])(ws|websocket|socket|sock|writer|reader|stream|conn|connection|protocol|proto|transport|tx|transaction|queue|q|page|browser|cursor|channel|lock|sem|semaphore|proc|process|stdin|stdout|pipe|db)$/i;
/** Collections whose order matters or that are already bounded slices. */
const ORDERED_COLLECTION = /(migration|step|stage|phase|middleware|hook|plugin|batch|chunk|page|sequence|pipeline|layer|retr|attempt|delay|backoff|fixture|seed|handler|callback|listener)/i;

export const awaitInLoop: PyRule = {
  meta: {
    id: 'await-in-loop',
    description: 'Independent awaits run one per iteration where they could run together.',
    severity: 'warning',
    basis: 'syntax',
    patternId: 'bounded-concurrency',
  },
  create(ctx) {
    const report = (first: PyNode): void => {
      ctx.report({
        node: first,
        confidence: 'medium',
        message: `Each iteration waits for \`${first.text.split('\n')[0]}\` before the next one starts, yet the iterations do not depend on each other. Run them together: \`await asyncio.gather(*(f(x) for x in items))\` or a TaskGroup, bounded by an \`asyncio.Semaphore\` when the collection can be large.`,
      });
    };
    return {
      for_statement(loop) {
        if (isAsyncStatement(loop) || !inAsyncFunction(loop)) return;
        const body = loop.childForFieldName('body');
        const iterable = loop.childForFieldName('right');
        const left = loop.childForFieldName('left');
        if (!body || !iterable || !left) return;
        const first = independentAwait(loop, body, iterable, left);
        if (first) report(first);
      },
      list_comprehension(comp) {
        checkComprehension(comp, report);
      },
      set_comprehension(comp) {
        checkComprehension(comp, report);
      },
      dictionary_comprehension(comp) {
        checkComprehension(comp, report);
      },
    };
  },
};

/** `[await f(x) for x in xs]`: awaited one element at a time (not an `async for` comprehension). */
function checkComprehension(comp: PyNode, report: (n: PyNode) => void): void {
  if (!inAsyncFunction(comp)) return;
  const clauses = comp.namedChildren.filter((c) => c?.type === 'for_in_clause');
  if (clauses.some((c) => c?.child(0)?.type === 'async')) return;
  const body = comp.childForFieldName('body');
  if (!body) return;
  const awaits = body.type === 'await' ? [body, ...descendantsInScope(body, new Set(['await']))] : descendantsInScope(body, new Set(['await']));
  const first = awaits[0];
  if (!first) return;
  const iterable = clauses[0]?.childForFieldName('right');
  if (iterable && isSmallLiteral(iterable)) return;
  if (awaits.some((a) => isOrderedAwait(a))) return;
  const vars = clauses.flatMap((c) => { const l = c?.childForFieldName('left'); return l ? targetNames(l) : []; });
  if (awaits.some((a) => invokesItem(a, vars))) return;
  report(first);
}

/** The awaited expression acts on the loop item itself: calls it, calls its method, or awaits it. */
function invokesItem(awaited: PyNode, vars: string[]): boolean {
  const root = actingRoot(awaited);
  return root !== undefined && vars.includes(root);
}

function isSmallLiteral(iterable: PyNode): boolean {
  if (iterable.type === 'list' || iterable.type === 'tuple' || iterable.type === 'set') return true;
  // `range(3)`, `range(attempts)`: retries and counted steps. `range(len(items))` walks the data itself.
  // A step (`range(0, len(rows), 500)`) walks batches, which is bounded on purpose.
  if (iterable.type === 'call' && calleeLastName(iterable) === 'range') return !/\blen\(/.test(iterable.text) || positionalArgs(iterable).length === 3;
  if (iterable.type === 'call' && /^(enumerate|zip|sorted|reversed)$/.test(calleeLastName(iterable))) {
    const inner = iterable.childForFieldName('arguments')?.namedChild(0);
    return inner ? isSmallLiteral(inner) || ORDERED_COLLECTION.test(inner.text) : false;
  }
  return ORDERED_COLLECTION.test(iterable.text);
}

/** Context managers that bound or group work rather than do it: the awaits inside them are what is judged. */
const FRAMING_CONTEXT = /(^|\.)(timeout|timeout_at|fail_after|fail_at|move_on_after|move_on_at|TaskGroup|create_task_group|open_nursery|suppress|nullcontext)$/;

/**
 * The points where one iteration of `loop` suspends, in source order: `await x`, the entry of `async with x`
 * and the `async for` over another iterator (both await under the hood). Each comes as the node to report and
 * the expression awaited. Those of nested loops are left to those loops.
 */
function suspensionsOf(loop: PyNode, body: PyNode): Array<{ at: PyNode; awaited: PyNode }> {
  const out: Array<{ at: PyNode; awaited: PyNode }> = [];
  for (const n of descendantsInScope(body, new Set(['await', 'with_statement', 'for_statement']))) {
    if (nearestLoop(n) !== loop.startIndex) continue;
    if (n.type === 'await') {
      const inner = n.namedChild(0);
      if (inner) out.push({ at: n, awaited: unparen(inner) });
    } else if (isAsyncStatement(n) && n.type === 'with_statement') {
      for (const v of withValues(n)) {
        if (v.type === 'call' && FRAMING_CONTEXT.test(calleeOf(v)?.text ?? '')) continue;
        out.push({ at: v, awaited: v });
      }
    } else if (isAsyncStatement(n)) {
      const it = n.childForFieldName('right');
      if (it) out.push({ at: it, awaited: unparen(it) });
    }
  }
  return out;
}

/**
 * Names bound by `async with <call on the loop item> as name` in the loop body: a resource opened for this item
 * (its response, its file), never shared between iterations. `async with open(log_path, "a") as f` is the same
 * resource every time, so writes through it stay ordered.
 */
function perIterationNames(body: PyNode, loopVars: string[]): Set<string> {
  const out = new Set<string>();
  for (const w of descendantsInScope(body, new Set(['with_statement']))) {
    if (!isAsyncStatement(w)) continue;
    for (const item of withItems(w)) {
      const v = item.childForFieldName('value');
      const alias = v?.type === 'as_pattern' ? v.childForFieldName('alias')?.namedChild(0) : undefined;
      const value = v?.type === 'as_pattern' ? v.namedChild(0) : undefined;
      // A connection or lock taken from a pool is shared state, not a per-item result.
      if (alias?.type !== 'identifier' || value?.type !== 'call' || PACING.test(calleeLastName(value))) continue;
      const args = value.childForFieldName('arguments');
      if (args && loopVars.some((v) => referencesIn(args, v))) out.add(alias.text);
    }
  }
  return out;
}

/** The first name of an awaited method call's receiver: `resp` for `resp.json()`. */
function receiverRoot(awaited: PyNode): string | undefined {
  const call = awaited.type === 'await' ? awaited.namedChild(0) : awaited;
  return call?.type === 'call' ? receiverText(call)?.split('.')[0] : undefined;
}

function isOrderedAwait(a: PyNode): boolean {
  const call = a.type === 'await' ? a.namedChild(0) : a;
  if (call?.type !== 'call') return true; // awaiting a stored future/task or an attribute: usually a join, not work
  const name = calleeLastName(call);
  if (PACING.test(name) || ORDERED_CALL.test(name)) return true;
  const recv = receiverText(call);
  return recv !== undefined && ORDERED_RECEIVER.test(recv);
}

/** The first await of a loop whose iterations are independent, or undefined. */
function independentAwait(loop: PyNode, body: PyNode, iterable: PyNode, left: PyNode): PyNode | undefined {
  // Awaits inside nested loops are judged by those loops; keep the ones whose nearest loop is this one.
  const own = suspensionsOf(loop, body);
  const first = own[0]?.at;
  if (!first) return undefined;
  if (isSmallLiteral(iterable) || isSharedOrLiteralName(loop, iterable)) return undefined;
  // `for hook in hooks: await hook(...)`, `for site in sites: await site.stop()`: each item is a component the code
  // drives in turn (callbacks, observers, servers), not a data item handed to one shared operation.
  if (own.some((a) => invokesItem(a.awaited, targetNames(left)))) return undefined;
  const inner = descendantsInScope(body, new Set(['break_statement', 'return_statement', 'raise_statement', 'yield', 'with_statement', 'for_statement', 'while_statement']));
  // Early exit (first success, search) and generators yielding per item: sequential on purpose.
  if (inner.some((n) => n.type === 'break_statement' || n.type === 'return_statement' || n.type === 'yield')) return undefined;
  // Reading the response of this iteration's own `async with session.get(x) as resp` in order is one operation.
  const perItem = perIterationNames(body, targetNames(left));
  if (own.some((a) => isOrderedAwait(a.awaited) && !perItem.has(receiverRoot(a.awaited) ?? ''))) return undefined;
  // Under a lock, a transaction or another context entered per item, the order is the point.
  if (inner.some((n) => n.type === 'with_statement' && isAsyncStatement(n) && withValues(n).some((v) => /lock|transaction|semaphore|sem\b|limiter/i.test(v.text)))) return undefined;
  const fnStart = enclosingFunction(loop)?.startIndex;
  for (let p = loop.parent; p && p.startIndex !== fnStart; p = p.parent) {
    if (p.type === 'with_statement' && withValues(p).some((v) => /transaction|lock|atomic|begin/i.test(v.text))) return undefined;
  }
  if (isLoopCarried(loop, body, left)) return undefined;
  return first;
}

/**
 * `for x in name` where `name` is a literal list built in this function (a table of cases), an explicit iterator
 * (`iter(...)`), or a closure variable of a nested worker: workers sharing one iterator are the bounded-concurrency
 * pattern itself, so each one going item by item is the point.
 */
function isSharedOrLiteralName(loop: PyNode, iterable: PyNode): boolean {
  if (iterable.type !== 'identifier') return false;
  const fn = enclosingFunction(loop);
  const body = fn?.childForFieldName('body');
  if (!fn || !body) return false;
  const assigned = descendantsInScope(body, new Set(['assignment'])).filter((a) => a.childForFieldName('left')?.text === iterable.text);
  const params = (fn.childForFieldName('parameters')?.namedChildren ?? []).map((p) => (p?.type === 'identifier' ? p.text : p?.namedChild(0)?.text));
  if (assigned.length === 0 && !params.includes(iterable.text)) return enclosingFunction(fn) !== undefined;
  return assigned.some((a) => {
    const right = a.childForFieldName('right');
    if (!right) return false;
    if (right.type === 'list' || right.type === 'tuple') return true;
    return right.type === 'call' && /^(iter|enumerate|zip)$/.test(calleeLastName(right)) && /iter\(/.test(right.text);
  });
}

function nearestLoop(n: PyNode): number | undefined {
  for (let p = n.parent; p; p = p.parent) {
    if (p.type === 'function_definition' || p.type === 'lambda') return undefined;
    if (p.type === 'for_statement' || p.type === 'while_statement') return p.startIndex;
  }
  return undefined;
}

/** A variable from outside the loop that the body writes and an await (or the next turn) reads: each turn feeds the next. */
function isLoopCarried(loop: PyNode, body: PyNode, left: PyNode): boolean {
  const loopVars = new Set(targetNames(left));
  const written = new Map<string, PyNode>();
  for (const n of descendantsInScope(body, new Set(['assignment', 'augmented_assignment']))) {
    const target = n.childForFieldName('left');
    if (!target) continue;
    for (const name of targetNames(target)) {
      if (loopVars.has(name) || name.includes('[')) continue;
      if (n.type === 'augmented_assignment') {
        // `total += x` accumulates; only a carried value if an await reads it.
        written.set(name, n);
      } else if (!written.has(name)) written.set(name, n);
    }
  }
  if (written.size === 0) return false;
  const fnBody = enclosingFunction(loop)?.childForFieldName('body');
  if (!fnBody) return false;
  // Only variables that existed before the loop can carry a value from one turn to the next.
  const before = new Set<string>();
  for (const n of descendantsInScope(fnBody, new Set(['assignment', 'augmented_assignment']))) {
    if (n.endIndex > loop.startIndex) continue;
    const t = n.childForFieldName('left');
    if (t) for (const name of targetNames(t)) before.add(name);
  }
  for (const p of enclosingFunction(loop)?.childForFieldName('parameters')?.namedChildren ?? []) {
    const id = p?.type === 'identifier' ? p : p?.namedChild(0);
    if (id?.type === 'identifier') before.add(id.text);
  }
  for (const [name, write] of written) {
    if (!before.has(name)) continue;
    // Read by an await's arguments, or read before its (first) write in the body: the next turn sees this turn's value.
    for (const a of descendantsInScope(body, new Set(['await']))) {
      if (referencesIn(a, name)) return true;
    }
    const uses = descendantsInScope(body, new Set(['identifier', 'attribute'])).filter((r) => r.text === name && r.startIndex < write.startIndex);
    if (uses.length > 0 && write.type === 'assignment') return true;
  }
  return false;
}

function referencesIn(node: PyNode, name: string): boolean {
  return descendantsInScope(node, new Set(['identifier', 'attribute'])).some((r) => r.text === name);
}
