import { boundOnlyFrom, isAssignedTo, collectionHandledAfter, calleeLastName, calleeOf, contains, descendantsInScope, enclosingFunction, enclosingLoop, enclosingStatement, isAsyncStatement, isWholeRead, itemLoopOf, keywordArgs, parentOf, positionalArgs, referencesTo, unparen, withValues, type PyNode } from '../analysis.js';
import type { PyRule } from '../rule.js';

/** Async-only context managers that a plain `with` cannot enter. */
const ASYNC_ONLY_TIMEOUT = /^(asyncio\.(timeout|timeout_at)|async_timeout\.(timeout|timeout_at))$/;
/** Words that say an expression is an absolute deadline (a clock reading), not a duration. */
const CLOCK = /(\.time\(\)|monotonic|deadline|_at\b|until|expires?|end_time|when)/i;

export const timeoutMisuse: PyRule = {
  meta: {
    id: 'timeout-misuse',
    description: 'Timeouts that do not do what they look like: sync `with` on asyncio.timeout, timeout_at given a duration, asyncio.wait leaving pending tasks running.',
    severity: 'error',
    patternId: 'timeout',
    basis: 'syntax',
    certainFromSyntax:
      '`with` on asyncio.timeout() fails at once (it is only an async context manager); timeout_at() given a number literal has a deadline already past; before 3.11, `except TimeoutError` never catches asyncio.TimeoutError. Pending tasks left by asyncio.wait() are reported as a warning: they may be handled where this code cannot see.',
  },
  create(ctx) {
    const { file } = ctx;
    return {
      with_statement(stmt) {
        if (isAsyncStatement(stmt)) return;
        for (const v of withValues(stmt)) {
          if (v.type !== 'call') continue;
          const name = file.calleeName(v);
          if (name && ASYNC_ONLY_TIMEOUT.test(name)) {
            ctx.report({
              node: stmt,
              message: `\`with ${name}(...)\` fails at run time: it is an asynchronous context manager and needs \`async with\`.`,
              suggestion: `async with ${v.text}:`,
            });
          }
        }
      },
      except_clause(clause) {
        // Before 3.11, asyncio.TimeoutError is not the builtin TimeoutError, so this handler never runs.
        if (Number(ctx.target.split('.')[1] ?? 0) >= 11) return;
        const caught = clause.namedChildren.find((c) => c !== null && c.type !== 'block' && c.type !== 'comment');
        const value = caught?.type === 'as_pattern' ? caught.namedChild(0) : caught;
        const names = value ? (unparen(value).type === 'tuple' ? unparen(value).namedChildren : [value]).map((n) => (n ? file.qualify(n) ?? n.text : '')) : [];
        if (!names.includes('TimeoutError') || names.some((n) => /asyncio\.(exceptions\.)?TimeoutError$/.test(n)) || file.imports.has('TimeoutError')) return;
        const body = clause.parent?.childForFieldName('body');
        const usesAsyncioTimeout = !!body && body.descendantsOfType('call').some((c) => !!c && /^asyncio\.(wait_for|timeout|timeout_at)$/.test(file.calleeName(c) ?? ''));
        if (!usesAsyncioTimeout) return;
        ctx.report({
          node: clause,
          message: `On Python ${ctx.target}, \`asyncio.wait_for\` raises \`asyncio.TimeoutError\`, which only became an alias of the builtin \`TimeoutError\` in 3.11: this handler never runs. Catch \`asyncio.TimeoutError\`.`,
          suggestion: 'except asyncio.TimeoutError:',
        });
      },
      call(call) {
        const name = file.calleeName(call);
        if (name === 'asyncio.timeout_at') {
          const when = positionalArgs(call)[0] ?? keywordArgs(call).get('when');
          if (!when) return;
          const w = unparen(when);
          const literal = w.type === 'integer' || w.type === 'float';
          const relative = literal || (w.type === 'identifier' && /^(timeout|seconds|secs|delay|duration|ttl|limit|interval|wait|timeout_s|timeout_sec)$/i.test(w.text));
          if (relative && !CLOCK.test(w.text)) {
            ctx.report({
              node: call,
              ...(literal ? {} : { basis: { kind: 'name' as const, detail: `\`${w.text}\` is named like a duration` } }),
              message: `\`asyncio.timeout_at(${w.text})\` takes an absolute deadline on the loop's clock, not a duration: this one has already passed, so the block is cancelled at once. Use \`asyncio.timeout(${w.text})\`, or \`timeout_at(loop.time() + ${w.text})\`.`,
              suggestion: `asyncio.timeout(${w.text})`,
            });
          }
          return;
        }
        if (name !== 'asyncio.wait') return;
        const why = earlyReturn(call);
        if (why) checkWaitPending(call, why, (node, message) => ctx.report({ node, message, severity: 'warning' }));
      },
    };
  },
};

