import { boundOnlyFrom, calleeLastName, calleeOf, enclosingFunction, inAsyncFunction, isAsyncDef, LOOP_CALLBACK, referencesTo, snippet, unparen, type PyFile, type PyNode } from '../analysis.js';
import type { PyRule, PyRuleContext } from '../rule.js';

/** asyncio functions that need a running loop in the calling thread and raise RuntimeError without one. */
const NEEDS_RUNNING_LOOP = /^asyncio\.(create_task|ensure_future|get_running_loop|current_task|all_tasks)$/;
/** Loop and asyncio-object methods that are not thread-safe: from another thread they may never wake the loop. */
const NOT_THREADSAFE_LOOP = /^(call_soon|call_later|call_at|create_task|create_future|run_in_executor|stop)$/;
/** Future and task methods that wake waiters through the loop: from another thread they are not safe either. */
const NOT_THREADSAFE_FUTURE = /^(set_result|set_exception|cancel)$/;
const NOT_THREADSAFE_OBJECT: Record<string, RegExp> = {
  'asyncio.Queue': /^(put_nowait|get_nowait)$/,
  'asyncio.PriorityQueue': /^(put_nowait|get_nowait)$/,
  'asyncio.LifoQueue': /^(put_nowait|get_nowait)$/,
  'asyncio.Event': /^(set|clear)$/,
};

