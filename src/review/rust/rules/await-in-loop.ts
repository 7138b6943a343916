import type { RsRule } from '../rule.js';
import { awaitsIn, boundNames, calleeOf, frameOf, lastSegment, sameFrameDescendants, type RsNode } from '../syntax.js';

/** Awaits that are sequential by nature: receiving, locking, sleeping, sending in order, joining a batch. */
const SEQUENTIAL = /^(recv|recv_many|next|try_next|lock|read|write|acquire|acquire_owned|acquire_many|sleep|sleep_until|tick|send|send_all|changed|notified|wait|join_next|join_all|try_join_all|accept|read_line|read_exact|read_buf|write_all|flush|readable|writable|ready|reserve|closed|select|timeout|into_future|feed|forward)$/;
/** Ways a loop stops early (a `?` too): the items after a failure must not run, so the order matters. */
const EXITS = new Set(['break_expression', 'return_expression', 'try_expression']);

export const awaitInLoop: RsRule = {
  meta: {
    id: 'await-in-loop',
    description: 'A for loop that awaits one independent call per item, one after another, where they could run concurrently.',
    severity: 'warning',
    patternId: 'bounded-concurrency',
  },
  create(ctx) {
    return {
      for_expression(loop) {
        if (!frameOf(loop).async) return;
        const body = loop.childForFieldName('body');
        const vars = boundNames(loop.childForFieldName('pattern'));
        if (!body || vars.length === 0) return;
        const value = loop.childForFieldName('value');
        if (value?.type === 'range_expression') return; // a counted loop: retries, rounds, pages
        if (sameFrameDescendants(body, EXITS).length > 0) return; // stops early: the order matters
        const awaits = awaitsIn(body);
        const first = awaits[0];
        if (!first) return;
        // The awaited call is for this item (mentions the loop variable) and is not a sequential-by-nature operation.
        const target = first.namedChild(0) as RsNode | null;
        if (!target || target.type !== 'call_expression' && target.type !== 'try_expression') return;
        const call = target.type === 'try_expression' ? target.namedChild(0) : target;
        if (!call || call.type !== 'call_expression') return;
        const c = calleeOf(call);
        if (!c || SEQUENTIAL.test(lastSegment(c.name))) return;
        const args = call.childForFieldName('arguments')?.text ?? '';
        const mentions = (t: string) => vars.some((v) => new RegExp(`\\b${v}\\b`).test(t));
        if (!mentions(args) && !(c.receiver && mentions(c.receiver.text))) return;
        // A later await that uses what an earlier one in the loop produced is a chain per item, still independent
        // across items; but a value carried across iterations (`prev = ...`) makes them dependent.
        if (/\b(prev|last|previous|cursor|offset|state|acc)\b\s*=/.test(body.text)) return;
        ctx.report({
          node: first,
          confidence: 'medium',
          message: `Each iteration awaits \`${c.name}(..)\` for one item before starting the next, so the loop takes the sum of all the calls' times. When the items are independent, run them concurrently with a bound: \`futures::stream::iter(items).map(|x| f(x)).buffer_unordered(N)\` or a \`JoinSet\` with a \`Semaphore\`.`,
        });
      },
    };
  },
};