/** The try statement around a node (its `finally` may cancel what the wait left running). */
function enclosingTry(node: PyNode): PyNode | undefined {
  for (let p = node.parent; p; p = p.parent) {
    if (p.type === 'try_statement') return p;
    if (p.type === 'function_definition') return undefined;
  }
  return undefined;
}

/** What makes `asyncio.wait` return with tasks still running, for the message; undefined when it waits for all. */
function earlyReturn(call: PyNode): string | undefined {
  const kw = keywordArgs(call);
  const timeout = kw.get('timeout');
  if (timeout && timeout.type !== 'none') return 'when the time is up, `asyncio.wait(..., timeout=...)` returns and leaves the unfinished tasks running';
  const when = kw.get('return_when');
  if (when && !/ALL_COMPLETED$/.test(when.text)) return `\`asyncio.wait(..., return_when=${when.text.replace(/^.*\./, '')})\` returns with the other tasks still running`;
  return undefined;
}

/** A call `x.cancel()` somewhere in the nodes. */
function cancelsIn(nodes: PyNode[], isTarget: (receiver: PyNode) => boolean): boolean {
  return nodes.some((root) =>
    [root, ...descendantsInScope(root, new Set(['call']))].some((c) => {
      if (c.type !== 'call') return false;
      const fn = calleeOf(c);
      const obj = fn?.type === 'attribute' ? fn.childForFieldName('object') : null;
      return fn?.childForFieldName('attribute')?.text === 'cancel' && !!obj && isTarget(unparen(obj));
    }),
  );
}

/** One loop over the tasks handles each of them: cancels it, awaits it, or passes it on (`cancel_and_wait(t)`). */
function loopHandlesItems(vars: string[], perItem: PyNode[]): boolean {
  const isVar = (n: PyNode): boolean => vars.includes(n.text);
  if (cancelsIn(perItem, isVar)) return true;
  return perItem.some((root) =>
    [root, ...descendantsInScope(root, new Set(['await', 'identifier']))].some((n) => {
      if (n.type === 'await') return !!n.namedChild(0) && isVar(unparen(n.namedChild(0) as PyNode));
      if (n.type !== 'identifier' || !isVar(n) || parentOf(n)?.type !== 'argument_list') return false;
      return !isWholeRead(n);
    }),
  );
}

/**
 * The tasks left in `names` (the pending set, or the collection handed to the wait) are cancelled, awaited or
 * handed on after `stmt`: looking at them as a whole (`len(pending)`, logging them) is not handling them.
 */
function pendingHandled(scope: PyNode, stmt: PyNode, names: string[]): boolean {
  return collectionHandledAfter(scope, stmt, names, (ref) => {
    const loop = itemLoopOf(ref);
    if (loop) return loopHandlesItems(loop.vars, loop.perItem);
    // `pending.pop().cancel()`: a method chain on the set that ends in a cancel.
    const top = methodChainTop(ref);
    if (top !== ref) return /\.cancel\(\)$/.test(top.text);
    return undefined;
  });
}

/** Every task in `name` was cancelled earlier in the function: `name.cancel()`, or a loop over `name` that cancels each. */
function cancelledBefore(scope: PyNode, stmt: PyNode, name: string): boolean {
  return referencesTo(scope, name).some((ref) => {
    if (ref.endIndex > stmt.startIndex || isAssignedTo(ref)) return false;
    // Only a cancel on every path to the wait: its statement sits in a block that also holds the wait.
    const block = parentOf(enclosingStatement(ref));
    if (!block || !contains(block, stmt)) return false;
    const loop = itemLoopOf(ref);
    if (loop) return cancelsIn(loop.perItem, (n) => loop.vars.includes(n.text));
    const top = methodChainTop(ref);
    return top !== ref && top.text === `${name}.cancel()`;
  });
}

/** The end of a method chain on `ref` (`pending.pop().cancel()` for `pending`), or `ref` itself. */
function methodChainTop(ref: PyNode): PyNode {
  let top = ref;
  for (let p = ref.parent; p; p = p.parent) {
    const head = p.type === 'attribute' ? p.childForFieldName('object') : p.type === 'call' ? calleeOf(p) : null;
    if (!head || !contains(head, top)) break;
    top = p;
  }
  return top;
}

