import { descendantsInScope, enclosingFunction, inAsyncFunction, type PyNode } from '../analysis.js';
import { awaitsOnlyExistingAwaitables, BROAD, CANCELLED, caughtTypes, handlerHandsOn, handlerReraises, handlerResumesLoop, tryBodySuspends } from '../handlers.js';
import type { PyRule } from '../rule.js';

export const swallowedCancellation: PyRule = {
  meta: {
    id: 'swallowed-cancellation',
    description: 'A coroutine that catches CancelledError (or everything) without re-raising cannot be cancelled.',
    severity: 'error',
    patternId: 'cancellation-cleanup',
    basis: 'syntax',
    certainFromSyntax:
      'Reported as an error only when the handler sends the coroutine back around its loop to await again: asyncio delivers a cancellation once, at an await, so the task goes on running and `task.cancel()` never stops it. A handler that ends the coroutine, or that may catch the CancelledError of a task it awaits, is a warning.',
  },
  create(ctx) {
    const { file } = ctx;
    return {
      except_clause(clause) {
        if (!inAsyncFunction(clause)) return;
        const types = caughtTypes(file, clause) ?? [];
        const bare = types.length === 0;
        const cancelled = types.some((t) => CANCELLED.test(t));
        const broad = types.some((t) => BROAD.test(t));
        if (!bare && !cancelled && !broad) return;
        // trio, anyio and curio re-deliver cancellation at the next checkpoint: a handler there loses nothing.
        if (file.otherFrameworkOnly) return;
        const tryStmt = clause.parent;
        // Cancellation arrives at an await: a try body that never suspends cannot catch it.
        if (!tryStmt || !tryBodySuspends(tryStmt)) return;
        if (handlerReraises(file, clause) || handlerHandsOn(clause)) return;
        if (cancelled && awaitsCancelledTask(tryStmt)) return;
        const what = bare ? 'A bare `except:`' : cancelled ? '`except CancelledError`' : '`except BaseException`';
        const fix = `Clean up, then \`raise\`${bare || broad ? ' (or catch `Exception`, which excludes CancelledError)' : ''}.`;
        const suggestion = bare ? 'except Exception:' : undefined;
        const resumes = handlerResumesLoop(clause);
        const childs = awaitsOnlyExistingAwaitables(tryStmt);
        if (resumes && !childs && file.usesAsyncio) {
          ctx.report({
            node: clause,
            message: `${what} in a coroutine catches cancellation, does not re-raise it, and goes back around the loop: the task keeps running after \`task.cancel()\`, timeouts and TaskGroup shutdown, which deliver a cancellation only once. ${fix}`,
            suggestion,
          });
          return;
        }
        ctx.report({
          node: clause,
          severity: 'warning',
          confidence: 'medium',
          message: childs
            ? `${what} around an await of an existing task or future: if this coroutine itself is cancelled, the cancellation is swallowed here and the caller sees a normal return (\`asyncio.timeout()\` and TaskGroup stop working). When only the awaited task's cancellation is expected, check \`asyncio.current_task().cancelling()\` (3.11+) and re-raise if it is ours. ${fix}`
            : `${what} in a coroutine catches cancellation and does not re-raise it: the coroutine returns normally instead of being cancelled, so \`asyncio.timeout()\`, TaskGroup shutdown and callers waiting on the task see success. ${fix}`,
          suggestion,
        });
      },
    };
  },
};

/**
 * `t.cancel()` then `try: await t / except CancelledError: pass`: waiting for a task this code cancelled itself is
 * the documented way to finish it, and the CancelledError caught is the child's, not ours.
 */
function awaitsCancelledTask(tryStmt: PyNode): boolean {
  const body = tryStmt.childForFieldName('body');
  const fn = enclosingFunction(tryStmt);
  const fnBody = fn?.childForFieldName('body');
  if (!body || !fnBody) return false;
  const cancelled = new Set<string>();
  for (const call of descendantsInScope(fnBody, new Set(['call']))) {
    const callee = call.childForFieldName('function');
    if (callee?.type === 'attribute' && callee.childForFieldName('attribute')?.text === 'cancel') {
      const obj = callee.childForFieldName('object')?.text;
      if (obj) cancelled.add(obj);
    }
  }
  // Also a loop `for t in tasks: t.cancel()` followed by awaiting gather(*tasks) or the tasks one by one.
  const awaited = descendantsInScope(body, new Set(['await']));
  if (awaited.length === 0) return false;
  return awaited.every((a) => {
    const text = a.namedChild(0)?.text ?? '';
    return [...cancelled].some((c) => text === c || text.includes(c)) || /gather\(\*|wait\(/.test(text) && cancelled.size > 0;
  });
}