export const eventLoopMisuse: PyRule = {
  meta: {
    id: 'event-loop-misuse',
    description: 'asyncio.run()/run_until_complete() from async code or from sync code that runs inside the loop, asyncio loop and future calls from a worker thread, blocking on a future inside the loop, a new loop per call never closed, a loop captured or required at import time.',
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
          } else if (fn && !atImportTime(call) && runsItsLoop(file, call, fn)) {
            // The pre-3.7 way to start a program: `loop = asyncio.get_event_loop()` then `loop.run_until_complete(main())`.
            const raises = versionAtLeast(ctx.target, 3, 14);
            ctx.report({
              node: call,
              severity: raises ? 'warning' : 'info',
              message: `\`asyncio.get_event_loop()\` outside a coroutine, to run the loop it returns: with no loop set it is deprecated (a DeprecationWarning on 3.10.9+, 3.11.1+ and 3.12+) and ${raises ? `raises RuntimeError on the target ${ctx.target}` : 'raises RuntimeError from 3.14'}; the loop is also never closed. Start the program with \`asyncio.run(main())\`.`,
              suggestion: 'asyncio.run(main())',
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
        if (name === 'asyncio.create_task' && atImportTime(call)) {
          ctx.report({
            node: call,
            message: '`asyncio.create_task()` at import time raises RuntimeError ("no running event loop"): module code runs before `asyncio.run()` starts a loop. Create the task inside a coroutine (`main()`).',
          });
          return;
        }
        if (name && LOOP_BOUND_PRIMITIVE.test(name) && atImportTime(call) && !versionAtLeast(ctx.target, 3, 10)) {
          ctx.report({
            node: call,
            severity: 'warning',
            message: `\`${name}()\` at import time on Python ${ctx.target}: before 3.10 it binds to \`asyncio.get_event_loop()\` when it is created, which is not the loop \`asyncio.run()\` starts later, so using it fails with "attached to a different loop" (or hangs). Create it inside a coroutine, or target 3.10+, where it binds on first use.`,
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
        if (name === 'asyncio.new_event_loop' && fn && !inAsync && leakedLoop(call, fn)) {
          ctx.report({
            node: call,
            severity: 'warning',
            message: 'A new event loop is created here on every call and never closed: each one holds a selector and a socket pair until the garbage collector finds it ("unclosed event loop" ResourceWarning), and objects bound to it cannot be reused by the next call. Use `asyncio.run(coro)`, which creates, closes and cleans up the loop, or close it in a `finally:`.',
          });
          return;
        }
        if (!inAsync) {
          if (fn && (name === 'asyncio.run' || method === 'run_until_complete' || method === 'run_forever')) checkLoopSide(ctx, call, fn, name === 'asyncio.run' ? 'asyncio.run' : snippet(calleeOf(call) ?? call));
          else if (fn && method === 'result' && isConcurrentFuture(file, call)) checkLoopSide(ctx, call, fn, snippet(calleeOf(call) ?? call), 'blocks the loop\'s own thread until a coroutine that needs that loop finishes: it deadlocks');
          return;
        }
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

/** asyncio primitives that, before Python 3.10, bind the current event loop when they are constructed. */
const LOOP_BOUND_PRIMITIVE = /^asyncio\.(Lock|Event|Condition|Semaphore|BoundedSemaphore|Queue|PriorityQueue|LifoQueue)$/;

/** `3.11` >= 3.10. */
function versionAtLeast(target: string, major: number, minor: number): boolean {
  const [a, b] = target.split('.').map((x) => Number.parseInt(x, 10));
  return (a ?? 0) > major || ((a ?? 0) === major && (b ?? 0) >= minor);
}

/**
 * `loop = asyncio.get_event_loop()` (or the call itself) whose loop this plain function then runs
 * (`run_until_complete` / `run_forever`): the function starts the program's loop, so no loop is running yet. A
 * function that sets a loop first (`set_event_loop`) gets that loop back, as it should.
 */
function runsItsLoop(file: PyFile, call: PyNode, fn: PyNode): boolean {
  if (file.loopSideFunctions().has(fn.startIndex)) return false;
  const body = fn.childForFieldName('body');
  if (!body || /\bset_event_loop\(/.test(body.text)) return false;
  const runs = (n: PyNode): boolean => {
    const p = n.parent;
    return p?.type === 'attribute' && p.childForFieldName('object')?.startIndex === n.startIndex && /^(run_until_complete|run_forever)$/.test(p.childForFieldName('attribute')?.text ?? '');
  };
  if (runs(call)) return true;
  const parent = call.parent;
  const left = parent?.type === 'assignment' && parent.childForFieldName('right')?.startIndex === call.startIndex ? parent.childForFieldName('left') : undefined;
  return left?.type === 'identifier' && referencesTo(body, left.text).some(runs);
}

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
  if (name === 'asyncio.get_event_loop') {
    ctx.report({
      node: call,
      severity: 'warning',
      message: '`asyncio.get_event_loop()` runs on a worker thread here (this function is handed to a thread or an executor): in a thread other than the main one, with no loop set for it, it raises RuntimeError ("There is no current event loop in thread"). Capture the loop with `asyncio.get_running_loop()` in the coroutine that starts the thread and pass it in, then use `loop.call_soon_threadsafe(...)` or `asyncio.run_coroutine_threadsafe(coro, loop)`.',
    });
    return true;
  }
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
  const objectUnsafe = cls ? NOT_THREADSAFE_OBJECT[cls]?.test(method) : NOT_THREADSAFE_FUTURE.test(method) && futureSource(file, recvText) !== undefined;
  if ((loopish && NOT_THREADSAFE_LOOP.test(method)) || objectUnsafe) {
    ctx.report({
      node: call,
      severity: 'warning',
      confidence: cls || objectUnsafe ? 'high' : 'medium',
      ...(cls
        ? { basis: { kind: 'declared-type' as const, detail: `\`${recvText}\` is an \`${cls}\`${file.bindingOrigin(recvText) ? `, from ${file.bindingOrigin(recvText)}` : ''}` } }
        : objectUnsafe
          ? { basis: { kind: 'declared-type' as const, detail: `\`${recvText}\` is an asyncio future or task, from ${futureSource(file, recvText)}` } }
          : { basis: { kind: 'name' as const, detail: `\`${recvText}\` is named like an event loop` } }),
      message: `\`${snippet(calleeOf(call) ?? call)}()\` from a worker thread (this function is handed to a thread or an executor): asyncio objects are not thread-safe, and the loop may not wake up to run it. Use \`loop.call_soon_threadsafe(...)\` or \`asyncio.run_coroutine_threadsafe(...)\`.`,
    });
    return true;
  }
  return false;
}

/** Where a name is bound to an asyncio future or task (`loop.create_future()`, `asyncio.Future()`, a `Future` annotation). */
function futureSource(file: PyFile, name: string): string | undefined {
  if (!name) return undefined;
  for (const a of file.root.descendantsOfType('assignment')) {
    if (a?.childForFieldName('left')?.text !== name) continue;
    const right = a.childForFieldName('right');
    const r = right ? unparen(right) : undefined;
    const fromCall = r?.type === 'call' && (/^(create_future|create_task)$/.test(calleeLastName(r)) || /^asyncio\.(Future|ensure_future|create_task)$/.test(file.calleeName(r) ?? ''));
    const annotated = /^(asyncio\.)?(Future|Task)\b/.test(a.childForFieldName('type')?.text ?? '');
    if (fromCall || annotated) return `\`${snippet(a)}\` (line ${a.startPosition.row + 1})`;
  }
  return undefined;
}

/**
 * `loop = asyncio.new_event_loop()` in a plain function that runs a coroutine on it and never closes it nor lets it
 * escape (returned, stored, handed to another call, set as the thread's loop), or
 * `asyncio.new_event_loop().run_until_complete(...)`.
 */
function leakedLoop(call: PyNode, fn: PyNode): boolean {
  const parent = call.parent;
  if (parent?.type === 'attribute' && parent.childForFieldName('object')?.startIndex === call.startIndex) return parent.childForFieldName('attribute')?.text === 'run_until_complete';
  if (parent?.type !== 'assignment' || parent.childForFieldName('right')?.startIndex !== call.startIndex) return false;
  const left = parent.childForFieldName('left');
  const body = fn.childForFieldName('body');
  if (left?.type !== 'identifier' || !body) return false;
  const refs = referencesTo(body, left.text).filter((r) => r.startIndex !== left.startIndex);
  // Every other use is a method call on it, one of them runs a coroutine to completion (a per-call helper, not a
  // thread's long-lived `run_forever` loop), and none of them closes it.
  const methods = refs.map((r) => {
    const p = r.parent;
    return p?.type === 'attribute' && p.childForFieldName('object')?.startIndex === r.startIndex && p.parent?.type === 'call' ? p.childForFieldName('attribute')?.text : undefined;
  });
  return methods.includes('run_until_complete') && methods.every((m) => m !== undefined && m !== 'close' && m !== 'run_forever');
}

/** Loop-side code may be written to cope with a running loop: it asks for one, or catches the RuntimeError. */
const COPES_WITH_RUNNING_LOOP = /\b(get_running_loop|_get_running_loop|is_running|RuntimeError|nest_asyncio)\b/;

/**
 * `asyncio.run()` / `run_until_complete()` in a plain function that runs on the loop's thread while the loop runs
 * (called from a coroutine, or scheduled as a loop callback): it raises RuntimeError there.
 */
function checkLoopSide(ctx: PyRuleContext, call: PyNode, fn: PyNode, what: string, effect = 'raises RuntimeError ("cannot be called from a running event loop")'): void {
  const { file } = ctx;
  const via = file.loopSideFunctions().get(fn.startIndex);
  if (!via || COPES_WITH_RUNNING_LOOP.test(fn.text)) return;
  const caller = enclosingFunction(via);
  const callerName = caller?.childForFieldName('name')?.text ?? 'a lambda';
  const line = via.startPosition.row + 1;
  const how = LOOP_CALLBACK.test(calleeLastName(via))
    ? `it is scheduled as an event-loop callback (\`${snippet(calleeOf(via) ?? via)}\`, line ${line})`
    : isAsyncDef(caller)
      ? `the coroutine \`${callerName}\` calls it directly (line ${line})`
      : `\`${callerName}\` calls it (line ${line}), and that function runs on the event loop`;
  ctx.report({
    node: call,
    severity: 'warning',
    confidence: 'high',
    message: `\`${what}()\` in a plain function that runs inside the running event loop: ${how}, so a loop is already running in this thread and the call ${effect}. Make the function \`async\` and \`await\` the coroutine, or call the sync wrapper off the loop (\`await asyncio.to_thread(...)\`).`,
  });
}
