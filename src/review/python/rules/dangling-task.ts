import { calleeOf, enclosingFunction, parentOf, referencesTo, snippet, unparen, withValues, type PyNode } from '../analysis.js';
import type { PyRule } from '../rule.js';

/** Receivers whose `create_task` keeps the task itself: TaskGroup, anyio task groups, trio nurseries. */
const GROUP_NAME = /(^|[._])(tg|task_group|taskgroup|group|nursery|tasks_group)$/i;
const GROUP_CLASSES = new Set(['asyncio.TaskGroup', 'anyio.TaskGroup', 'trio.Nursery']);

export const danglingTask: PyRule = {
  meta: {
    id: 'dangling-task',
    description: 'A task whose reference is dropped can be garbage-collected mid-flight, and its exception is never seen.',
    // Likely, not certain: a task parked on a future someone else holds survives, and some tasks never fail.
    severity: 'warning',
    basis: 'syntax',
    patternId: 'structured-concurrency',
  },
  create(ctx) {
    const { file } = ctx;
    /** The call spawns a free-standing task (not one owned by a task group). */
    const spawnKind = (call: PyNode): 'high' | 'medium' | undefined => {
      const name = file.calleeName(call);
      if (name === 'asyncio.create_task' || name === 'asyncio.ensure_future') return 'high';
      const fn = calleeOf(call);
      if (fn?.type !== 'attribute' || fn.childForFieldName('attribute')?.text !== 'create_task') return undefined;
      const recv = fn.childForFieldName('object')?.text ?? '';
      const cls = file.receiverClass(call);
      if (cls && GROUP_CLASSES.has(cls)) return undefined;
      if (GROUP_NAME.test(recv) || boundByAsyncWith(call, recv)) return undefined;
      if (cls === 'asyncio.AbstractEventLoop' || /(^|\.)_?loop$/.test(recv)) return 'high';
      return undefined;
    };
    const message = (call: PyNode): string =>
      `The task from \`${snippet(call)}\` is not kept: the event loop holds only a weak reference, so it can be garbage-collected before it finishes and its exception is lost. Keep it (\`self._tasks.add(t); t.add_done_callback(self._tasks.discard)\`) or spawn it in an \`asyncio.TaskGroup\`.`;
    return {
      call(call) {
        const kind = spawnKind(call);
        if (!kind) return;
        // On a worker thread there is no running loop: the call raises (event-loop-misuse), no task exists to keep.
        const fn = enclosingFunction(call);
        if (fn && file.threadSideFunctions().some((t) => t.startIndex === fn.startIndex)) return;
        const parent = parentOf(call);
        if (parent?.type === 'expression_statement') {
          ctx.report({ node: call, confidence: kind, message: message(call), suggestion: `task = ${call.text.split('\n')[0]}\nbackground_tasks.add(task)\ntask.add_done_callback(background_tasks.discard)` });
          return;
        }
        // `task = asyncio.create_task(...)` and the name never used again: the same loss, one step later.
        if (parent?.type === 'assignment' && unparen(parent.childForFieldName('right') ?? parent).startIndex === call.startIndex) {
          const left = parent.childForFieldName('left');
          if (left?.type !== 'identifier') return;
          const scope = enclosingFunction(call);
          if (!scope || left.text === '_') return;
          const body = scope.childForFieldName('body');
          if (!body) return;
          const uses = referencesTo(body, left.text).filter((r) => r.startIndex !== left.startIndex);
          const nested = body.descendantsOfType('identifier').filter((r) => r?.text === left.text && r.startIndex !== left.startIndex);
          if (uses.length === 0 && nested.length === 0) ctx.report({ node: call, confidence: 'medium', message: message(call) });
        }
      },
    };
  },
};

/** `async with X() as recv:` where X is a task-group factory. */
function boundByAsyncWith(call: PyNode, recv: string): boolean {
  for (let p = call.parent; p; p = p.parent) {
    if (p.type !== 'with_statement') continue;
    for (const item of p.descendantsOfType('as_pattern')) {
      if (item?.childForFieldName('alias')?.text === recv && withValues(p).length > 0) {
        const v = item.namedChild(0)?.text ?? '';
        if (/TaskGroup|task_group|nursery|gather/i.test(v)) return true;
      }
    }
  }
  return false;
}
