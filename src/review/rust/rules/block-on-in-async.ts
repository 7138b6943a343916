import type { RsRule } from '../rule.js';
import { calleeOf, frameOf } from '../syntax.js';

/** Free functions that run a future to completion on the calling thread. */
const BLOCK_ON_PATHS = /^(futures::executor::block_on|futures_executor::block_on|pollster::block_on|async_std::task::block_on|smol::block_on|futures_lite::future::block_on|tokio::runtime::Runtime::block_on|tokio::runtime::Handle::block_on)$/;

export const blockOnInAsync: RsRule = {
  meta: {
    id: 'block-on-in-async',
    description: 'A block_on (Runtime/Handle::block_on, futures::executor::block_on) inside async code: tokio panics, other executors block the worker.',
    severity: 'error',
    patternId: 'offload-blocking',
    certainFromSyntax: 'A `block_on` call in the body of an async fn or block (outside a `spawn_blocking`/`block_in_place` closure) runs on a runtime worker: tokio\'s `Runtime::block_on` and `Handle::block_on` panic there ("Cannot start a runtime from within a runtime"), and any other executor\'s `block_on` parks the worker until the future completes, which deadlocks when that future needs the same worker.',
  },
  create(ctx) {
    const { file } = ctx;
    return {
      call_expression(call) {
        const c = calleeOf(call);
        if (!c) return;
        let what: string | undefined;
        if (c.kind === 'method' && c.name === 'block_on') what = `${c.receiver?.text.split('\n')[0]?.slice(0, 40) ?? ''}.block_on(..)`;
        else if (c.kind === 'path') {
          const full = file.resolvePath(c.name);
          if (full && BLOCK_ON_PATHS.test(full)) what = `${full}(..)`;
        }
        if (!what) return;
        if (!frameOf(call).async) {
          // A sync fn of this file that blocks on a future, called straight from async code: the same panic or
          // deadlock, one call away.
          const caller = file.asyncCallerOf(call);
          if (!caller) return;
          ctx.report({
            node: call,
            severity: 'warning',
            confidence: 'medium',
            basis: { kind: 'syntax', detail: `the sync fn holding it is called from async code on line ${caller.startPosition.row + 1}` },
            message: `\`${what}\` runs in a sync fn that async code of this file calls directly (line ${caller.startPosition.row + 1}), so it blocks a runtime worker: tokio's \`block_on\` panics there ("Cannot start a runtime from within a runtime"), and other executors' deadlock when the future needs this worker. Make the fn async and \`.await\` the future, or call the fn through \`tokio::task::spawn_blocking\`.`,
          });
          return;
        }
        ctx.report({
          node: call,
          message: `\`${what}\` inside async code blocks the runtime worker that should be polling futures: tokio's \`block_on\` panics here ("Cannot start a runtime from within a runtime"), and other executors' deadlock when the future needs this worker. \`.await\` the future instead; from sync code called by async code, use \`tokio::task::spawn_blocking\` or \`block_in_place\` around it.`,
        });
      },
    };
  },
};
