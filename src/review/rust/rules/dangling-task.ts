import type { RsRule } from '../rule.js';
import type { RsFile } from '../symbols.js';
import { calleeOf, sameFrameDescendants, type RsNode } from '../syntax.js';

const SPAWNS = /^(tokio::spawn|tokio::task::spawn|tokio::task::spawn_local|async_std::task::spawn)$/;
const TRY = new Set(['try_expression', 'macro_invocation', 'call_expression']);

/** Does the spawned future fail in a way nobody sees: a `?`, an `Err`-returning body, or a panic (`unwrap`, `panic!`)? */
function losesFailures(file: RsFile, arg: RsNode): string | undefined {
  if (arg.type === 'async_block') {
    const body = arg.namedChildren.find((c) => c?.type === 'block');
    if (!body) return undefined;
    for (const n of sameFrameDescendants(body, TRY)) {
      if (n.type === 'try_expression') return 'its `?` errors';
      if (n.type === 'macro_invocation' && /^(panic|unreachable|todo|unimplemented)$/.test(n.childForFieldName('macro')?.text ?? '')) return 'its panic';
      if (n.type === 'call_expression') {
        const c = calleeOf(n);
        if (c?.kind === 'method' && (c.name === 'unwrap' || c.name === 'expect')) return 'its panics (`unwrap`/`expect`)';
      }
    }
    const tail = body.namedChildren.at(-1);
    if (tail && /^Err\(/.test(tail.text)) return 'its `Err` result';
    return undefined;
  }
  if (arg.type === 'call_expression') {
    const decl = file.asyncCallee(arg);
    if (decl?.returns && /^(Result|anyhow::Result|io::Result|std::io::Result)\b/.test(decl.returns)) return `the \`Err\` that \`${decl.name}\` returns`;
  }
  return undefined;
}

export const danglingTask: RsRule = {
  meta: {
    id: 'dangling-task',
    description: 'A tokio::spawn whose JoinHandle is dropped while the task can fail: its error or panic is never seen.',
    severity: 'warning',
    patternId: 'structured-concurrency',
  },
  create(ctx) {
    const { file } = ctx;
    const check = (node: RsNode, value: RsNode) => {
      if (value.type !== 'call_expression') return;
      const c = calleeOf(value);
      if (c?.kind !== 'path') return;
      const full = file.resolvePath(c.name) ?? (c.name === 'spawn' ? undefined : c.name);
      if (!full || !SPAWNS.test(full)) return;
      const arg = value.childForFieldName('arguments')?.namedChild(0);
      if (!arg) return;
      const lost = losesFailures(file, arg);
      if (!lost) return;
      ctx.report({
        node,
        confidence: 'medium',
        message: `The \`JoinHandle\` of this \`${full}\` is dropped, so ${lost} vanish: the task detaches and nobody learns that it failed. Keep the handle and await it (or put the task in a \`JoinSet\`), or handle and log the error inside the task.`,
      });
    };
    return {
      expression_statement(stmt) {
        const e = stmt.namedChild(0);
        if (e) check(stmt, e);
      },
      let_declaration(letNode) {
        if (letNode.childForFieldName('pattern')?.text !== '_') return;
        const v = letNode.childForFieldName('value');
        if (v) check(letNode, v);
      },
    };
  },
};
