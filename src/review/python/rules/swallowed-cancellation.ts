import { descendantsInScope, enclosingFunction, inAsyncFunction, type PyNode } from '../analysis.js';
import { BROAD, CANCELLED, caughtTypes, handlerRaises } from '../handlers.js';
import type { PyRule } from '../rule.js';

export const swallowedCancellation: PyRule = {
  meta: {
    id: 'swallowed-cancellation',
    description: 'A coroutine that catches CancelledError (or everything) without re-raising cannot be cancelled.',
    severity: 'error',
    patternId: 'cancellation-cleanup',
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
        if (handlerRaises(clause)) return;
        const tryStmt = clause.parent;
        if (cancelled && tryStmt && awaitsCancelledTask(tryStmt)) return;
        const what = bare ? 'A bare `except:`' : cancelled ? '`except CancelledError`' : '`except BaseException`';
        ctx.report({
          node: clause,
          message: `${what} in a coroutine catches cancellation and does not re-raise it, so \`task.cancel()\`, timeouts and TaskGroup shutdown stop working. Clean up, then \`raise\`${bare || broad ? ' (or catch `Exception`, which excludes CancelledError)' : ''}.`,
          suggestion: bare ? 'except Exception:' : undefined,
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
