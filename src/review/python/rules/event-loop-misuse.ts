import { boundOnlyFrom, calleeOf, enclosingFunction, inAsyncFunction, isAsyncDef, snippet, unparen, type PyFile, type PyNode } from '../analysis.js';
import type { PyRule, PyRuleContext } from '../rule.js';

/** asyncio functions that need a running loop in the calling thread and raise RuntimeError without one. */
const NEEDS_RUNNING_LOOP = /^asyncio\.(create_task|ensure_future|get_running_loop|current_task|all_tasks)$/;
/** Loop and asyncio-object methods that are not thread-safe: from another thread they may never wake the loop. */
const NOT_THREADSAFE_LOOP = /^(call_soon|call_later|call_at|create_task|create_future|run_in_executor)$/;
const NOT_THREADSAFE_OBJECT: Record<string, RegExp> = {
  'asyncio.Queue': /^(put_nowait|get_nowait)$/,
  'asyncio.PriorityQueue': /^(put_nowait|get_nowait)$/,
  'asyncio.LifoQueue': /^(put_nowait|get_nowait)$/,
  'asyncio.Event': /^(set|clear)$/,
};

export const eventLoopMisuse: PyRule = {
  meta: {
    id: 'event-loop-misuse',
    description: 'asyncio.run()/run_until_complete() from async code, asyncio calls from a worker thread, blocking on a future inside a coroutine, a loop captured or required at import time.',
    severity: 'error',
    patternId: 'graceful-shutdown',
    basis: 'syntax',
    certainFromSyntax:
      'asyncio.run() and loop.run_until_complete() raise RuntimeError whenever a loop is already running in the thread, which is always so inside a coroutine; asyncio.create_task() and get_running_loop() raise RuntimeError in a thread with no running loop (a worker thread, module code at import); `.result()` on a concurrent future blocks the thread until the coroutine finishes, so inside a coroutine it stalls (or deadlocks) the loop.',
  },
  create(ctx) {
    const { file } = ctx;
    const threadTargets = new Set(file.threadSideFunctions().map((t) => t.startIndex));
    return {
      call(call) {
        const name = file.calleeName(call);
        const method = calleeOf(call)?.childForFieldName('attribute')?.text;
        const fn = enclosingFunction(call);
        const inAsync = isAsyncDef(fn);
        if (fn && threadTargets.has(fn.startIndex) && checkThreadSide(ctx, call, name, method)) return;
        if (name === 'asyncio.get_event_loop') {
          if (inAsync) {
            // Inside a coroutine it returns the running loop: correct, only less explicit than get_running_loop().
            ctx.report({
              node: call,
              severity: 'info',
              message: '`asyncio.get_event_loop()` inside a coroutine returns the running loop, but `asyncio.get_running_loop()` says so and never creates a loop by accident (outside a coroutine `get_event_loop()` is deprecated).',
              suggestion: 'asyncio.get_running_loop()',
            });
          } else if (atImportTime(call)) {
            ctx.report({
              node: call,
              severity: 'warning',
              message: '`asyncio.get_event_loop()` at import time: with no running loop it is deprecated (3.12) and raises (3.14), and the loop it returns is not the one `asyncio.run()` will use. Get the loop inside a coroutine with `asyncio.get_running_loop()`, and start the program with `asyncio.run(main())`.',
            });
          }
          return;
        }
        if (name === 'asyncio.get_running_loop' && atImportTime(call)) {
          ctx.report({
            node: call,
            message: '`asyncio.get_running_loop()` at import time raises RuntimeError ("no running event loop"): module code runs before `asyncio.run()` starts a loop. Call it inside a coroutine.',
          });
          return;
        }
        if (name === 'asyncio.new_event_loop' && atImportTime(call)) {
          ctx.report({
            node: call,
            severity: 'warning',
            confidence: 'medium',
            message: 'An event loop created at import time: objects bound to it (futures, locks on 3.9-) break when the program runs under `asyncio.run()`. Create resources inside `main()` and start with `asyncio.run(main())`.',
          });
          return;
        }
        if (!inAsync) return;
        if (name === 'asyncio.run') {
          ctx.report({
            node: call,
            message: '`asyncio.run()` called from a coroutine raises "cannot be called from a running event loop". `await` the coroutine instead (or `asyncio.create_task` it and keep the task).',
            suggestion: `await ${call.childForFieldName('arguments')?.namedChild(0)?.text ?? 'coro'}`,
          });
          return;
        }
        if (method === 'run_until_complete' || method === 'run_forever') {
          const known = isAsyncioLoop(file, call);
          ctx.report({
            node: call,
            ...(known ? {} : { basis: { kind: 'name' as const, detail: `a method named \`${method}\` on a receiver whose class is not known` } }),
            message: `\`${snippet(calleeOf(call) ?? call)}()\` from a coroutine raises "This event loop is already running" (or "Cannot run the event loop while another loop is running"). \`await\` the coroutine instead.`,
          });
          return;
        }
        if (method === 'result' && isConcurrentFuture(file, call)) {
          ctx.report({
            node: call,
            message: '`.result()` on the concurrent future of `asyncio.run_coroutine_threadsafe()` inside a coroutine blocks the event loop until the coroutine finishes, and deadlocks when that coroutine runs on this same loop. `await` the coroutine, or `await asyncio.wrap_future(fut)`.',
          });
          return;
        }
        if (method === 'close' && closesRunningLoop(file, call, fn)) {
          ctx.report({
            node: call,
            message: '`loop.close()` on the running loop from one of its own coroutines raises RuntimeError ("Cannot close a running event loop"). Let `asyncio.run()` close the loop when `main()` returns.',
          });
        }
      },
    };
  },
};

