import type { RsRule } from '../rule.js';
import { isResultType, type RsFile } from '../symbols.js';
import { calleeOf, type RsNode } from '../syntax.js';

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
 * another wake-up.
 */
const SIGNAL_WAITS = /^(changed|recv|recv_many|notified|wait|wait_for|readable|writable|ready|cancelled|tick|acquire|acquire_owned|lock|unwrap|expect|take|join|join_next)$/;

/** What a dropped call yields when that is a `Result` this file or the catalog knows, or an awaited call's output. */
function droppedResult(file: RsFile, e: RsNode): string | undefined {
  let n = e;
  const awaited = n.type === 'await_expression';
  if (awaited) n = n.namedChild(0) as RsNode;
  if (n?.type !== 'call_expression') return undefined;
  const c = calleeOf(n);
  if (!c || DELIBERATE.test(c.name)) return undefined;
  if (awaited) return SIGNAL_WAITS.test(c.name) ? undefined : (file.awaitedResult(n) ?? `\`${c.name}(..).await\``);
  // A sync call: only a fn of this file declared to return a `Result` (not `std::thread::Result`, a caught panic's
  // payload, which is dropped on purpose).
  if (c.kind === 'path' && !c.name.includes('::') && file.fnItems.get(c.name)) {
    const ret = file.fnItems.get(c.name)?.childForFieldName('return_type')?.text;
    return isResultType(ret) && !/\bthread::Result\b/.test(ret ?? '') && !file.asyncFns.has(c.name) ? `\`${c.name}\` (declared \`-> ${ret}\`)` : undefined;
  }
  return undefined;
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
        const value = arm.childForFieldName('value');
        if (isEmpty(value)) {
          report(arm, 'This `Err` arm does nothing');
          return;
        }
        const exit = silentExit(value);
        if (exit) report(arm, `This \`Err\` arm ${exit} without looking at the error`);
      },
      if_expression(ifNode) {
        const cond = ifNode.childForFieldName('condition');
        if (cond?.type !== 'let_condition' || !/^Err\s*\(/.test(cond.childForFieldName('pattern')?.text ?? '')) return;
        if (isEmpty(ifNode.childForFieldName('consequence')) && !ifNode.childForFieldName('alternative')) report(ifNode, 'This `if let Err(..)` does nothing with the error');
      },
      expression_statement(stmt) {
        const e = stmt.namedChild(0);
        if (e?.type !== 'call_expression') return;
        const c = calleeOf(e);
        if (c?.kind !== 'method' || c.name !== 'ok' || !c.receiver || e.childForFieldName('arguments')?.namedChildCount) return;
        const what = droppedResult(file, c.receiver);
        if (what) report(stmt, `The \`Result\` of ${what} is turned into an \`Option\` with \`.ok()\` and dropped`);
      },
      let_declaration(letNode) {
        // `let _ = save(x).await;`: the `Result` is discarded on purpose, and with it every trace of the failure.
        if (letNode.childForFieldName('pattern')?.text !== '_') return;
        const v = letNode.childForFieldName('value');
        const what = v ? droppedResult(file, v) : undefined;
        if (what) report(letNode, `The \`Result\` of ${what} is discarded with \`let _ =\``);
      },
    };
  },
};
