import type { RsRule } from '../rule.js';
import { awaitsIn, boundNames, calleeOf, frameBody, frameOf, isAwaited, laterUses, sameFrameDescendants, within, type RsNode } from '../syntax.js';

const CALLS = new Set(['call_expression']);
const READS = /\.(get|contains_key|contains|is_some|is_none|is_empty|len|get_mut|clone|iter|keys|values)\s*\(|^\*/;
const WRITES = /\.(insert|push|push_back|remove|entry|extend|clear|retain|truncate|pop)\s*\(|(^|[^=!<>])(=|\+=|-=)[^=]/;

/** The statement holding a node (its ancestor whose parent is a block). */
function statementOf(n: RsNode): RsNode {
  let s = n;
  while (s.parent && s.parent.type !== 'block') s = s.parent;
  return s;
}

const CONDITIONALS = new Set(['if_expression', 'while_expression', 'match_expression']);
const EXITS = new Set(['return_expression', 'break_expression', 'continue_expression', 'try_expression']);

const mentions = (names: readonly string[], text: string) => names.some((n) => new RegExp(`\\b${n}\\b`).test(text));

/** The condition (or scrutinee) of an `if`, `while` or `match`. */
function conditionOf(n: RsNode): RsNode | null {
  return n.childForFieldName(n.type === 'match_expression' ? 'value' : 'condition');
}

/**
 * Does the write under the second lock act on what was read under the first? It does when the second lock runs inside
 * an `if`/`match` on the first read, or after one that leaves early on it (`if map.get(k).is_some() { return; }`), or
 * when the first read is bound to a name that the write or a condition around it uses. A read whose answer the code
 * never uses (a depth logged) checks nothing.
 */
function actsOnTheRead(first: RsNode, firstStmt: RsNode, second: RsNode, secondStmt: RsNode): boolean {
  for (let p = first.parent; p && p.id !== firstStmt.parent?.id; p = p.parent) {
    if (!CONDITIONALS.has(p.type) || !within(first, conditionOf(p) ?? p)) continue;
    if (within(second, p)) return true;
    const body = p.childForFieldName('consequence') ?? p.childForFieldName('body');
    return second.startIndex > p.endIndex && !!body && sameFrameDescendants(body, EXITS).some((e) => e.type !== 'try_expression');
  }
  if (firstStmt.type !== 'let_declaration') return false;
  const names = boundNames(firstStmt.childForFieldName('pattern'));
  if (names.length === 0) return false;
  const block = firstStmt.parent;
  if (!block) return false;
  // What is computed from the read in between carries it (`let next = apply(snapshot).await;`).
  for (const l of block.descendantsOfType('let_declaration')) {
    if (!l || l.startIndex < firstStmt.endIndex || l.startIndex > second.startIndex) continue;
    if (mentions(names, l.childForFieldName('value')?.text ?? '')) names.push(...boundNames(l.childForFieldName('pattern')));
  }
  if (mentions(names, secondStmt.text)) return true;
  // A condition between the read and the write that tests what was read: around the write, or leaving early.
  return block.descendantsOfType([...CONDITIONALS]).some((c) => {
    if (!c || c.startIndex < firstStmt.endIndex || c.startIndex > second.startIndex) return false;
    const cond = conditionOf(c);
    if (!cond || !mentions(names, cond.text)) return false;
    if (within(second, c)) return true;
    const body = c.childForFieldName('consequence') ?? c.childForFieldName('body');
    return !!body && sameFrameDescendants(body, EXITS).some((e) => e.type !== 'try_expression');
  });
}

/**
 * Is the write re-checked under the second guard, so a stale first answer does no harm: `entry(k).or_insert(v)`, or
 * the guard bound to a name and tested (`if !g.contains_key(&k)`) before anything writes through it?
 */
function recheckedUnderSecond(second: RsNode, secondStmt: RsNode): boolean {
  if (/\.entry\s*\(/.test(secondStmt.text.slice(second.endIndex - secondStmt.startIndex))) return true;
  if (secondStmt.type !== 'let_declaration' || !secondStmt.childForFieldName('value')?.text.replace(/\s/g, '').endsWith('.await')) return false;
  const names = boundNames(secondStmt.childForFieldName('pattern'));
  if (names.length !== 1) return false;
  for (const u of laterUses(secondStmt, names[0] as string)) {
    for (let p = u.parent; p && p.id !== secondStmt.parent?.id; p = p.parent) {
      if (CONDITIONALS.has(p.type) && within(u, conditionOf(p) ?? p)) return true;
    }
    let stmt = u;
    while (stmt.parent && stmt.parent.id !== secondStmt.parent?.id) stmt = stmt.parent;
    if (WRITES.test(stmt.text)) return false;
  }
  return true;
}

/**
 * The expression that yields the guard of a lock call: `m.lock().await` (async locks), `m.lock().unwrap()` /
 * `.expect(..)` (std), `m.lock()` (parking_lot). Undefined when the call takes no lock.
 */
function guardExpr(l: RsNode): RsNode | undefined {
  const c = calleeOf(l);
  if (c?.kind !== 'method' || !/^(lock|read|write)$/.test(c.name) || !c.receiver) return undefined;
  if (isAwaited(l)) return l.parent ?? undefined;
  if (l.childForFieldName('arguments')?.namedChildCount) return undefined;
  const p = l.parent;
  if (p?.type === 'field_expression' && /^(unwrap|expect)$/.test(p.childForFieldName('field')?.text ?? '') && p.parent?.type === 'call_expression') return p.parent;
  return c.name === 'lock' ? l : undefined;
}

export const raceCondition: RsRule = {
  meta: {
    id: 'race-condition',
    description: 'Check-then-act across an .await (lock, read, release, await, lock again and write on what was read, with a tokio, std or parking_lot lock) or an atomic load then store: another task can change the value in between.',
    severity: 'warning',
    patternId: 'shared-state',
  },
  create(ctx) {
    const checked = new Set<number>();
    return {
      call_expression(call) {
        const c = calleeOf(call);
        if (c?.kind !== 'method' || !c.receiver) return;
        // Atomics: `let v = x.load(..); .. x.store(v + 1, ..)`: two tasks both read v and one update is lost.
        if (c.name === 'store') {
          const recv = c.receiver.text;
          const arg = call.childForFieldName('arguments')?.namedChild(0)?.text ?? '';
          const frame = frameOf(call).node;
          const body = frame ? frameBody(frame) : null;
          const scope = body ?? call.parent;
          if (!scope) return;
          const load = sameFrameDescendants(scope, CALLS).find((l) => l.startIndex < call.startIndex && calleeOf(l)?.name === 'load' && calleeOf(l)?.receiver?.text === recv);
          if (!load) return;
          // `if !ready.load(..) { init().await; ready.store(true, ..) }`: the store acts on a test of the value.
          for (let p = call.parent; p && p.id !== scope.id; p = p.parent) {
            const cond = p.type === 'if_expression' ? p.childForFieldName('condition') : null;
            if (cond && within(load, cond)) {
              ctx.report({ node: call, confidence: 'medium', message: `\`${recv}\` is tested with \`load\` (line ${load.startPosition.row + 1}) and then set with \`store\` under that test: two threads or tasks can both pass the test before either stores, and both act (double initialisation, lost update). Use one atomic step: \`compare_exchange\` (or \`swap\`) and act only when it succeeds.` });
              return;
            }
          }
          const letNode = load.parent?.type === 'let_declaration' ? load.parent : null;
          const bound = letNode?.childForFieldName('pattern')?.text;
          if (!bound || !new RegExp(`\\b${bound}\\b`).test(arg)) return;
          ctx.report({ node: call, confidence: 'medium', message: `\`${recv}\` is read with \`load\` and written back with \`store\` from that value: another thread or task can update it in between, and its update is lost. Use one atomic read-modify-write (\`fetch_add\`, \`fetch_update\`, \`compare_exchange\`).` });
          return;
        }
        // Locks: a read under one lock and a write under a second lock of the same mutex, with an await between.
        if (!/^(lock|write)$/.test(c.name) || !guardExpr(call)) return;
        const frame = frameOf(call);
        if (!frame.async || !frame.node) return;
        const body = frameBody(frame.node);
        if (!body || checked.has(call.id)) return;
        const recv = c.receiver.text;
        const takes = sameFrameDescendants(body, CALLS).filter((l) => {
          const lc = calleeOf(l);
          return lc?.kind === 'method' && lc.receiver?.text === recv && !!guardExpr(l);
        }).sort((a, b) => a.startIndex - b.startIndex);
        const i = takes.findIndex((t) => t.id === call.id);
        if (i <= 0) return;
        checked.add(call.id);
        const first = takes[i - 1] as RsNode;
        const firstStmt = statementOf(first);
        const secondStmt = statementOf(call);
        // The first guard must be gone before the second lock: a temporary read in its own statement.
        // `let g = m.lock().await;` keeps the guard (the second lock is then another matter); `let v = *m.lock().await;`
        // copies the value out and releases it.
        const firstGuard = guardExpr(first) as RsNode;
        if (firstStmt.type === 'let_declaration' && firstStmt.childForFieldName('value')?.id === firstGuard.id) return;
        const derefCopy = firstGuard.parent?.type === 'unary_expression' && firstGuard.parent.text.startsWith('*');
        if (!derefCopy && !READS.test(firstStmt.text.slice(firstGuard.endIndex - firstStmt.startIndex))) return;
        if (!WRITES.test(secondStmt.text.slice(call.endIndex - secondStmt.startIndex)) && !WRITES.test(secondStmt.text)) return;
        if (!actsOnTheRead(first, firstStmt, call, secondStmt) || recheckedUnderSecond(call, secondStmt)) return;
        const between = awaitsIn(body).filter((a) => a.startIndex > first.endIndex && a.endIndex < call.startIndex && !takes.some((t) => t.parent?.id === a.id || a.namedChild(0)?.id === t.id));
        if (between.length === 0) return;
        ctx.report({ node: call, confidence: 'medium', message: `\`${recv}\` is checked under one lock (line ${first.startPosition.row + 1}), released, and written under another after an \`.await\` (line ${(between[0] as RsNode).startPosition.row + 1}): another task can make the same check in between, and both act on a stale answer (duplicate work, lost update). Hold one guard across the check and the write, or re-check under the second lock (\`entry(..).or_insert_with\`).` });
      },
    };
  },
};
