import type { RsRule } from '../rule.js';
import { enclosingFn, type RsFile } from '../symbols.js';
import { boundNames, calleeOf, enclosingLoop, frameOf, lastSegment, laterUses, type RsNode } from '../syntax.js';

const JOINS = /^(futures::future::(join_all|try_join_all|select_all|select_ok)|futures::(join_all|try_join_all))$/;
const SPAWNS = /^(tokio::spawn|tokio::task::spawn|tokio::task::spawn_local|async_std::task::spawn)$/;
const BOUNDS = /\b(buffer_unordered|buffered|acquire|acquire_owned|acquire_many|Semaphore|chunks|chunks_exact|take|join_next)\b/;

/** Is the node inside a `for` loop over chunks of a collection (`for chunk in ids.chunks(16)`): a batch of bounded size? */
function inChunkLoop(node: RsNode): boolean {
  for (let p = node.parent; p; p = p.parent) {
    if (p.type === 'function_item') return false;
    if (p.type === 'for_expression' && /\.(chunks|chunks_exact|chunks_mut)\s*\(/.test(p.childForFieldName('value')?.text ?? '')) return true;
  }
  return false;
}

/** The `let` in this fn that binds `name` to a new `FuturesUnordered` (or declares one), if any. */
function futuresUnorderedBinding(file: RsFile, name: string, fn: RsNode | null): RsNode | undefined {
  return fn?.descendantsOfType('let_declaration').find((l): l is RsNode => {
    if (!l || !boundNames(l.childForFieldName('pattern')).includes(name)) return false;
    const t = file.typeOfTypeNode(l.childForFieldName('type'))?.path ?? file.typeOfValue(l.childForFieldName('value'))?.path ?? '';
    return /(^|::)FuturesUnordered$/.test(t);
  });
}

/** A list written out in the code (`[a, b, c].iter()`, `vec![x, y]`): as many items as the source shows, no more. */
const LITERAL_LIST = /^\s*&?\s*(\[|vec!\s*\[)/;

/** The iterable a collection-wide fan-out maps over: not a counted range, not chunked. */
function overCollection(text: string): boolean {
  if (LITERAL_LIST.test(text)) return false;
  return /\.(map|iter|into_iter)\s*\(/.test(text) && !/^\s*\(?\s*\d+\s*\.\./.test(text) && !BOUNDS.test(text);
}

/** A `for` loop whose items are a collection's (not a counted range, not accepted connections or messages). */
function collectionLoop(loop: RsNode | null): boolean {
  if (!loop || loop.type !== 'for_expression') return false;
  const value = loop.childForFieldName('value') as RsNode | null;
  if (!value || value.type === 'range_expression' || BOUNDS.test(value.text) || LITERAL_LIST.test(value.text)) return false;
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
      return /\.(iter|into_iter|drain|values|keys)\s*\(/.test(source) && !LITERAL_LIST.test(source) && !/^\s*\(?\s*\d+\s*\.\./.test(source) && !BOUNDS.test(source) && !BOUNDS.test(p.text);
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
            if (!arg || inChunkLoop(call)) return;
            if (overCollection(arg.text)) {
              ctx.report({ node: call, confidence: 'medium', message: message(`\`${lastSegment(full)}\` over a mapped collection`) });
            } else if (collectedFanOut(file, arg, enclosingFn(call))) {
              ctx.report({ node: call, confidence: 'medium', message: message(`\`${lastSegment(full)}\` over \`${arg.text}\`, one future per item of a collection,`) });
            }
            return;
          }
        }
        if (c.kind === 'method' && c.receiver) {
          // `stream.for_each_concurrent(None, f)`: no limit, by its own argument.
          if ((c.name === 'for_each_concurrent' || c.name === 'try_for_each_concurrent') && /^None$/.test(call.childForFieldName('arguments')?.namedChild(0)?.text ?? '')) {
            ctx.report({ node: c.node, confidence: 'high', message: message(`\`${c.name}(None, ..)\` (no limit)`) });
            return;
          }
          // `futs.push(fetch(id))` into a `FuturesUnordered`, once per item of a collection: all polled at once.
          if (c.name === 'push' && c.receiver.type === 'identifier' && frameOf(call).async && collectionLoop(enclosingLoop(call)) && !inChunkLoop(call)) {
            const pushed = call.childForFieldName('arguments')?.namedChild(0);
            if (pushed && !isSpawn(file, pushed) && futuresUnorderedBinding(file, c.receiver.text, enclosingFn(call))) {
              ctx.report({ node: call, confidence: 'medium', message: message(`This push into the \`FuturesUnordered\` \`${c.receiver.text}\` in a loop over a collection`) });
              return;
            }
          }
          // `ids.iter().map(fetch).collect::<FuturesUnordered<_>>()`: one future per item, all polled at once.
          if (c.name === 'collect' && /FuturesUnordered/.test(call.childForFieldName('function')?.text ?? '') && overCollection(c.receiver.text) && /\.map\s*\(/.test(c.receiver.text) && !inChunkLoop(call)) {
            ctx.report({ node: c.node, confidence: 'medium', message: message('This `FuturesUnordered` collected from a map over a collection') });
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
