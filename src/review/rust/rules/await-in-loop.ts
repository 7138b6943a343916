import type { RsRule } from '../rule.js';
import { enclosingFn, type RsFile } from '../symbols.js';
import { awaitsIn, boundNames, calleeOf, frameOf, lastSegment, sameFrameDescendants, type RsNode } from '../syntax.js';

/**
 * Awaits that are sequential by nature: receiving, locking, sleeping, sending in order, joining a batch, waiting for
 * work that already runs (`worker.join()`, `task.stop()`), closing what is open (`conn.shutdown()`).
 */
const SEQUENTIAL = /^(join|stop|abort|cancel|close|shutdown|recv|recv_many|next|try_next|lock|read|write|acquire|acquire_owned|acquire_many|sleep|sleep_until|tick|send|send_all|changed|notified|wait|join_next|join_all|try_join_all|accept|read_line|read_exact|read_buf|write_all|flush|readable|writable|ready|reserve|closed|select|timeout|into_future|feed|forward)$/;
/**
 * Ways a loop stops early on purpose: the items after must not run, so the order matters. A `?` is not one of them:
 * it gives up on the first failure, which `try_join_all` / a `JoinSet` do as well.
 */
const EXITS = new Set(['break_expression', 'return_expression']);
const LETS = new Set(['let_declaration']);
const ASSIGNS = new Set(['assignment_expression', 'compound_assignment_expr']);
const CALLS = new Set(['call_expression']);
const TIMEOUTS = /^(timeout|timeout_at)$/;

/**
 * Is `name` bound outside the loop to something this code holds by `&mut`: a `&mut T` parameter, or a `let mut`
 * local? A call that borrows it mutably (`conn.exec(..)` on `&mut self`, `write_row(&mut conn, ..)`) cannot overlap
 * another: the iterations are sequential by the borrow rules, not by oversight.
 */
