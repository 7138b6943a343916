import type { RsRule } from '../rule.js';
import { enclosingFn, isResultType, type RsFile } from '../symbols.js';
import { calleeOf, explainedByComment, lastSegment, laterUses, throughUnwrap, type RsNode } from '../syntax.js';

/** An empty arm or block: `{}`, `()`, or a block holding only comments. */
function isEmpty(n: RsNode | null): boolean {
  if (!n) return false;
  if (n.type === 'unit_expression') return true;
  if (n.type === 'block') return n.namedChildren.every((c) => !c || c.type === 'line_comment' || c.type === 'block_comment');
  return false;
}

/** An arm that leaves without a word: `continue`, `break`, a bare `return`, alone or as a block's only statement. */
function silentExit(n: RsNode | null): string | undefined {
  let e = n;
  if (e?.type === 'block') {
    const kids = e.namedChildren.filter((c) => !!c && c.type !== 'line_comment' && c.type !== 'block_comment');
    if (kids.length !== 1) return undefined;
    e = kids[0] ?? null;
    if (e?.type === 'expression_statement') e = e.namedChild(0);
  }
  if (!e) return undefined;
  if (e.type === 'continue_expression' && e.namedChildCount === 0) return 'skips to the next iteration';
  if (e.type === 'break_expression' && e.namedChildCount === 0) return 'leaves the loop';
  if (e.type === 'return_expression' && e.namedChildCount === 0) return 'returns';
  return undefined;
}

/**
 * Calls whose `Result` is dropped on purpose so often that `let _ =` / `.ok()` on them is the idiom: a channel send to a
 * receiver that may be gone, closing or killing something already going away.
 */
const DELIBERATE = /^(send|send_timeout|try_send|send_replace|shutdown|kill|start_kill|close|abort|closed|set)$/;
/**
 * Awaits that wait for a signal rather than do work: `let _ = rx.changed().await;`, `let _ = stop.recv().await;`,
 * `let _ = done.take().unwrap().await;` (a oneshot receiver). Their `Err` means the other side is gone, which is just
 * another wake-up. Awaiting a task (`let _ = tokio::spawn(..).await;`) waits for it to end, like `let _ = handle.await;`.
 */
const SIGNAL_WAITS = /^(changed|recv|recv_many|notified|wait|wait_for|readable|writable|ready|cancelled|tick|acquire|acquire_owned|lock|unwrap|expect|take|join|join_next|ctrl_c|timeout|timeout_at|spawn|spawn_blocking)$/;
/**
 * Non-blocking attempts whose `Err` is an ordinary outcome, not a failure: empty, full, busy, no child exited yet
 * (`match rx.try_recv() { Ok(m) => .., Err(_) => {} }`).
 */
const ATTEMPTS = /^(try_recv|try_send|try_lock|try_read|try_write|try_acquire|try_acquire_owned|try_acquire_many|try_wait|try_join_next|try_recv_many)$/;

/**
 * The value a `match` or `if let` tests, when its `Err` is not a failure to report: the `Elapsed` of an awaited
 * `timeout(..)` (the time ran out, which the code expected), the `Err` of a signal wait (`rx.changed().await`,
 * `events.recv().await`: the other side is gone, so the loop ends), or of a non-blocking attempt (`try_recv`).
 */
function errIsAnOutcome(value: RsNode | null): boolean {
  const c = testedCall(value);
  if (!c) return false;
  return c.awaited ? SIGNAL_WAITS.test(c.name) || DELIBERATE.test(c.name) : ATTEMPTS.test(c.name) || DELIBERATE.test(c.name);
}

/**
 * Peer I/O whose `Err` ends the conversation: a read from a connection, an accept. An arm that leaves the loop (or
 * the handler) on it closes the connection, which is what the error means.
 */
const PEER_IO = /^(read|read_buf|read_exact|read_line|read_to_end|read_to_string|read_u8|read_u16|read_u32|read_u64|accept|recv_from|peek|next|try_next)$/;

/** Conversions of one input item whose `Err` means "malformed", not "failed". */
const PARSES = /^(parse|from_str|try_from|try_into|from_utf8|from_slice|from_value|decode|deserialize)$/;

