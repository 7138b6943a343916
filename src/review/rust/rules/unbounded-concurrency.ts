import type { RsRule } from '../rule.js';
import { calleeOf, enclosingLoop, frameOf, lastSegment, type RsNode } from '../syntax.js';

const JOINS = /^(futures::future::(join_all|try_join_all|select_all|select_ok)|futures::(join_all|try_join_all))$/;
const SPAWNS = /^(tokio::spawn|tokio::task::spawn|tokio::task::spawn_local|async_std::task::spawn)$/;
const BOUNDS = /\b(buffer_unordered|buffered|acquire|acquire_owned|acquire_many|Semaphore|chunks|take)\b/;

/** The iterable a collection-wide fan-out maps over: not a counted range, not chunked. */
function overCollection(text: string): boolean {
  return /\.(map|iter|into_iter)\s*\(/.test(text) && !/^\s*\(?\s*\d+\s*\.\./.test(text) && !BOUNDS.test(text);
}

export const unboundedConcurrency: RsRule = {
  meta: {
    id: 'unbounded-concurrency',
    description: 'A fan-out that starts one future or task per item of a collection at once (join_all over a map, spawn in a loop) with no limit.',
    severity: 'warning',
    patternId: 'bounded-concurrency',
  },
  create(ctx) {
    const { file } = ctx;
    const message = (what: string) => `${what} starts one future per item, all at once: with a large input this opens that many connections, files or tasks together and exhausts sockets, memory or the remote's rate limit. Bound it: \`futures::stream::iter(items).map(f).buffer_unordered(N)\`, or a \`tokio::sync::Semaphore\` permit held by each task.`;
    return {
      call_expression(call) {
        const c = calleeOf(call);
        if (!c) return;
        if (c.kind === 'path') {
          const full = file.resolvePath(c.name) ?? c.name;
          if (JOINS.test(full)) {
            const arg = call.childForFieldName('arguments')?.namedChild(0);
            if (!arg || !overCollection(arg.text)) return;
            ctx.report({ node: call, confidence: 'medium', message: message(`\`${lastSegment(full)}\` over a mapped collection`) });
            return;
          }
          if (!SPAWNS.test(full)) return;
        } else if (c.name !== 'spawn' || !c.receiver) return;
        // A spawn per iteration of a loop over a collection.
        const loop = enclosingLoop(call);
        if (!loop || loop.type !== 'for_expression' || !frameOf(call).async) return;
        const value = loop.childForFieldName('value') as RsNode | null;
        if (!value || value.type === 'range_expression' || BOUNDS.test(value.text)) return;
        const body = loop.childForFieldName('body');
        if (!body || BOUNDS.test(body.text)) return;
        // A loop that accepts connections or receives messages is a server, bounded by its input: not this rule.
        if (/\b(accept|recv|next)\s*\(/.test(value.text)) return;
        ctx.report({ node: call, confidence: 'medium', message: message(`This \`spawn\` in a loop over a collection`) });
      },
    };
  },
};
