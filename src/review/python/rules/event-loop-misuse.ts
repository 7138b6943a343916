import { enclosingFunction, inAsyncFunction, type PyNode } from '../analysis.js';
import type { PyRule } from '../rule.js';

export const eventLoopMisuse: PyRule = {
  meta: {
    id: 'event-loop-misuse',
    description: 'get_event_loop() in a coroutine, asyncio.run()/run_until_complete() from async code, a loop captured at import time.',
    severity: 'error',
    patternId: 'graceful-shutdown',
  },
  create(ctx) {
    const { file } = ctx;
    return {
      call(call) {
        const name = file.calleeName(call);
        const method = call.childForFieldName('function')?.childForFieldName('attribute')?.text;
        const inAsync = inAsyncFunction(call);
        if (name === 'asyncio.get_event_loop') {
          if (inAsync) {
            ctx.report({
              node: call,
              message: '`asyncio.get_event_loop()` inside a coroutine: use `asyncio.get_running_loop()`, which always returns the loop running this coroutine and never creates a new one.',
              suggestion: 'asyncio.get_running_loop()',
            });
          } else if (atImportTime(call)) {
            ctx.report({
              node: call,
              message: '`asyncio.get_event_loop()` at import time: with no running loop it is deprecated (3.12) and raises (3.14), and the loop it returns is not the one `asyncio.run()` will use. Get the loop inside a coroutine with `asyncio.get_running_loop()`, and start the program with `asyncio.run(main())`.',
            });
          }
          return;
        }
        if (name === 'asyncio.new_event_loop' && atImportTime(call)) {
          ctx.report({
            node: call,
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
        } else if (method === 'run_until_complete' || method === 'run_forever') {
          ctx.report({
            node: call,
            message: `\`loop.${method}()\` from a coroutine raises "This event loop is already running". \`await\` the coroutine instead.`,
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