/** The call a `match` / `if let` tests (`rx.recv().await`, `rx.try_recv()`), seen through `?` and `unwrap`. */
function testedCall(value: RsNode | null): { name: string; awaited: boolean } | undefined {
  if (!value) return undefined;
  let n = throughUnwrap(value);
  const awaited = n.type === 'await_expression';
  if (awaited) n = n.namedChild(0) as RsNode;
  if (n?.type !== 'call_expression') return undefined;
  const c = calleeOf(n);
  return c ? { name: lastSegment(c.name), awaited } : undefined;
}

/** What a dropped call yields when that is a `Result` this file or the catalog knows, or an awaited call's output. */
function droppedResult(file: RsFile, e: RsNode): string | undefined {
  let n = e;
  const awaited = n.type === 'await_expression';
  if (awaited) n = n.namedChild(0) as RsNode;
  if (n?.type !== 'call_expression') return undefined;
  const c = calleeOf(n);
  if (!c || DELIBERATE.test(c.name)) return undefined;
  if (awaited) {
    if (SIGNAL_WAITS.test(lastSegment(c.name))) return undefined;
    // A local async fn declared to return something other than a `Result` (or nothing) has no error to lose.
    const decl = file.asyncCallee(n);
    if (decl && !isResultType(decl.returns)) return undefined;
    return file.awaitedResult(n) ?? `\`${c.name}(..).await\``;
  }
  // A sync call: only a fn of this file declared to return a `Result` (not `std::thread::Result`, a caught panic's
  // payload, which is dropped on purpose).
  if (c.kind === 'path' && !c.name.includes('::') && file.fnItems.get(c.name)) {
    const ret = file.fnItems.get(c.name)?.childForFieldName('return_type')?.text;
    return isResultType(ret) && !/\bthread::Result\b/.test(ret ?? '') && !file.asyncFns.has(c.name) ? `\`${c.name}\` (declared \`-> ${ret}\`)` : undefined;
  }
  return undefined;
}

/** Awaited calls that yield one `Result` per task or future: a batch whose failures are the caller's to see. */
const BATCHES = /^(join_all|collect)$/;

/**
 * Is this iterator chain over the results of a batch (`join_all(futs).await.into_iter()`, or a name bound to such an
 * awaited batch in this fn)? Walks down the method receivers to the chain's root.
 */
function overBatchResults(receiver: RsNode): boolean {
  let n = receiver;
  for (let depth = 0; depth < 8; depth++) {
    if (n.type === 'call_expression') {
      const c = calleeOf(n);
      if (c?.kind !== 'method' || !c.receiver) return false;
      n = c.receiver;
      continue;
    }
    if (n.type === 'reference_expression' || n.type === 'parenthesized_expression') {
      n = n.namedChild(n.namedChildCount - 1) as RsNode;
      continue;
    }
    break;
  }
  if (n.type === 'identifier') {
    const fn = enclosingFn(n);
    const binding = fn?.descendantsOfType('let_declaration').filter((l): l is RsNode => !!l && l.startIndex < n.startIndex && l.childForFieldName('pattern')?.text.replace(/^mut\s+/, '') === n.text).at(-1);
    const v = binding?.childForFieldName('value');
    if (!binding || !v) return false;
    // The batch was looked at before (`for r in &all { if let Err(e) = r { .. } }`): its errors were seen there.
    const name = n.text;
    const at = n.startIndex;
    if (laterUses(binding, name).some((u) => u.startIndex < at)) return false;
    n = v;
  }
  if (n.type !== 'await_expression') return false;
  const inner = n.namedChild(0);
  const c = inner?.type === 'call_expression' ? calleeOf(inner) : undefined;
  return !!c && BATCHES.test(lastSegment(c.name));
}

/** `filter_map(|r| r.ok())`, `filter_map(Result::ok)`, `flatten()`: keeps the `Ok`s and drops every `Err` unseen. */
function dropsErrs(c: { name: string }, args: RsNode | null): boolean {
  if (c.name === 'flatten') return (args?.namedChildCount ?? 0) === 0;
  if (c.name !== 'filter_map') return false;
  const f = args?.namedChild(0);
  if (!f) return false;
  if (f.type !== 'closure_expression') return /^(Result::ok|std::result::Result::ok)$/.test(f.text.replace(/\s+/g, ''));
  const param = f.childForFieldName('parameters')?.namedChild(0)?.text;
  const body = f.childForFieldName('body')?.text.replace(/\s+/g, '');
  return !!param && body === `${param}.ok()`;
}

