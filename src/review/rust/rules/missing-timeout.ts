import type { RsRule } from '../rule.js';
import { selectOfBranch } from '../macros.js';
import { enclosingFn, type RsFile } from '../symbols.js';
import { boundNames, calleeOf, frameOf, isAwaited, lastSegment, laterUses, type RsNode } from '../syntax.js';

/** Network calls that wait as long as the peer lets them when no timeout is set. */
const UNTIMED = /^(reqwest::get|reqwest::Client::(new|builder|default)|reqwest::ClientBuilder::new|tokio::net::TcpStream::connect)$/;
// Not `UnixStream::connect`: a Unix socket connect does not wait on a network; with the listener's backlog full it
// fails at once (EAGAIN) rather than hanging.

/**
 * Does the connect address come from a listener this code bound itself (`listener.local_addr()`, directly or through
 * a name): the peer is this process, not a host that can stop answering.
 */
function ownListenerAddress(call: RsNode): boolean {
  const arg = call.childForFieldName('arguments')?.namedChild(0);
  if (!arg) return false;
  if (/\blocal_addr\s*\(/.test(arg.text)) return true;
  const name = /^&?\s*([A-Za-z_]\w*)$/.exec(arg.text)?.[1];
  const fn = name ? enclosingFn(call) : null;
  return !!fn && fn.descendantsOfType('let_declaration').some((l) => !!l && l.startIndex < call.startIndex && boundNames(l.childForFieldName('pattern')).includes(name as string) && /\blocal_addr\s*\(/.test(l.childForFieldName('value')?.text ?? ''));
}

/** A branch future that is a timer: the select! it is in gives up when the timer fires. */
const TIMER = /\b(sleep|sleep_until|timeout|timeout_at|interval|interval_at|tick|deadline)\b/;
const TIMEOUTS = /^(timeout|timeout_at|with_timeout)$/;
/** Calls that hand a future on unchanged in what it waits for: a task that runs it, a pinned box of it. */
const CARRIERS = /^(spawn|spawn_local|pin)$/;
/** How far a future is followed through names, tasks and collections before giving up. */
const MAX_HOPS = 6;

/** Is this select! branch expression a timer: a timer call, or a name this fn binds to one (`&mut give_up`)? */
function isTimer(expr: RsNode): boolean {
  if (TIMER.test(expr.text)) return true;
  const name = /^(?:&\s*mut\s+)?([A-Za-z_]\w*)$/.exec(expr.text.trim())?.[1];
  const fn = name ? enclosingFn(expr) : null;
  if (!fn || !name) return false;
  return fn.descendantsOfType('let_declaration').some((l) => !!l && l.startIndex < expr.startIndex && boundNames(l.childForFieldName('pattern')).includes(name) && TIMER.test(l.childForFieldName('value')?.text ?? ''));
}

/** Is the future a branch of a `select!` that races it against a timer (`_ = sleep(d) => ..`)? */
function racedAgainstTimer(fut: RsNode): boolean {
  const select = selectOfBranch(fut);
  return !!select && select.namedChildren.some((st) => {
    const a = st?.type === 'expression_statement' ? st.namedChild(0) : null;
    const right = a?.type === 'assignment_expression' ? a.childForFieldName('right') : null;
    return !!right && right.id !== fut.id && isTimer(right);
  });
}

/**
 * Is the wait of this future bounded by a timer somewhere it flows: handed to `timeout(..)`, raced in a `select!`
 * against a timer, or carried on and bounded there: bound to a name, spawned (its `JoinHandle` awaited under a
 * timeout), pushed into a `Vec` whose items are, or awaited inside an async block or fn whose own future is (every
 * call of that fn in this file under a timeout).
 */
function futureGuarded(file: RsFile, fut: RsNode, hops: number): boolean {
  if (hops > MAX_HOPS) return false;
  if (racedAgainstTimer(fut)) return true;
  if (fut.parent?.type === 'token_tree') return inTimeoutTokens(fut);
  let e = fut;
  while (e.parent?.type === 'parenthesized_expression' || e.parent?.type === 'reference_expression') e = e.parent;
  const p = e.parent;
  if (!p) return false;
  if (p.type === 'await_expression') return frameGuarded(file, p, hops + 1);
  if (p.type === 'arguments' && p.parent?.type === 'call_expression') {
    const call = p.parent;
    const c = calleeOf(call);
    if (!c) return false;
    const name = lastSegment(c.name);
    if (TIMEOUTS.test(name)) return true;
    // A helper of this file that bounds what it is given (`async fn within<F>(f: F) { timeout(LIMIT, f).await }`).
    const helper = c.kind === 'path' && !c.name.includes('::') ? file.fnItems.get(c.name) : undefined;
    if (helper && /\b(timeout|timeout_at)\s*\(/.test(helper.childForFieldName('body')?.text ?? '')) return true;
    if (CARRIERS.test(name)) return futureGuarded(file, call, hops + 1);
    if (c.kind === 'method' && c.name === 'push' && c.receiver?.type === 'identifier') return itemsGuarded(file, c.receiver, hops + 1);
    return false;
  }
  if (p.type === 'let_declaration' && p.childForFieldName('value')?.id === e.id) {
    const names = boundNames(p.childForFieldName('pattern'));
    return names.length === 1 && laterUses(p, names[0] as string).some((u) => futureGuarded(file, u, hops + 1));
  }
  return false;
}

/**
 * Macro arguments stay unparsed tokens (`matches!(timeout(d, h).await, Ok(_))`): is this name inside the open
 * parentheses of a `timeout(` among them?
 */
function inTimeoutTokens(name: RsNode): boolean {
  let tt: RsNode = name;
  while (tt.parent?.type === 'token_tree') tt = tt.parent;
  const before = tt.text.slice(0, name.startIndex - tt.startIndex);
  const at = before.search(/\b(timeout|timeout_at)\s*\((?![^]*\b(timeout|timeout_at)\s*\()/);
  if (at < 0) return false;
  let depth = 0;
  for (const ch of before.slice(at)) depth += ch === '(' ? 1 : ch === ')' ? -1 : 0;
  return depth > 0;
}

/** The items of a collection (named by `ref`, a use of it): each one taken by a `for` loop and bounded there. */
function itemsGuarded(file: RsFile, ref: RsNode, hops: number): boolean {
  const fn = enclosingFn(ref);
  if (!fn) return false;
  for (const loop of fn.descendantsOfType('for_expression')) {
    if (!loop || loop.startIndex < ref.endIndex) continue;
    const value = loop.childForFieldName('value')?.text.replace(/\s+/g, '') ?? '';
    if (!new RegExp(`^&?(mut)?${ref.text}(\\.(into_iter|iter_mut|drain\\(\\.\\.\\)|into_iter\\(\\)))?`).test(value)) continue;
    const vars = boundNames(loop.childForFieldName('pattern'));
    const body = loop.childForFieldName('body');
    if (!body) continue;
    const uses = body.descendantsOfType('identifier').filter((u): u is RsNode => !!u && vars.includes(u.text));
    if (uses.some((u) => futureGuarded(file, u, hops + 1))) return true;
  }
  return false;
}

/** Is the future of the async block or async fn running this node bounded where that future goes? */
function frameGuarded(file: RsFile, node: RsNode, hops: number): boolean {
  const frame = frameOf(node).node;
  if (!frame) return false;
  if (frame.type === 'async_block') return futureGuarded(file, frame, hops);
  if (frame.type !== 'function_item') return false;
  const sites = file.callSitesOf(frame);
  return !!sites && sites.length > 0 && sites.every((s) => futureGuarded(file, s, hops));
}

export const missingTimeout: RsRule = {
  meta: {
    id: 'missing-timeout',
    description: 'Network I/O with no timeout: reqwest without .timeout(..), TcpStream::connect with no timer bounding it (tokio::time::timeout, a select! against a sleep) where it or the task awaiting it is awaited.',
    severity: 'warning',
    patternId: 'timeout',
  },
  create(ctx) {
    const { file } = ctx;
    // reqwest: one `.timeout(` / `connect_timeout(` anywhere in the file means the author set one (on the client or
    // per request).
    const fileSetsReqwestTimeout = /\.(timeout|connect_timeout|read_timeout)\s*\(/.test(file.code);
    return {
      call_expression(call) {
        const c = calleeOf(call);
        if (c?.kind !== 'path') return;
        const full = file.resolvePath(c.name);
        if (!full || !UNTIMED.test(full)) return;
        const isReqwest = full.startsWith('reqwest::');
        if (isReqwest && fileSetsReqwestTimeout) return;
        // A connect awaited on the spot in async code with no timer bounding it. A connect future kept in a variable
        // or handed on may be raced or wrapped where it is awaited.
        if (!isReqwest && (!frameOf(call).async || !isAwaited(call))) return;
        if (futureGuarded(file, call, 0) || (!isReqwest && ownListenerAddress(call))) return;
        ctx.report({
          node: call,
          confidence: 'medium',
          message: isReqwest
            ? `\`${full}\` uses a client with no timeout: reqwest waits as long as the server keeps the connection open, so one stuck server hangs this task forever. Build the client with \`reqwest::Client::builder().timeout(Duration::from_secs(N)).build()?\` (or set \`.timeout(..)\` per request).`
            : `\`${full}\` has no timeout: an unreachable host can hold this task for minutes (the OS connect timeout). Wrap it: \`tokio::time::timeout(Duration::from_secs(N), ${lastSegment(c.name) === 'connect' ? 'TcpStream::connect(addr)' : 'fut'}).await\`.`,
        });
      },
    };
  },
};