/** The name of the collection handed to the wait (`tasks`, `self._tasks`; `set(self._tasks)` gives `self._tasks`). */
function inputName(call: PyNode): string | undefined {
  let first = positionalArgs(call)[0] ?? keywordArgs(call).get('fs');
  if (!first) return undefined;
  first = unparen(first);
  if (first.type === 'call' && /^(set|list|tuple)$/.test(calleeLastName(first))) first = positionalArgs(first)[0] ?? first;
  return first.type === 'identifier' || first.type === 'attribute' ? first.text : undefined;
}

/** `name` is bound in this function only to a bare future (`loop.create_future()`, `asyncio.Future()`). */
function isPlainFuture(scope: PyNode, name: string): boolean {
  return boundOnlyFrom(scope, name, (c) => /(^|\.)(create_future|Future)$/.test(calleeOf(c)?.text ?? ''));
}

/** The names handed to the wait: the collection (`tasks`), or each item of a literal list (`[incoming, outgoing]`). */
function inputNames(call: PyNode): string[] {
  let first = positionalArgs(call)[0] ?? keywordArgs(call).get('fs');
  if (!first) return [];
  first = unparen(first);
  if (first.type === 'list' || first.type === 'tuple' || first.type === 'set') {
    return first.namedChildren.filter((c): c is PyNode => c !== null && (c.type === 'identifier' || c.type === 'attribute')).map((c) => c.text);
  }
  const name = inputName(call);
  return name ? [name] : [];
}

/** `done, pending = await asyncio.wait(..., timeout=t)` and the pending tasks never cancelled nor handed on. */
function checkWaitPending(call: PyNode, why: string, report: (n: PyNode, m: string) => void): void {
  const aw = parentOf(call);
  const holder = aw?.type === 'await' ? aw : call;
  const stmt = parentOf(holder);
  const msg = (what: string): string => `${why[0]?.toUpperCase() ?? ''}${why.slice(1)}: ${what}. Cancel the pending tasks (\`for t in pending: t.cancel()\`, then await them), or use \`async with asyncio.timeout(...)\` / a TaskGroup.`;
  const scope = enclosingFunction(call)?.childForFieldName('body');
  // A `finally` that cancels: the cleanup runs whichever way the block is left.
  const fin = enclosingTry(call)?.namedChildren.find((c) => c?.type === 'finally_clause');
  if (fin && cancelsIn([fin], () => true)) return;
  // The awaitables handed to the wait, by name: `[incoming, outgoing]`, `tasks`, `set(self._tasks)`.
  const all = inputNames(call);
  // Long-lived tasks stored on an object (`self.transfer_task`) are owned there, not by this wait; a bare future
  // (`loop.create_future()`) runs nothing.
  const inputs = all.filter((n) => !/^(self|cls)\./.test(n) && !(scope && isPlainFuture(scope, n)));
  if (all.length > 0 && inputs.length === 0) return;
  // `for t in pending: t.cancel()` then `await asyncio.wait(pending, timeout=grace)`: a bounded wait for the
  // cancellation to land. What is still running after it ignored the cancel; nothing more can stop it.
  if (scope && inputs.length > 0 && inputs.every((n) => cancelledBefore(scope, enclosingStatement(call), n))) return;
  if (stmt?.type === 'expression_statement') {
    if (scope && inputs.length > 0 && pendingHandled(scope, enclosingStatement(call), inputs)) return;
    report(call, msg('the result is dropped, so the pending tasks keep running unobserved'));
    return;
  }
  if (stmt?.type !== 'assignment') return;
  const left = stmt.childForFieldName('left');
  if (!left || (left.type !== 'pattern_list' && left.type !== 'tuple_pattern')) return;
  const pending = left.namedChildren[1];
  if (!pending) return;
  if (pending.text === '_') {
    // `done, _ = await asyncio.wait({task}, ...)` then `if task not in done: task.cancel()`: the inputs are handled.
    if (scope && inputs.length > 0 && pendingHandled(scope, enclosingStatement(call), inputs)) return;
    report(call, msg('the pending set is discarded as `_`'));
    return;
  }
  if (pending.type !== 'identifier') return; // stored on an object: handled wherever that object is
  if (!scope) return;
  const input = inputName(call);
  // `while pending: done, pending = await asyncio.wait(pending, ...)`: the loop waits again until none is left.
  const loop = enclosingLoop(call);
  const cond = loop?.type === 'while_statement' ? loop.childForFieldName('condition') : undefined;
  if (input === pending.text && cond && (cond.text === pending.text || referencesTo(cond, pending.text).length > 0)) return;
  const names = [pending.text, ...inputs.filter((n) => n !== pending.text)];
  if (pendingHandled(scope, enclosingStatement(call), names)) return;
  report(call, msg(`\`${pending.text}\` is never cancelled, awaited or handed on (reading its size or logging it does not stop the tasks)`));
}
