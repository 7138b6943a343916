import type { Basis, Severity } from '../../finding.js';
import type { RsRule } from '../rule.js';
import { calleeOf, frameOf, isAwaited, lastSegment, type RsNode } from '../syntax.js';

/** std functions that block the calling thread, by resolved path, with what to use instead. */
const BLOCKING_PATHS: Array<[RegExp, string, Severity]> = [
  [/^std::thread::sleep$/, '`tokio::time::sleep(d).await`', 'error'],
  [/^std::fs::(File::(open|create|create_new)|OpenOptions::open|read|read_to_string|read_to_end|write|read_dir|create_dir|create_dir_all|remove_file|remove_dir|remove_dir_all|copy|rename|metadata|canonicalize|hard_link|read_link|set_permissions|symlink_metadata)$/, 'the same function from `tokio::fs` (awaited), or `tokio::task::spawn_blocking`', 'warning'],
  [/^std::net::(TcpStream::connect(_timeout)?|ToSocketAddrs::to_socket_addrs)$/, 'the `tokio::net` equivalent (awaited)', 'warning'],
  [/^reqwest::blocking::/, 'the async `reqwest::Client` (awaited); reqwest::blocking panics when used inside a tokio runtime', 'warning'],
];

/** Methods that block when the receiver's type is a std blocking one: type path -> methods. */
const BLOCKING_METHODS: Array<[RegExp, RegExp, string]> = [
  [/^(std::sync::mpsc|crossbeam_channel|crossbeam::channel)::Receiver$/, /^(recv|recv_timeout|iter)$/, 'a `tokio::sync::mpsc` channel and `rx.recv().await`'],
  [/^(std::sync::mpsc|crossbeam_channel|crossbeam::channel)::SyncSender$/, /^send$/, 'a `tokio::sync::mpsc` channel and `tx.send(v).await`'],
  [/^std::fs::File$/, /^(read|read_to_string|read_to_end|read_exact|write|write_all|sync_all|sync_data|set_len)$/, '`tokio::fs::File` with `AsyncReadExt`/`AsyncWriteExt`'],
  [/^std::net::(TcpStream|UdpSocket)$/, /^(read|read_exact|read_to_end|read_to_string|write|write_all|recv|recv_from|send|send_to|peek)$/, 'the `tokio::net` type'],
  [/^std::net::TcpListener$/, /^(accept|incoming)$/, '`tokio::net::TcpListener` and `listener.accept().await`'],
  [/^std::thread::JoinHandle$/, /^join$/, '`tokio::task::spawn_blocking` and awaiting its handle'],
  [/^std::sync::Barrier$/, /^wait$/, '`tokio::sync::Barrier` (awaited)'],
  [/^std::sync::Condvar$/, /^(wait|wait_while|wait_timeout)$/, '`tokio::sync::Notify`'],
];

/** tokio's `blocking_*` methods panic when called from async code (tokio docs: "This method panics if called within an asynchronous execution context"). */
const TOKIO_BLOCKING = /^(blocking_recv|blocking_send|blocking_lock|blocking_read|blocking_write|blocking_recv_many)$/;

/** `std::process::Command` methods that wait for the child. */
const COMMAND_WAITS = /^(output|status|wait|wait_with_output)$/;

/** The root call of a method chain (`Command::new("x").arg(..).output()` -> `Command::new("x")`). */
function chainRoot(node: RsNode): RsNode {
  let n = node;
  for (;;) {
    if (n.type === 'call_expression') {
      const c = calleeOf(n);
      if (c?.kind === 'method' && c.receiver) {
        n = c.receiver;
        continue;
      }
      return n;
    }
    if (n.type === 'field_expression' || n.type === 'try_expression' || n.type === 'reference_expression') {
      const v = n.childForFieldName('value') ?? n.namedChild(0);
      if (!v) return n;
      n = v;
      continue;
    }
    return n;
  }
}

