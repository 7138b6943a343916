import type { RsRule } from '../rule.js';
import { enclosingFn, type RsFile } from '../symbols.js';
import { calleeOf, enclosingLoop, frameOf, lastSegment, laterUses, type RsNode } from '../syntax.js';

const JOINS = /^(futures::future::(join_all|try_join_all|select_all|select_ok)|futures::(join_all|try_join_all))$/;
const SPAWNS = /^(tokio::spawn|tokio::task::spawn|tokio::task::spawn_local|async_std::task::spawn)$/;
const BOUNDS = /\b(buffer_unordered|buffered|acquire|acquire_owned|acquire_many|Semaphore|chunks|take)\b/;

/** The iterable a collection-wide fan-out maps over: not a counted range, not chunked. */
function overCollection(text: string): boolean {
  return /\.(map|iter|into_iter)\s*\(/.test(text) && !/^\s*\(?\s*\d+\s*\.\./.test(text) && !BOUNDS.test(text);
}

/** A `for` loop whose items are a collection's (not a counted range, not accepted connections or messages). */
function collectionLoop(loop: RsNode | null): boolean {
  if (!loop || loop.type !== 'for_expression') return false;
  const value = loop.childForFieldName('value') as RsNode | null;
  if (!value || value.type === 'range_expression' || BOUNDS.test(value.text)) return false;
  const body = loop.childForFieldName('body');
  if (!body || BOUNDS.test(body.text)) return false;
  // A loop that accepts connections or receives messages is a server, bounded by its input: not this rule.
  return !/\b(accept|recv|next)\s*\(/.test(value.text);
}

function isSpawn(file: RsFile, call: RsNode): boolean {
  const c = calleeOf(call);
  if (!c) return false;
  if (c.kind === 'method') return c.name === 'spawn' && !!c.receiver;
  return SPAWNS.test(file.resolvePath(c.name) ?? c.name);
}

/**
 * The closure a call runs in, when that closure is the argument of `.map(..)` over a collection
 * (`ids.iter().map(|id| tokio::spawn(..))`): one call per item, all started as the iterator is collected.
 */
function mappedOverCollection(call: RsNode): boolean {
  for (let p = call.parent; p; p = p.parent) {
    if (p.type === 'closure_expression') {
      const args = p.parent;
      const mapCall = args?.type === 'arguments' ? args.parent : null;
      const c = mapCall?.type === 'call_expression' ? calleeOf(mapCall) : undefined;
      if (c?.kind !== 'method' || c.name !== 'map' || !c.receiver) return false;
      const source = c.receiver.text;
      return /\.(iter|into_iter|drain|values|keys)\s*\(/.test(source) && !/^\s*\(?\s*\d+\s*\.\./.test(source) && !BOUNDS.test(source) && !BOUNDS.test(p.text);
    }
    if (p.type === 'function_item' || p.type === 'async_block') return false;
  }
  return false;
}

/**
 * `join_all(futs)` where `futs` is bound in this fn to a map over a collection, or is a `Vec` that a loop over a
 * collection fills with one future per item. Spawned handles are left to the spawn (reported there).
 */
function collectedFanOut(file: RsFile, arg: RsNode, fn: RsNode | null): boolean {
  if (arg.type !== 'identifier' || !fn) return false;
  const name = arg.text;
  for (const letNode of fn.descendantsOfType('let_declaration')) {
    if (!letNode || letNode.startIndex > arg.startIndex) continue;
    if (letNode.childForFieldName('pattern')?.text.replace(/^mut\s+/, '') !== name) continue;
    const value = letNode.childForFieldName('value');
    if (!value) continue;
    if (overCollection(value.text) && /\.map\s*\(/.test(value.text)) {
      return !value.descendantsOfType('call_expression').some((k) => !!k && isSpawn(file, k));
    }
    if (!/^(Vec::(new|with_capacity)\s*\(|vec!\s*\[\s*\])/.test(value.text.replace(/::<[^>]*>/, ''))) continue;
    return laterUses(letNode, name).some((u) => {
      const call = u.parent?.parent;
      if (call?.type !== 'call_expression' || calleeOf(call)?.name !== 'push' || call.startIndex > arg.startIndex) return false;
      const pushed = call.childForFieldName('arguments')?.namedChild(0);
      return !!pushed && pushed.type === 'call_expression' && !isSpawn(file, pushed) && collectionLoop(enclosingLoop(call));
    });
  }
  return false;
}

export const unboundedConcurrency: RsRule = {
  meta: {
    id: 'unbounded-concurrency',
    description: 'A fan-out that starts one future or task per item of a collection at once (join_all over a map or over a Vec filled per item, spawn in a loop or in a map) with no limit.',
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
            if (!arg) return;
            if (overCollection(arg.text)) {
              ctx.report({ node: call, confidence: 'medium', message: message(`\`${lastSegment(full)}\` over a mapped collection`) });
            } else if (collectedFanOut(file, arg, enclosingFn(call))) {
              ctx.report({ node: call, confidence: 'medium', message: message(`\`${lastSegment(full)}\` over \`${arg.text}\`, one future per item of a collection,`) });
            }
            return;
          }
        }
        if (!isSpawn(file, call)) return;
        // A spawn per item of a map over a collection.
        if (mappedOverCollection(call)) {
          ctx.report({ node: call, confidence: 'medium', message: message('This `spawn` in a `map` over a collection') });
          return;
        }
        // A spawn per iteration of a loop over a collection.
        if (!frameOf(call).async || !collectionLoop(enclosingLoop(call))) return;
        ctx.report({ node: call, confidence: 'medium', message: message('This `spawn` in a loop over a collection') });
      },
    };
  },
};
