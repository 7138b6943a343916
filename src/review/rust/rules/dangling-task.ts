import type { RsRule } from '../rule.js';
import { isResultType, type RsFile } from '../symbols.js';
import { awaitsIn, boundNames, calleeOf, enclosingLoop, frameBody, laterUses, sameFrameDescendants, type RsNode } from '../syntax.js';

const SPAWNS = /^(tokio::spawn|tokio::task::spawn|tokio::task::spawn_local|async_std::task::spawn)$/;
/** JoinSet methods that add tasks or look at its size, none of which waits for or releases them. */
const JOINSET_FILL = new Set(['spawn', 'spawn_on', 'spawn_local', 'spawn_local_on', 'spawn_blocking', 'spawn_blocking_on', 'len', 'is_empty']);
/** Vec methods that store handles or count them, none of which awaits, aborts or hands them on. */
const VEC_FILL = new Set(['push', 'len', 'is_empty', 'capacity', 'reserve']);
const TRY = new Set(['try_expression', 'macro_invocation', 'call_expression', 'expression_statement']);
/**
 * A task body that reports its own outcome: it matches or tests an `Err`, maps or inspects errors, or logs at error or
 * warning level. Such a task is detached on purpose and says when it fails, so dropping its handle loses nothing.
 */
const SELF_REPORTING = /\b(eprintln|error|warn)!|\b(tracing|log)::(error|warn)\b|\bif\s+let\s+Err\b|\bErr\s*\(\s*\w*\s*\)\s*=>|\.(map_err|inspect_err|unwrap_or_else|unwrap_or_default|is_err|or_else)\s*\(/;
const LOOPS = new Set(['loop_expression', 'while_expression']);

/** Does the spawned future fail in a way nobody sees: a `?`, an `Err`-returning body, a dropped `Result`, or a panic? */
function losesFailures(file: RsFile, arg: RsNode): string | undefined {
  if (arg.type === 'async_block') {
    const body = arg.namedChildren.find((c) => c?.type === 'block');
    if (!body) return undefined;
    for (const n of sameFrameDescendants(body, TRY)) {
      if (n.type === 'try_expression') return 'its `?` errors';
      if (n.type === 'macro_invocation' && /^(panic|unreachable|todo|unimplemented)$/.test(n.childForFieldName('macro')?.text ?? '')) return 'its panic';
      if (n.type === 'call_expression') {
        const c = calleeOf(n);
        // `m.lock().unwrap()`: the idiom for a poisoned lock (a panic elsewhere already), not error handling.
        const onLock = c?.receiver?.type === 'call_expression' && /^(lock|read|write)$/.test(calleeOf(c.receiver)?.name ?? '') && !c.receiver.childForFieldName('arguments')?.namedChildCount;
        if (c?.kind === 'method' && (c.name === 'unwrap' || c.name === 'expect') && !onLock) return 'its panics (`unwrap`/`expect`)';
      }
      // `save(x).await;`: the `Result` of a call is dropped as a statement (rustc's `unused_must_use`).
      if (n.type === 'expression_statement') {
        const e = n.namedChild(0);
        const inner = e?.type === 'await_expression' ? e.namedChild(0) : null;
        const r = inner?.type === 'call_expression' ? file.awaitedResult(inner) : undefined;
        if (r && calleeOf(inner as RsNode)?.name !== 'send') return `the \`Err\` of ${r}, dropped as a statement`;
      }
    }
    let tail = body.namedChildren.at(-1);
    if (tail?.type === 'expression_statement' && !tail.text.trimEnd().endsWith(';')) tail = tail.namedChild(0) ?? undefined;
    if (tail && /^Err\(/.test(tail.text)) return 'its `Err` result';
    // `async move { process(job).await }`: the task's output is the `Result` that `process` returns.
    if (tail?.type === 'await_expression') {
      const inner = tail.namedChild(0);
      const r = inner?.type === 'call_expression' ? file.awaitedResult(inner) : undefined;
      if (r) return `the \`Err\` that ${r} returns`;
    }
    return undefined;
  }
  if (arg.type === 'call_expression') {
    const decl = file.asyncCallee(arg);
    if (decl && isResultType(decl.returns)) return `the \`Err\` that \`${decl.name}\` returns`;
  }
  return undefined;
}

/**
 * The body the spawned task runs, when this file shows it: an async block's, or a local async fn's. Undefined for a
 * future the file only passes along (a parameter, an imported fn).
 */
function taskBody(file: RsFile, arg: RsNode): RsNode | undefined {
  if (arg.type === 'async_block') return arg.namedChildren.find((c) => c?.type === 'block') ?? undefined;
  if (arg.type !== 'call_expression') return undefined;
  const decl = file.asyncCallee(arg);
  const fn = decl ? file.fnItems.get(decl.name) : undefined;
  return fn ? (fn.childForFieldName('body') ?? undefined) : undefined;
}

/**
 * A task that is detached by design: a long-lived worker (its body is a `loop` or `while`, like a heartbeat or a
 * channel drain) or one that reports its own outcome (it handles `Err`, or logs).
 */
function detachedByDesign(body: RsNode): boolean {
  if (body.namedChildren.some((s) => !!s && (LOOPS.has(s.type) || (s.type === 'expression_statement' && LOOPS.has(s.namedChild(0)?.type ?? ''))))) return true;
  // A body that never awaits does its work in one poll: nothing is left unfinished between its steps.
  return SELF_REPORTING.test(body.text) || awaitsIn(body).length === 0;
}

/** A spawn per accepted connection: the task lives as long as its connection, the accept loop owns nothing else. */
function perConnection(call: RsNode): boolean {
  const loop = enclosingLoop(call);
  return !!loop && /\.accept\s*\(/.test(loop.text);
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

/** The method each later use of a name calls on it (`set.spawn(..)` -> `spawn`); undefined for any other use. */
function methodsCalledOn(file: RsFile, uses: RsNode[]): Array<string | undefined> {
  return uses.map((u) => {
    // Inside a macro's tokens (`println!("{}", set.len())`) the call is not parsed: read the method off the text.
    if (u.parent?.type === 'token_tree') return /^\s*\.\s*(\w+)\s*\(/.exec(file.code.slice(u.endIndex, u.endIndex + 80))?.[1];
    const fe = u.parent;
    const call = fe?.type === 'field_expression' && fe.childForFieldName('value')?.id === u.id ? fe.parent : null;
    return call?.type === 'call_expression' && call.childForFieldName('function')?.id === fe?.id ? fe?.childForFieldName('field')?.text : undefined;
  });
}

/** The spawn call an expression is, with its resolved path. */
function spawnCall(file: RsFile, value: RsNode): { call: RsNode; full: string } | undefined {
  if (value.type !== 'call_expression') return undefined;
  const c = calleeOf(value);
  if (c?.kind !== 'path') return undefined;
  const full = file.resolvePath(c.name) ?? (c.name === 'spawn' ? undefined : c.name);
  return full && SPAWNS.test(full) ? { call: value, full } : undefined;
}

/** The spawn a closure returns (`|id| tokio::spawn(work(id))`, or its block's tail). */
function spawnInClosure(file: RsFile, closure: RsNode): { call: RsNode; full: string } | undefined {
  let body = closure.childForFieldName('body');
  if (body?.type === 'block') body = body.namedChildren.at(-1) ?? null;
  return body ? spawnCall(file, body) : undefined;
}

export const danglingTask: RsRule = {
  meta: {
    id: 'dangling-task',
    description: 'A tokio::spawn whose JoinHandle is dropped or never awaited (a statement, `let _ =`, an unused name, a Vec of handles nobody joins), so the task\'s error, panic or unfinished work is never seen.',
    severity: 'warning',
    patternId: 'structured-concurrency',
  },
  create(ctx) {
    const { file } = ctx;
    /** Judges one dropped handle; `how` says how it is dropped, for the message. */
    /** `explicit`: the code says it drops the handle on purpose (`let _name = ..`), so only a lost failure counts. */
    const judge = (node: RsNode, s: { call: RsNode; full: string }, how: string, explicit = false) => {
      const arg = s.call.childForFieldName('arguments')?.namedChild(0);
      if (!arg) return;
      const lost = losesFailures(file, arg);
      if (lost) {
        ctx.report({
          node,
          confidence: 'medium',
          message: `The \`JoinHandle\` of this \`${s.full}\` ${how}, so ${lost} vanish: the task detaches and nobody learns that it failed. Keep the handle and await it (or put the task in a \`JoinSet\`), or handle and log the error inside the task.`,
        });
        return;
      }
      // Spawned from `#[tokio::main]` with no `.await` after it: main returns, the runtime shuts down and the task
      // is cancelled at its first await, most likely before it did its work.
      const fn = bodyFn(node);
      const fnBody = fn ? frameBody(fn) : null;
      if (runtimeEntry(fn) && fnBody && !awaitsIn(fnBody).some((a) => a.startIndex > node.endIndex)) {
        ctx.report({
          node,
          confidence: 'medium',
          message: `This \`${s.full}\` is the last thing \`main\` starts: nothing awaits after it, so \`main\` returns, the runtime shuts down and the task is cancelled, most likely before it finishes. Keep the \`JoinHandle\` and await it before returning.`,
        });
        return;
      }
      // A finite task of this file that neither reports its outcome nor is awaited: nobody learns whether it finished
      // or panicked, and at shutdown it is dropped mid-work. Workers that loop for the program's life, tasks that log
      // their own errors, per-connection tasks of an accept loop and futures the file cannot see are left alone.
      const body = taskBody(file, arg);
      if (explicit || !body || detachedByDesign(body) || perConnection(s.call)) return;
      ctx.report({
        node,
        confidence: 'medium',
        message: `The \`JoinHandle\` of this \`${s.full}\` ${how}: the task is detached, so nobody waits for it to finish, learns if it panics, or can cancel it; at shutdown the runtime drops it mid-work. Keep the handle and await it (or spawn into a \`JoinSet\` and drain it); if detaching is intended, log the task's outcome inside it.`,
      });
    };
    /** `let name = ..` holding handles (one, a Vec filled later, or collected from a map) that nobody awaits. */
    const unjoinedHandles = (letNode: RsNode, name: string, v: RsNode) => {
      const uses = laterUses(letNode, name);
      const single = spawnCall(file, v);
      if (single) {
        if (uses.length === 0) judge(letNode, single, `is bound to \`${name}\`, which is never used, so it is dropped`, name.startsWith('_'));
        return;
      }
      const methods = methodsCalledOn(file, uses);
      const onlyFills = methods.every((m) => m !== undefined && VEC_FILL.has(m));
      if (!onlyFills) return;
      // `let handles: Vec<_> = ids.iter().map(|id| tokio::spawn(..)).collect();` and the handles never awaited.
      const closure = v.descendantsOfType('closure_expression').find((k): k is RsNode => !!k);
      const mapped = /\.map\s*\(/.test(v.text) && closure ? spawnInClosure(file, closure) : undefined;
      if (mapped) {
        judge(letNode, mapped, `is collected into \`${name}\`, which nothing awaits`);
        return;
      }
      // `let mut handles = Vec::new(); .. handles.push(tokio::spawn(..));` and the Vec never joined.
      if (!/^(Vec::(new|with_capacity)\s*\(|vec!\s*\[\s*\])/.test(v.text.replace(/::<[^>]*>/, ''))) return;
      for (const u of uses) {
        const call = u.parent?.parent;
        if (call?.type !== 'call_expression' || calleeOf(call)?.name !== 'push') continue;
        const arg = call.childForFieldName('arguments')?.namedChild(0);
        const s = arg ? spawnCall(file, arg) : undefined;
        const stmt = call.parent?.type === 'expression_statement' ? call.parent : call;
        if (s) judge(stmt, s, `is pushed into \`${name}\`, which nothing awaits`);
      }
    };
    return {
      expression_statement(stmt) {
        const e = stmt.namedChild(0);
        const s = e ? spawnCall(file, e) : undefined;
        if (s) judge(stmt, s, 'is dropped');
      },
      let_declaration(letNode) {
        const pat = letNode.childForFieldName('pattern');
        const v = letNode.childForFieldName('value');
        if (!pat || !v) return;
        if (pat.text === '_') {
          const s = spawnCall(file, v);
          if (s) judge(letNode, s, 'is bound to `_`, which drops it at once');
          return;
        }
        const names = pat.type === 'identifier' || pat.type === 'mut_pattern' ? boundNames(pat) : [];
        if (names.length !== 1) return;
        const name = names[0] as string;
        unjoinedHandles(letNode, name, v);
        // A JoinSet that only ever spawns: dropped at the end of the block, it aborts every task still running.
        if (file.typeOfValue(v)?.path !== 'tokio::task::JoinSet') return;
        const methods = methodsCalledOn(file, laterUses(letNode, name));
        if (methods.length === 0 || !methods.every((m) => m !== undefined && JOINSET_FILL.has(m)) || !methods.some((m) => m?.startsWith('spawn'))) return;
        ctx.report({
          node: letNode,
          confidence: 'high',
          message: `\`${name}\` is a \`JoinSet\` that only spawns: nothing joins it (\`join_next\`, \`shutdown\`, \`detach_all\`) and it is not handed on, so it is dropped at the end of this block, and dropping a \`JoinSet\` aborts every task still in it. Drain it: \`while let Some(r) = ${name}.join_next().await { r?; }\`.`,
        });
      },
    };
  },
};