export const blockingCallInAsync: RsRule = {
  meta: {
    id: 'blocking-call-in-async',
    description: 'A call that blocks the thread (std::thread::sleep, std::fs, std::net, blocking channel receives, tokio blocking_*) inside async code.',
    severity: 'error',
    patternId: 'offload-blocking',
    certainFromSyntax: 'The call resolves, through the file\'s own `use` declarations, to `std::thread::sleep`, which always parks the worker thread that runs the future; or it is a tokio `blocking_*` method, which always panics inside async code.',
  },
  create(ctx) {
    const { file } = ctx;
    /** The async call of the sync fn holding the node being judged, when the node is not in async code itself. */
    let viaCaller: RsNode | undefined;
    const report = (node: RsNode, what: string, instead: string, severity: Severity, basis: Basis, confidence: 'high' | 'medium' = 'high') => {
      if (viaCaller) {
        const line = viaCaller.startPosition.row + 1;
        ctx.report({
          node,
          severity: 'warning',
          basis: { kind: basis.kind, detail: `${basis.detail}; the sync fn holding it is called from async code on line ${line}` },
          confidence: 'medium',
          message: `\`${what}\` blocks the thread, and the sync fn it is in is called straight from async code (line ${line}), so it blocks a runtime worker: every other task on that thread stalls until it returns. Use ${instead} in an async fn, or call the sync fn through \`tokio::task::spawn_blocking\`.`,
        });
        return;
      }
      ctx.report({
        node,
        severity,
        basis,
        confidence,
        message: `\`${what}\` blocks the worker thread inside async code: every other task on that thread stalls until it returns. Use ${instead}, or move the blocking work into \`tokio::task::spawn_blocking\`.`,
      });
    };
    return {
      // `for msg in rx { .. }` over a std `Receiver` calls the blocking `recv` once per item.
      for_expression(loop) {
        const value = loop.childForFieldName('value');
        if (value?.type !== 'identifier' || !frameOf(loop).async) return;
        const t = file.typeOfExpr(value);
        if (!t || !/^(std::sync::mpsc|crossbeam_channel|crossbeam::channel)::Receiver$/.test(t.path)) return;
        report(value, `${lastSegment(t.path)}::recv`, 'a `tokio::sync::mpsc` channel and `while let Some(m) = rx.recv().await` (a `for` loop over a std receiver calls `recv` per item)', 'warning', { kind: t.how === 'declared' ? 'declared-type' : 'inferred-type', detail: `\`${t.path}\` (line ${t.line})` });
      },
      call_expression(call) {
        const c = calleeOf(call);
        if (!c) return;
        // In sync code, only a sync fn of this file that async code calls directly (one call away from a worker).
        viaCaller = frameOf(call).async ? undefined : file.asyncCallerOf(call);
        if (!frameOf(call).async && !viaCaller) return;
        if (c.kind === 'path') {
          const full = file.resolvePath(c.name);
          if (!full) return;
          for (const [re, instead, severity] of BLOCKING_PATHS) {
            if (!re.test(full)) continue;
            report(call, full, instead, severity, { kind: 'syntax', detail: `\`${c.name}\` resolves to \`${full}\` through this file's imports` });
            return;
          }
          return;
        }
        if (isAwaited(call)) return;
        if (TOKIO_BLOCKING.test(c.name) && !viaCaller) {
          const t = file.typeOfExpr(c.receiver);
          const known = !!t && t.path.startsWith('tokio::');
          ctx.report({
            node: call,
            severity: known ? 'error' : 'warning',
            confidence: known ? 'high' : 'medium',
            basis: known ? { kind: 'declared-type', detail: `\`${t?.path}\` (line ${t?.line})` } : { kind: 'name', detail: `\`${c.name}\`, the name of tokio's blocking-only methods` },
            message: `\`${c.name}()\` is for synchronous code: called inside async code it panics ("Cannot block the current thread from within a runtime"). Use the async form (\`${c.name.replace(/^blocking_/, '')}(..).await\`).`,
          });
          return;
        }
        if (COMMAND_WAITS.test(c.name)) {
          const root = chainRoot(call);
          const rc = root.type === 'call_expression' ? calleeOf(root) : undefined;
          const rootPath = rc?.kind === 'path' ? file.resolvePath(rc.name) : undefined;
          const t = rootPath ? undefined : file.typeOfExpr(root);
          if (rootPath === 'std::process::Command::new' || t?.path === 'std::process::Command' || t?.path === 'std::process::Child') {
            report(call, `std::process::Command::${c.name}`, '`tokio::process::Command` (awaited)', 'warning', { kind: 'syntax', detail: '`Command` resolves to `std::process::Command` through this file\'s imports' });
          }
          return;
        }
        if (c.name === 'read_line' || c.name === 'lines') {
          const root = chainRoot(call);
          const rc = root.type === 'call_expression' ? calleeOf(root) : undefined;
          if ((rc?.kind === 'path' && file.resolvePath(rc.name) === 'std::io::stdin') || (root.type === 'identifier' && file.typeOfExpr(root)?.path === 'std::io::Stdin')) {
            report(call, `std::io::Stdin::${c.name}`, '`tokio::io::stdin()` with `AsyncBufReadExt`', 'warning', { kind: 'syntax', detail: '`stdin` resolves to `std::io::stdin`' });
          }
          return;
        }
        // `OpenOptions::new().append(true).open(p)`: a builder chain rooted at std's `OpenOptions`.
        if (c.name === 'open') {
          const root = chainRoot(call);
          const rc = root.type === 'call_expression' ? calleeOf(root) : undefined;
          if (rc?.kind === 'path' && file.resolvePath(rc.name) === 'std::fs::OpenOptions::new') {
            report(call, 'std::fs::OpenOptions::open', 'the same builder from `tokio::fs::OpenOptions` (awaited)', 'warning', { kind: 'syntax', detail: '`OpenOptions` resolves to `std::fs::OpenOptions` through this file\'s imports' });
            return;
          }
        }
        const t = file.typeOfExpr(c.receiver);
        if (!t) return;
        for (const [typeRe, methodRe, instead] of BLOCKING_METHODS) {
          if (!typeRe.test(t.path) || !methodRe.test(c.name)) continue;
          report(call, `${lastSegment(t.path)}::${c.name}`, instead, 'warning', { kind: t.how === 'declared' ? 'declared-type' : 'inferred-type', detail: `\`${t.path}\` (line ${t.line})` });
          return;
        }
      },
    };
  },
};