/** Module or class body, outside any function and outside `if __name__ == "__main__":`. */
function atImportTime(node: PyNode): boolean {
  if (enclosingFunction(node)) return false;
  for (let p = node.parent; p; p = p.parent) {
    if (p.type === 'if_statement' && /__name__\s*==\s*['"]__main__['"]/.test(p.childForFieldName('condition')?.text ?? '')) return false;
  }
  return true;
}

/** The receiver is an asyncio loop: bound from `asyncio.new_event_loop()` etc., or such a call itself. */
function isAsyncioLoop(file: PyFile, call: PyNode): boolean {
  return file.receiverClass(call) === 'asyncio.AbstractEventLoop';
}

/** `asyncio.run_coroutine_threadsafe(...).result()`, or `.result()` on a name bound to such a call in this function. */
function isConcurrentFuture(file: PyFile, call: PyNode): boolean {
  const recv = calleeOf(call)?.childForFieldName('object');
  if (!recv) return false;
  const r = unparen(recv);
  if (r.type === 'call') return file.calleeName(r) === 'asyncio.run_coroutine_threadsafe';
  if (r.type !== 'identifier') return false;
  const body = enclosingFunction(call)?.childForFieldName('body');
  return !!body && boundOnlyFrom(body, r.text, (c) => file.calleeName(c) === 'asyncio.run_coroutine_threadsafe');
}

/** `loop.close()` where this coroutine bound `loop = asyncio.get_running_loop()`. */
function closesRunningLoop(file: PyFile, call: PyNode, fn: PyNode | undefined): boolean {
  const recv = calleeOf(call)?.childForFieldName('object');
  const body = fn?.childForFieldName('body');
  if (!recv || !body) return false;
  const r = unparen(recv);
  const running = (c: PyNode): boolean => file.calleeName(c) === 'asyncio.get_running_loop';
  return r.type === 'call' ? running(r) : boundOnlyFrom(body, r.text, running);
}

/** A call inside a function that runs on a worker thread; true when it reported. */
function checkThreadSide(ctx: PyRuleContext, call: PyNode, name: string | undefined, method: string | undefined): boolean {
  const { file } = ctx;
  if (inAsyncFunction(call)) return false;
  if (name && NEEDS_RUNNING_LOOP.test(name)) {
    ctx.report({
      node: call,
      message: `\`${name}()\` runs on a worker thread here (this function is handed to a thread or an executor), where no event loop is running: it raises RuntimeError. From a thread, use \`asyncio.run_coroutine_threadsafe(coro, loop)\` or \`loop.call_soon_threadsafe(...)\` with the loop captured beforehand.`,
    });
    return true;
  }
  if (!method) return false;
  const cls = file.receiverClass(call);
  const recvText = calleeOf(call)?.childForFieldName('object')?.text ?? '';
  const loopish = cls === 'asyncio.AbstractEventLoop' || /(^|\.)_?(loop|event_loop)$/.test(recvText);
  const objectUnsafe = cls ? NOT_THREADSAFE_OBJECT[cls]?.test(method) : false;
  if ((loopish && NOT_THREADSAFE_LOOP.test(method)) || objectUnsafe) {
    ctx.report({
      node: call,
      severity: 'warning',
      confidence: cls ? 'high' : 'medium',
      ...(cls ? { basis: { kind: 'declared-type' as const, detail: `\`${recvText}\` is an \`${cls}\`${file.bindingOrigin(recvText) ? `, from ${file.bindingOrigin(recvText)}` : ''}` } } : { basis: { kind: 'name' as const, detail: `\`${recvText}\` is named like an event loop` } }),
      message: `\`${snippet(calleeOf(call) ?? call)}()\` from a worker thread (this function is handed to a thread or an executor): asyncio objects are not thread-safe, and the loop may not wake up to run it. Use \`loop.call_soon_threadsafe(...)\` or \`asyncio.run_coroutine_threadsafe(...)\`.`,
    });
    return true;
  }
  return false;
}