function heldMutably(name: string, loop: RsNode): boolean {
  const fn = enclosingFn(loop);
  if (!fn) return false;
  for (const p of fn.childForFieldName('parameters')?.namedChildren ?? []) {
    if (p?.type === 'parameter' && boundNames(p.childForFieldName('pattern')).includes(name) && /^&\s*(('\w+\s+)?)mut\b/.test(p.childForFieldName('type')?.text ?? '')) return true;
  }
  return fn.descendantsOfType('let_declaration').some((l) => !!l && l.startIndex < loop.startIndex && l.children.some((k) => k?.type === 'mutable_specifier') && boundNames(l.childForFieldName('pattern')).includes(name));
}

/** Does this call need a mutable borrow of something shared by every iteration (its receiver or an argument)? */
function borrowsSharedMutably(file: RsFile, call: RsNode, c: { name: string; receiver?: RsNode }, loop: RsNode): boolean {
  if (c.receiver?.type === 'identifier' && heldMutably(c.receiver.text, loop)) return true;
  // A method of this file that takes `&mut self` (`self.apply(x)` in a `&mut self` method, `conn.exec(..)`).
  const decl = c.receiver ? file.fnItems.get(c.name) : undefined;
  if (decl && /^&\s*('\w+\s+)?mut\s+self$/.test(decl.childForFieldName('parameters')?.namedChildren.find((k) => k?.type === 'self_parameter')?.text ?? '')) return true;
  const args = call.childForFieldName('arguments');
  return (args?.namedChildren ?? []).some((a) => {
    if (a?.type !== 'reference_expression' || !a.children.some((k) => k?.type === 'mutable_specifier')) return false;
    const target = a.namedChild(a.namedChildCount - 1);
    return target?.type === 'identifier' && heldMutably(target.text, loop);
  }) || (args?.namedChildren ?? []).some((a) => a?.type === 'identifier' && heldMutably(a.text, loop) && /^&\s*mut\b/.test(paramTypeOf(loop, a.text)));
}

/** The written type of a parameter of the fn enclosing `node`, or ''. */
function paramTypeOf(node: RsNode, name: string): string {
  const fn = enclosingFn(node);
  const p = fn?.childForFieldName('parameters')?.namedChildren.find((k) => k?.type === 'parameter' && boundNames(k.childForFieldName('pattern')).includes(name));
  return p?.childForFieldName('type')?.text ?? '';
}

/** Methods that change a collection or a value in place (`seen.insert(v)`, `path.push(seg)`). */
const MUTATORS = /^(insert|push|push_back|push_front|push_str|extend|append|remove|clear|retain|truncate|set|entry|pop|pop_front|swap_remove|drain)$/;

/**
 * Names the loop body assigns (`hop = ..`, `parent = h`, `total += n`) or changes in place (`seen.insert(v)`) that
 * are declared before the loop: state carried from one iteration to the next.
 */
function carriedNames(body: RsNode): Set<string> {
  const out = new Set<string>();
  for (const a of sameFrameDescendants(body, ASSIGNS)) {
    const left = a.childForFieldName('left');
    if (left?.type === 'identifier') out.add(left.text);
  }
  for (const call of sameFrameDescendants(body, CALLS)) {
    const c = calleeOf(call);
    if (c?.kind === 'method' && c.receiver?.type === 'identifier' && MUTATORS.test(c.name)) out.add(c.receiver.text);
  }
  for (const l of sameFrameDescendants(body, LETS)) for (const n of boundNames(l.childForFieldName('pattern'))) out.delete(n);
  return out;
}

/** Is this awaited call one whose awaits are ordered by nature (a receive, a lock, a channel send...)? */
function sequential(c: { name: string; receiver?: RsNode }): boolean {
  const name = lastSegment(c.name);
  // `client.post(url).json(&x).send()` sends a request a builder made; `tx.send(x)` sends into a channel, in order.
  if (name === 'send' && c.receiver?.type === 'call_expression') return false;
  return SEQUENTIAL.test(name);
}

export const awaitInLoop: RsRule = {
  meta: {
    id: 'await-in-loop',
    description: 'A for loop that awaits one independent call per item, one after another, where they could run concurrently.',
    severity: 'warning',
    patternId: 'bounded-concurrency',
  },
  create(ctx) {
    const { file } = ctx;
    return {
      for_expression(loop) {
        if (!frameOf(loop).async) return;
        const body = loop.childForFieldName('body');
        const vars = boundNames(loop.childForFieldName('pattern'));
        if (!body || vars.length === 0) return;
        const value = loop.childForFieldName('value');
        if (value?.type === 'range_expression') return; // a counted loop: retries, rounds, pages
        // Items of a channel (`for msg in rx`, `rx.iter()`) arrive one at a time: there is no batch to fan out.
        const source = value?.type === 'call_expression' ? calleeOf(value)?.receiver : value;
        if (source && /::Receiver$/.test(file.typeOfExpr(source)?.path ?? '')) return;
        if (sameFrameDescendants(body, EXITS).length > 0) return; // stops early: the order matters
        // Names that stand for the item: the loop pattern's, and each `let` in the body computed from one of them.
        const mentionsAny = (names: string[], t: string) => names.some((v) => new RegExp(`\\b${v}\\b`).test(t));
        for (const l of sameFrameDescendants(body, LETS)) {
          const v = l.childForFieldName('value');
          if (v && mentionsAny(vars, v.text)) vars.push(...boundNames(l.childForFieldName('pattern')));
        }
        const mentions = (t: string) => mentionsAny(vars, t);
        // The first await that calls something for this item (mentions an item name) and is not sequential by nature.
        let first: RsNode | undefined;
        let c: ReturnType<typeof calleeOf>;
        const awaits = awaitsIn(body);
        // A loop that sleeps or ticks between items is paced on purpose (rate limits, politeness).
        const paced = awaits.some((a) => {
          const k = a.namedChild(0);
          const callee = k?.type === 'call_expression' ? calleeOf(k) : undefined;
          return !!callee && /^(sleep|sleep_until|tick|delay_for)$/.test(lastSegment(callee.name));
        });
        if (paced) return;
        const carried = carriedNames(body);
        const mentionsCarried = (t: string) => [...carried].some((v) => new RegExp(`\\b${v}\\b`).test(t));
        for (const a of awaits) {
          const target = a.namedChild(0) as RsNode | null;
          let call = target?.type === 'try_expression' ? target.namedChild(0) : target;
          if (!call || call.type !== 'call_expression') continue;
          let callee = calleeOf(call);
          // `timeout(d, fetch(id)).await`: what the loop waits for is the inner call, with a deadline.
          if (callee && TIMEOUTS.test(lastSegment(callee.name))) {
            const inner = call.childForFieldName('arguments')?.namedChild(1);
            if (inner?.type !== 'call_expression') continue;
            call = inner;
            callee = calleeOf(inner);
          }
          if (!callee || sequential(callee)) continue;
          if (borrowsSharedMutably(file, call, callee, loop)) continue;
          // Each call takes what the one before produced (`hop = forward(hop, step).await`): dependent iterations.
          if (mentionsCarried(call.text)) continue;
          // Local file operations (`tokio::fs`) are quick and often must happen in order: not worth a fan-out.
          if (/^tokio::fs::/.test(file.resolvePath(callee.name) ?? '')) continue;
          // `apply(step).await?;`: a side effect whose failure stops the rest, its output unused: a sequence of
          // steps (migrations, ordered writes), not a batch of independent lookups.
          const outer = a.parent?.type === 'try_expression' ? a.parent : a;
          if (outer.type === 'try_expression' && outer.parent?.type === 'expression_statement') continue;
          const args = call.childForFieldName('arguments')?.text ?? '';
          if (!mentions(args) && !(callee.receiver && mentions(callee.receiver.text))) continue;
          first = a;
          c = callee;
          break;
        }
        if (!first || !c) return;
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