export const swallowedError: RsRule = {
  meta: {
    id: 'swallowed-error',
    description: 'An error dropped without a trace: an `Err` arm that is empty or just continues, breaks or returns, an empty `if let Err(..)`, or a Result thrown away with `let _ =` or `.ok();`.',
    severity: 'warning',
    patternId: 'parallel-partial-failures',
  },
  create(ctx) {
    const { file } = ctx;
    const report = (node: RsNode, how: string) => ctx.report({
      node,
      confidence: 'medium',
      message: `${how}: the failure leaves no trace, so a broken connection, a full disk or a rejected request looks like success. Log it (\`tracing::warn!(error = %e, ..)\`), return it with \`?\`, or count it; if ignoring it is really right, say why in a comment and match the specific error.`,
    });
    return {
      match_arm(arm) {
        const pat = arm.childForFieldName('pattern');
        if (!pat || !/^Err\s*\(\s*(_|\.\.|[a-z_][a-z0-9_]*)\s*\)$/.test(pat.text)) return;
        const match = arm.parent?.parent;
        if (match?.type === 'match_expression' && errIsAnOutcome(match.childForFieldName('value'))) return;
        if (explainedByComment(arm)) return;
        const value = arm.childForFieldName('value');
        if (isEmpty(value)) {
          report(arm, 'This `Err` arm does nothing');
          return;
        }
        const exit = silentExit(value);
        // `Err(_) => break` on a socket read or an accept: the connection (or the listener) is done.
        const tested = match?.type === 'match_expression' ? testedCall(match.childForFieldName('value')) : undefined;
        if (exit && tested?.awaited && PEER_IO.test(tested.name) && exit !== 'skips to the next iteration') return;
        // `Err(_) => continue` on a parse of one input item: a filter that skips malformed data, not a lost failure.
        if (exit === 'skips to the next iteration' && tested && !tested.awaited && PARSES.test(tested.name)) return;
        if (exit) report(arm, `This \`Err\` arm ${exit} without looking at the error`);
      },
      if_expression(ifNode) {
        const cond = ifNode.childForFieldName('condition');
        if (cond?.type !== 'let_condition' || !/^Err\s*\(/.test(cond.childForFieldName('pattern')?.text ?? '')) return;
        if (errIsAnOutcome(cond.childForFieldName('value')) || explainedByComment(ifNode)) return;
        if (isEmpty(ifNode.childForFieldName('consequence')) && !ifNode.childForFieldName('alternative')) report(ifNode, 'This `if let Err(..)` does nothing with the error');
      },
      call_expression(call) {
        const c = calleeOf(call);
        if (c?.kind !== 'method' || !c.receiver || !dropsErrs(c, call.childForFieldName('arguments'))) return;
        if (!overBatchResults(c.receiver) || explainedByComment(call)) return;
        report(c.node, `\`.${c.name}(..)\` keeps the successes of this batch and drops every \`Err\` unseen`);
      },
      expression_statement(stmt) {
        const e = stmt.namedChild(0);
        if (e?.type !== 'call_expression') return;
        const c = calleeOf(e);
        if (c?.kind !== 'method' || c.name !== 'ok' || !c.receiver || e.childForFieldName('arguments')?.namedChildCount) return;
        const what = droppedResult(file, c.receiver);
        if (what && !explainedByComment(stmt)) report(stmt, `The \`Result\` of ${what} is turned into an \`Option\` with \`.ok()\` and dropped`);
      },
      let_declaration(letNode) {
        // `let _ = save(x).await;`: the `Result` is discarded on purpose, and with it every trace of the failure.
        if (letNode.childForFieldName('pattern')?.text !== '_') return;
        const v = letNode.childForFieldName('value');
        const what = v ? droppedResult(file, v) : undefined;
        if (what && !explainedByComment(letNode)) report(letNode, `The \`Result\` of ${what} is discarded with \`let _ =\``);
      },
    };
  },
};
