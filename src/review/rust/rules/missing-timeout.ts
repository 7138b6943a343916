import type { RsRule } from '../rule.js';
import { selectOfBranch } from '../macros.js';
import { calleeOf, frameOf, isAwaited, lastSegment, type RsNode } from '../syntax.js';

/** Network calls that wait as long as the peer lets them when no timeout is set. */
const UNTIMED = /^(reqwest::get|reqwest::Client::(new|builder|default)|reqwest::ClientBuilder::new|tokio::net::TcpStream::connect|tokio::net::UnixStream::connect)$/;

/** A branch future that is a timer: the select! it is in gives up when the timer fires. */
const TIMER = /\b(sleep|sleep_until|timeout|timeout_at|interval|interval_at|tick|deadline)\b/;

/**
 * Is the call inside a `timeout(..)` call's arguments, or a branch future of a `select!` that races it against a timer
 * (`_ = sleep(d) => ..`)? A `select!` with no timer branch waits as long as every branch does.
 */
function guarded(call: RsNode): boolean {
  const select = selectOfBranch(call);
  if (select && select.namedChildren.some((st) => {
    const a = st?.type === 'expression_statement' ? st.namedChild(0) : null;
    const right = a?.type === 'assignment_expression' ? a.childForFieldName('right') : null;
    return !!right && right.id !== call.id && TIMER.test(right.text);
  })) return true;
  for (let p = call.parent; p; p = p.parent) {
    if (p.type === 'arguments') {
      const outer = p.parent;
      const c = outer?.type === 'call_expression' ? calleeOf(outer) : undefined;
      if (c && /^(timeout|timeout_at|with_timeout)$/.test(lastSegment(c.name))) return true;
    }
    if (p.type === 'function_item') return false;
  }
  return false;
}

export const missingTimeout: RsRule = {
  meta: {
    id: 'missing-timeout',
    description: 'Network I/O with no timeout: reqwest without .timeout(..), TcpStream::connect outside tokio::time::timeout.',
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
        if (guarded(call)) return;
        const isReqwest = full.startsWith('reqwest::');
        if (isReqwest && fileSetsReqwestTimeout) return;
        // A connect awaited on the spot in async code, outside `timeout(..)`: nothing bounds it. A connect future
        // kept in a variable or handed on may be raced or wrapped where it is awaited.
        if (!isReqwest && (!frameOf(call).async || !isAwaited(call))) return;
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
