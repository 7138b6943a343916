import type { RsRule } from '../rule.js';
import type { RsFile } from '../symbols.js';
import { awaitsIn, boundNames, calleeOf, frameBody, laterUses, sameFrameDescendants, type RsNode } from '../syntax.js';

const SPAWNS = /^(tokio::spawn|tokio::task::spawn|tokio::task::spawn_local|async_std::task::spawn)$/;
/** JoinSet methods that add tasks or look at its size, none of which waits for or releases them. */
const JOINSET_FILL = new Set(['spawn', 'spawn_on', 'spawn_local', 'spawn_local_on', 'spawn_blocking', 'spawn_blocking_on', 'len', 'is_empty']);
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
    let tail = body.namedChildren.at(-1);
    if (tail?.type === 'expression_statement' && !tail.text.trimEnd().endsWith(';')) tail = tail.namedChild(0) ?? undefined;
    if (tail && /^Err\(/.test(tail.text)) return 'its `Err` result';
    // `async move { process(job).await }`: the task's output is the `Result` that `process` returns.
    if (tail?.type === 'await_expression') {
      const inner = tail.namedChild(0);
      const r = inner?.type === 'call_expression' ? resultOf(file, inner) : undefined;
      if (r) return r;
    }
    return undefined;
  }
  if (arg.type === 'call_expression') return resultOf(file, arg);
  return undefined;
}

/** `the Err that f returns` when the call is to a local async fn declared to return a `Result`. */
function resultOf(file: RsFile, call: RsNode): string | undefined {
  const decl = file.asyncCallee(call);
  if (decl?.returns && /^(Result|anyhow::Result|io::Result|std::io::Result)\b/.test(decl.returns)) return `the \`Err\` that \`${decl.name}\` returns`;
  return undefined;
}

/** `#[tokio::main]` (or `#[tokio::test]`) on the fn item: when it returns, the runtime shuts down and cancels its tasks. */
function runtimeEntry(fn: RsNode | null): boolean {
  if (fn?.type !== 'function_item') return false;
  for (let a = fn.previousNamedSibling; a?.type === 'attribute_item'; a = a.previousNamedSibling) {
    if (/^#\[\s*tokio::(main|test)\b/.test(a.text)) return true;
  }
  return false;
}

/** The fn item whose body directly holds the statement (not through a closure or async block). */
function bodyFn(stmt: RsNode): RsNode | null {
  for (let p = stmt.parent; p; p = p.parent) {
    if (p.type === 'function_item') return p;
    if (p.type === 'closure_expression' || p.type === 'async_block') return null;
  }
  return null;
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
      if (lost) {
        ctx.report({
          node,
          confidence: 'medium',
          message: `The \`JoinHandle\` of this \`${full}\` is dropped, so ${lost} vanish: the task detaches and nobody learns that it failed. Keep the handle and await it (or put the task in a \`JoinSet\`), or handle and log the error inside the task.`,
        });
        return;
      }
      // Spawned from `#[tokio::main]` with no `.await` after it: main returns, the runtime shuts down and the task
      // is cancelled at its first await, most likely before it did its work.
      const fn = bodyFn(node);
      const body = fn ? frameBody(fn) : null;
      if (runtimeEntry(fn) && body && !awaitsIn(body).some((a) => a.startIndex > node.endIndex)) {
        ctx.report({
          node,
          confidence: 'medium',
          message: `This \`${full}\` is the last thing \`main\` starts: nothing awaits after it, so \`main\` returns, the runtime shuts down and the task is cancelled, most likely before it finishes. Keep the \`JoinHandle\` and await it before returning.`,
        });
      }
    };
    return {
      expression_statement(stmt) {
        const e = stmt.namedChild(0);
        if (e) check(stmt, e);
      },
      let_declaration(letNode) {
        const pat = letNode.childForFieldName('pattern');
        const v = letNode.childForFieldName('value');
        if (!pat || !v) return;
        if (pat.text === '_') {
          check(letNode, v);
          return;
        }
        // `let handle = tokio::spawn(..);` and the handle never used again: dropped at the end of the block.
        const names = pat.type === 'identifier' || pat.type === 'mut_pattern' ? boundNames(pat) : [];
        if (names.length !== 1) return;
        const name = names[0] as string;
        const uses = laterUses(letNode, name);
        if (uses.length === 0) {
          check(letNode, v);
          return;
        }
        // A JoinSet that only ever spawns: dropped at the end of the block, it aborts every task still running.
        if (file.typeOfValue(v)?.path !== 'tokio::task::JoinSet') return;
        const methods = uses.map((u) => {
          // Inside a macro's tokens (`println!("{}", set.len())`) the call is not parsed: read the method off the text.
          if (u.parent?.type === 'token_tree') return /^\s*\.\s*(\w+)\s*\(/.exec(file.code.slice(u.endIndex, u.endIndex + 80))?.[1];
          const fe = u.parent;
          const call = fe?.type === 'field_expression' && fe.childForFieldName('value')?.id === u.id ? fe.parent : null;
          return call?.type === 'call_expression' && call.childForFieldName('function')?.id === fe?.id ? fe?.childForFieldName('field')?.text : undefined;
        });
        if (!methods.every((m) => m !== undefined && JOINSET_FILL.has(m)) || !methods.some((m) => m?.startsWith('spawn'))) return;
        ctx.report({
          node: letNode,
          confidence: 'high',
          message: `\`${name}\` is a \`JoinSet\` that only spawns: nothing joins it (\`join_next\`, \`shutdown\`, \`detach_all\`) and it is not handed on, so it is dropped at the end of this block, and dropping a \`JoinSet\` aborts every task still in it. Drain it: \`while let Some(r) = ${name}.join_next().await { r?; }\`.`,
        });
      },
    };
  },
};
