import type { Basis, Severity } from '../../finding.js';
import type { RsRule } from '../rule.js';
import type { RsFile, TypeFact } from '../symbols.js';
import { awaitsIn, boundNames, calleeOf, frameOf, isAwaited, sameFrameDescendants, type RsNode } from '../syntax.js';

/** Lock types whose guard is a plain thread lock: holding it across `.await` blocks other tasks or deadlocks. */
const SYNC_LOCKS = /^(std::sync::(Mutex|RwLock)|parking_lot::(Mutex|RwLock|ReentrantMutex|FairMutex)|spin::(Mutex|RwLock))$/;
/** Async-aware locks: their guards may be held across `.await` by design. */
const ASYNC_LOCKS = /^(tokio::sync::|futures::lock::|async_std::sync::|async_lock::)/;
const GUARD_METHODS = /^(lock|read|write|try_lock|try_read|try_write|upgradable_read)$/;
/** Guard types of thread locks, as a fn of this file may declare it returns one. */
const SYNC_GUARDS = /^(std::sync::(MutexGuard|RwLockReadGuard|RwLockWriteGuard)|parking_lot::(MutexGuard|RwLockReadGuard|RwLockWriteGuard|RwLockUpgradableReadGuard|ReentrantMutexGuard|MappedMutexGuard|MappedRwLockReadGuard|MappedRwLockWriteGuard))$/;

interface GuardCall {
  call: RsNode;
  severity: Severity;
  basis: Basis;
  lockType: string;
}

/** Is `call` (a `lock()`/`read()`/`write()` call, not awaited) taking a thread lock's guard? */
function guardCall(file: RsFile, call: RsNode): GuardCall | undefined {
  const c = calleeOf(call);
  if (c?.kind !== 'method' || !GUARD_METHODS.test(c.name) || isAwaited(call)) return undefined;
  if (call.childForFieldName('arguments')?.namedChildCount) return undefined; // lock methods take no arguments
  const t: TypeFact | undefined = file.typeOfExpr(c.receiver);
  // A type the file names but does not resolve (declared in another module) says nothing either way: the shape of the
  // call below decides, unless this file declares its own `lock` method.
  const unresolved = !!t && !t.path.includes('::') && !file.fnItems.has(c.name);
  if (t && !unresolved) {
    if (ASYNC_LOCKS.test(t.path)) return undefined;
    if (!SYNC_LOCKS.test(t.path)) return undefined;
    return {
      call,
      severity: 'error',
      basis: t.how === 'declared' ? { kind: 'declared-type', detail: `\`${t.path}\` (line ${t.line})` } : { kind: 'syntax', detail: `constructed as \`${t.path}\` (line ${t.line}), resolved through this file's imports` },
      lockType: t.path,
    };
  }
  // Unknown receiver: `.lock().unwrap()` can only be std's lock (tokio's `lock()` is a future, parking_lot's is no
  // Result), and `.read().unwrap()` / `.write().unwrap()` with no arguments std's `RwLock` (an I/O `read`/`write`
  // takes a buffer): a warning, since the type is not written here.
  if (!/^(lock|read|write)$/.test(c.name)) return undefined;
  const p = call.parent;
  if (p?.type === 'field_expression' && /^(unwrap|expect|unwrap_or_else)$/.test(p.childForFieldName('field')?.text ?? '')) {
    const lockType = c.name === 'lock' ? 'std::sync::Mutex' : 'std::sync::RwLock';
    return { call, severity: 'warning', basis: { kind: 'syntax', detail: `\`.${c.name}().unwrap()\`: a \`LockResult\`, so a \`${lockType}\`` }, lockType };
  }
  return undefined;
}

/**
 * `match m.lock() { Ok(g) => g, Err(poisoned) => poisoned.into_inner() }`: an arm that recovers the guard from a
 * `PoisonError` shows the lock is std's, whatever the receiver's type.
 */
function poisonRecoveredGuard(call: RsNode, match: RsNode): GuardCall | undefined {
  const c = calleeOf(call);
  if (c?.kind !== 'method' || !/^(lock|read|write)$/.test(c.name) || isAwaited(call) || call.childForFieldName('arguments')?.namedChildCount) return undefined;
  if (!/\.into_inner\s*\(\s*\)/.test(match.childForFieldName('body')?.text ?? '')) return undefined;
  const lockType = c.name === 'lock' ? 'std::sync::Mutex' : 'std::sync::RwLock';
  return { call, severity: 'warning', basis: { kind: 'syntax', detail: `\`match ..${c.name}()\` with an arm that calls \`into_inner()\` on the \`PoisonError\`: a \`${lockType}\`` }, lockType };
}

/** A call to a fn of this file declared to return a thread lock's guard (`fn state(&self) -> MutexGuard<'_, S>`). */
function guardReturningCall(file: RsFile, call: RsNode): GuardCall | undefined {
  const c = calleeOf(call);
  if (!c) return undefined;
  const local = c.kind === 'method' ? c.receiver?.type === 'self' : !/::/.test(c.name.replace(/^(Self|self)::/, ''));
  if (!local) return undefined;
  const fn = file.fnItems.get(c.kind === 'method' ? c.name : c.name.replace(/^(Self|self)::/, ''));
  const ret = fn?.childForFieldName('return_type');
  const t = file.typeOfTypeNode(ret);
  if (!fn || !t || !SYNC_GUARDS.test(t.path)) return undefined;
  return {
    call,
    severity: 'error',
    basis: { kind: 'declared-type', detail: `\`${c.name}\` is declared to return \`${t.path}\` (line ${fn.startPosition.row + 1})` },
    lockType: t.path.replace(/::(?:Mapped)?(ReentrantMutex|Mutex|RwLock)\w*Guard$/, '::$1'),
  };
}

/**
 * The value node a `let` binds, seen through `?`, `.unwrap()`, `.expect(..)` and a borrow (`&mut m.lock().unwrap()`
 * extends the guard to the binding's scope; `&mut *m.lock().unwrap()` does not compile, so a deref stops here).
 */
function boundGuard(value: RsNode): RsNode | undefined {
  let n = value;
  for (;;) {
    if (n.type === 'try_expression' || n.type === 'reference_expression' || n.type === 'parenthesized_expression') n = n.namedChild(n.namedChildCount - 1) as RsNode;
    else if (n.type === 'call_expression') {
      const c = calleeOf(n);
      if (c?.kind === 'method' && c.receiver && /^(unwrap|expect|unwrap_or_else)$/.test(c.name)) n = c.receiver;
      else return n;
    } else return n;
  }
}

/** The statement a node belongs to: its ancestor whose parent is a block. */
function statementOf(node: RsNode): RsNode | undefined {
  for (let n: RsNode | null = node; n?.parent; n = n.parent) {
    if (n.parent.type === 'block' || n.parent.type === 'source_file') return n;
  }
  return undefined;
}

/** A plain `if`/`while` condition drops its temporaries before the body runs; a `let` condition keeps them. */
function temporaryScope(lockCall: RsNode, stmt: RsNode): RsNode {
  for (let n: RsNode | null = lockCall; n && n.id !== stmt.id; n = n.parent) {
    const p = n.parent;
    if (!p) break;
    if ((p.type === 'if_expression' || p.type === 'while_expression') && p.childForFieldName('condition')?.id === n.id) {
      if (n.type !== 'let_condition' && n.type !== 'let_chain') return n;
    }
  }
  return stmt;
}

function isDropOf(call: RsNode, names: readonly string[]): boolean {
  const c = calleeOf(call);
  if (c?.kind !== 'path' || !/^((std|core)::mem::)?drop$/.test(c.name)) return false;
  const arg = call.childForFieldName('arguments')?.namedChild(0);
  return !!arg && names.includes(arg.text);
}

const CALLS = new Set(['call_expression']);

export const lockAcrossAwait: RsRule = {
  meta: {
    id: 'lock-across-await',
    description: 'A std::sync or parking_lot lock guard still alive at an .await: the future is not Send, and other tasks block on the lock or deadlock.',
    severity: 'error',
    patternId: 'shared-state',
    certainFromSyntax: 'The lock\'s type is written in this file: its constructor path resolves through the file\'s own `use` declarations to `std::sync` or `parking_lot`, whose guards are thread locks.',
  },
  create(ctx) {
    const { file } = ctx;
    const message = (g: GuardCall, awaitLine: number, temporary: boolean) =>
      `A \`${g.lockType}\` guard ${temporary ? '(a temporary that lives to the end of this statement)' : 'is'} still held at the \`.await\` on line ${awaitLine}: the future stops being \`Send\` (\`tokio::spawn\` rejects it), and while it is suspended every other thread that locks blocks, which can deadlock the runtime. Drop the guard before awaiting (scope it in a block or call \`drop(guard)\`), or use \`tokio::sync::Mutex\` when the lock must span the await.`;
    const reported = new Set<number>();
    return {
      let_declaration(letNode) {
        const value = letNode.childForFieldName('value');
        if (!value) return;
        const frame = frameOf(letNode);
        if (!frame.async) return;
        const names = boundNames(letNode.childForFieldName('pattern'));
        const inner = boundGuard(value);
        if (!inner) return;
        // `let tx = Tx { guard: m.lock().unwrap(), .. }`: the struct holds the guard as long as `tx` lives.
        let held = inner.type === 'struct_expression'
          ? inner.descendantsOfType('field_initializer').map((f) => f?.childForFieldName('value')).map((v) => (v ? boundGuard(v) : undefined)).find((v) => v?.type === 'call_expression' && !!guardCall(file, v))
          : inner;
        let g: GuardCall | undefined;
        // The match yields the guard itself (`Ok(g) => g`), not something computed from it.
        const yieldsGuard = (m: RsNode) => (m.childForFieldName('body')?.namedChildren ?? []).some((arm) => {
          const bound = /^Ok\s*\(\s*(?:mut\s+)?([a-z_]\w*)\s*\)$/.exec(arm?.childForFieldName('pattern')?.text ?? '')?.[1];
          return !!bound && arm?.childForFieldName('value')?.text.replace(/[{}\s]/g, '') === bound;
        });
        if (inner.type === 'match_expression' && yieldsGuard(inner)) {
          const scrutinee = inner.childForFieldName('value');
          const sc = scrutinee ? boundGuard(scrutinee) : undefined;
          if (sc?.type === 'call_expression') g = guardCall(file, sc) ?? poisonRecoveredGuard(sc, inner);
          if (g) held = sc;
        }
        if (held?.type !== 'call_expression') return;
        g ??= guardCall(file, held) ?? guardReturningCall(file, held);
        if (!g || names.length === 0) return; // `let _ = m.lock()` drops the guard at once
        reported.add(held.id);
        const block = letNode.parent;
        if (!block) return;
        const drops = sameFrameDescendants(block, CALLS).filter((c) => c.startIndex > letNode.endIndex && isDropOf(c, names));
        const firstDrop = drops.length ? Math.min(...drops.map((d) => d.startIndex)) : Infinity;
        const awaited = awaitsIn(block).find((a) => a.startIndex > letNode.endIndex && a.startIndex < firstDrop);
        if (!awaited) return;
        ctx.report({ node: letNode, severity: g.severity, basis: g.basis, confidence: g.severity === 'error' ? 'high' : 'medium', message: message(g, awaited.startPosition.row + 1, false) });
      },
      call_expression(call) {
        if (reported.has(call.id)) return;
        const frame = frameOf(call);
        if (!frame.async) return;
        const g = guardCall(file, call);
        if (!g) return;
        const stmt = statementOf(call);
        if (!stmt) return;
        // The guard bound by a `let` is judged by the let listener; here only temporaries.
        if (stmt.type === 'let_declaration') {
          const v = stmt.childForFieldName('value');
          if (v && boundGuard(v)?.id === call.id) return;
        }
        const scope = temporaryScope(call, stmt);
        const awaited = awaitsIn(scope).find((a) => a.startIndex > call.endIndex && frameOf(a).node?.id === frame.node?.id);
        if (!awaited) return;
        ctx.report({ node: call, severity: g.severity, basis: g.basis, confidence: g.severity === 'error' ? 'high' : 'medium', message: message(g, awaited.startPosition.row + 1, true) });
      },
    };
  },
};
