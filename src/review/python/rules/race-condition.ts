import { calleeLastName, calleeOf, descendantsInScope, enclosingStatement, isAsyncDef, isAsyncStatement, unparen, withValues, type PyFile, type PyNode } from '../analysis.js';
import type { PyRule } from '../rule.js';

const LOCK_NAME = /(lock|mutex|sem\b|semaphore|cond\b|condition|_sem\b|guard)/i;
const LOCK_CLASSES = new Set(['asyncio.Lock', 'asyncio.Semaphore', 'asyncio.BoundedSemaphore', 'asyncio.Condition']);
const SUSPEND = new Set(['await', 'for_statement', 'with_statement']);

export const raceCondition: PyRule = {
  meta: {
    id: 'race-condition',
    description: 'Read-modify-write of shared state (self.*, module state) across an await, without an asyncio.Lock.',
    severity: 'warning',
    basis: 'syntax',
    patternId: 'shared-state',
  },
  create(ctx) {
    const { file } = ctx;
    return {
      function_definition(fn) {
        if (!isAsyncDef(fn)) return;
        const body = fn.childForFieldName('body');
        if (!body) return;
        const nodes = descendantsInScope(body);
        const globals = new Set(nodes.filter((n) => n.type === 'global_statement').flatMap((g) => g.namedChildren.map((c) => c?.text ?? '')));
        const params = parameterNames(fn);
        const suspends = nodes.filter((n) => n.type === 'await' || (SUSPEND.has(n.type) && n.type !== 'await' && isAsyncStatement(n)));
        const suspendBetween = (from: number, to: number): boolean => suspends.some((s) => s.startIndex >= from && s.startIndex < to);
        const assignments = nodes.filter((n) => n.type === 'assignment' || n.type === 'augmented_assignment');
        // `self.seen.add(url)`, `self.active.append(conn)`: a write to a shared container, judged as check-then-act.
        const mutations = nodes.filter((n) => n.type === 'call' && MUTATORS.test(calleeLastName(n)) && calleeOf(n)?.type === 'attribute');
        const reportedChecks = new Set<number>();
        /** Racy writes grouped by the await they follow: one site, one finding. */
        const sites = new Map<number, Array<{ w: PyNode; key: string }>>();
        /** Groups a racy write under the await it follows (one key once per site). */
        const addSite = (w: PyNode, key: string): void => {
          const site = lastSuspendBefore(suspends, w.endIndex);
          const group = sites.get(site) ?? [];
          if (!group.some((g) => g.w.startIndex === w.startIndex || (g.key === key && w.type === 'call'))) group.push({ w, key });
          sites.set(site, group);
        };
        /**
         * Check-then-act: the nearest enclosing `if`/`while` decides on the key (`decides`) and an await lies between
         * its condition and `until`. One finding per check: other writes under the same check are the same defect.
         */
        const checkedBefore = (w: PyNode, decides: (cond: PyNode) => boolean, until: number): boolean => {
          for (let p = w.parent; p && p.startIndex !== fn.startIndex; p = p.parent) {
            if (p.type !== 'if_statement' && p.type !== 'elif_clause' && p.type !== 'while_statement') continue;
            const cond = p.childForFieldName('condition');
            if (!cond || !decides(cond) || !suspendBetween(cond.endIndex, until) || reportedChecks.has(p.startIndex)) return false;
            reportedChecks.add(p.startIndex);
            return true;
          }
          return false;
        };
        for (const w of assignments) {
          const left = w.childForFieldName('left');
          const right = w.childForFieldName('right');
          if (!left || !right) continue;
          // Storing a constant (`self._task = None`, `self.running = False`) uses no stale value: nothing is lost.
          if (w.type === 'assignment' && isConstant(right)) continue;
          const key = sharedKey(file, left, globals, params);
          if (!key || underLock(file, w, fn)) continue;
          const rhsReads = readsKey(right, key);
          let race = false;
          if (w.type === 'augmented_assignment') {
            // `self.total += await f()`: the old value is loaded before the await and stored after it.
            race = suspendBetween(right.startIndex, right.endIndex) || (left.type !== 'subscript' && guardBefore(w, key, suspendBetween));
          } else if (rhsReads.length > 0) {
            race = rhsReads.some((r) => suspendBetween(r.endIndex, right.endIndex));
          } else {
            // A local computed from the shared value before an await, written back after it.
            for (const a of assignments) {
              if (a.endIndex > w.startIndex || a.type !== 'assignment') continue;
              const local = a.childForFieldName('left');
              const value = a.childForFieldName('right');
              if (local?.type !== 'identifier' || !value || readsKey(value, key).length === 0) continue;
              if (!identifierIn(right, local.text)) continue;
              if (suspendBetween(a.endIndex, w.endIndex)) race = true;
            }
            // Check-then-act on a single resource (`self._token`, a global). Filling a container item from a fresh
            // load (`self.cache[k] = await load(k)`) only duplicates work when two tasks race, so it is left alone.
            const item = left.type === 'subscript';
            if (!race && !item) race = guardBefore(w, key, suspendBetween);
            // Check-then-act: `if self.token is None: self.token = await refresh()`.
            if (!race && !item) race = checkedBefore(w, (cond) => readsKey(cond, key).length > 0, w.endIndex);
          }
          if (race) addSite(w, key);
        }
        for (const m of mutations) {
          const target = calleeOf(m)?.childForFieldName('object');
          if (!target) continue;
          const t = unparen(target);
          // A module-level container mutated in place needs no `global` statement to be shared.
          const key = t.type === 'identifier' && file.moduleNames.has(t.text) ? t.text : sharedKey(file, t, globals, params);
          if (!key || underLock(file, m, fn)) continue;
          // Only a membership decision about the same container makes this write stale (`if url in self.seen:
          // return` ... await ... `self.seen.add(url)`), and only if nothing claimed the item before the first await.
          const decides = (cond: PyNode): boolean => testsMembership(cond, key) && !claimedBeforeSuspend(cond.endIndex, m, key, nodes, suspends);
          if (guardBefore(m, key, suspendBetween, decides) || checkedBefore(m, decides, m.startIndex)) addSite(m, key);
        }
        for (const group of sites.values()) {
          group.sort((a, b) => a.w.startIndex - b.w.startIndex);
          const [first, ...rest] = group;
          if (!first) continue;
          const others = [...new Set(rest.map((r) => r.key).filter((k) => k !== first.key))];
          const also = others.length > 0 ? ` The same await also separates ${others.map((k) => `\`${k}\``).join(', ')} from the state it was decided on: one lock around the whole block covers them all.` : '';
          ctx.report({
            node: first.w,
            confidence: 'medium',
            message: `\`${first.key}\` is read, then the coroutine awaits, then \`${first.key}\` is written from the stale read: another task can change it in between, and one update is lost (or the work runs twice). Hold an \`asyncio.Lock\` across the read and the write (\`async with self._lock:\`), or re-read after the await.${also}`,
          });
        }
      },
    };
  },
};

/** The start of the last suspension point before `end`: the await that makes the writes after it racy. */
function lastSuspendBefore(suspends: PyNode[], end: number): number {
  let last = -1;
  for (const s of suspends) if (s.startIndex < end && s.startIndex > last) last = s.startIndex;
  return last;
}

const LITERAL_TYPES = new Set(['none', 'true', 'false', 'integer', 'float']);

/** A value that does not depend on any state: a literal, a negative number, an empty container, `State.CLOSED`. */
function isConstant(expr: PyNode): boolean {
  const e = unparen(expr);
  if (LITERAL_TYPES.has(e.type)) return true;
  // ALL_CAPS names are constants by convention (PEP 8): module constants and enum members.
  if (e.type === 'identifier' || e.type === 'attribute') return /^[A-Z][A-Z0-9_]*$/.test(e.text.split('.').pop() ?? '');
  if (e.type === 'unary_operator') return LITERAL_TYPES.has(e.childForFieldName('argument')?.type ?? '');
  if (e.type === 'string') return !e.namedChildren.some((c) => c?.type === 'interpolation');
  return (e.type === 'list' || e.type === 'dictionary' || e.type === 'set' || e.type === 'tuple') && e.namedChildCount === 0;
}

/** Methods that change a container in place. */
const MUTATORS = /^(append|appendleft|add|extend|insert|update|setdefault|remove|discard|pop|popleft|popitem|clear)$/;

/** The parameters of a function (other than `self` / `cls`): objects the caller shares with other tasks. */
function parameterNames(fn: PyNode): Set<string> {
  const out = new Set<string>();
  for (const p of fn.childForFieldName('parameters')?.namedChildren ?? []) {
    const id = p?.type === 'identifier' ? p : p?.namedChild(0);
    if (id?.type === 'identifier' && id.text !== 'self' && id.text !== 'cls') out.add(id.text);
  }
  return out;
}

/**
 * The shared location an assignment target writes: `self.x`, `self.x[k]`, a global, a module-level container or
 * its item, or an attribute of an object passed in (`account.balance`): the caller may hand the same object to
 * other tasks.
 */
function sharedKey(file: PyFile, left: PyNode, globals: Set<string>, params: Set<string>): string | undefined {
  if (left.type === 'attribute' && /^(self|cls)\./.test(left.text)) return left.text;
  if (left.type === 'attribute' && /^[A-Za-z_]\w*\.[A-Za-z_]\w*$/.test(left.text) && params.has(left.text.split('.')[0] ?? '')) return left.text;
  if (left.type === 'identifier' && globals.has(left.text)) return left.text;
  if (left.type === 'subscript') {
    const base = left.childForFieldName('value');
    if (!base) return undefined;
    if (/^(self|cls)\./.test(base.text) || (base.type === 'identifier' && (file.moduleNames.has(base.text) || globals.has(base.text)))) return left.text;
  }
  return undefined;
}

/**
 * Occurrences of the key read inside an expression. For a container item (`self.stock[sku]`, `STOCK[sku]`) a read of
 * the same container (`STOCK.get(sku)`, `STOCK[sku]`) counts: the rule cannot tell keys apart.
 */
function readsKey(expr: PyNode, key: string): PyNode[] {
  const base = /^(.*?)\[/.exec(key)?.[1];
  const hits = (n: PyNode): boolean => n.text === key || (base !== undefined && (n.text === base || n.text.startsWith(`${base}[`) || n.text.startsWith(`${base}.get(`)));
  if (hits(expr)) return [expr];
  return descendantsInScope(expr, new Set(['attribute', 'subscript', 'identifier', 'call'])).filter(hits);
}

/** `x in <key>` / `x not in <key>` somewhere in a condition. */
function testsMembership(cond: PyNode, key: string): boolean {
  const tests = [cond, ...descendantsInScope(cond, new Set(['comparison_operator']))].filter((c) => c.type === 'comparison_operator');
  return tests.some((c) => {
    const ops = c.children.filter((k) => k !== null && !k.isNamed).map((k) => k?.text).join(' ');
    return /\bin\b/.test(ops) && unparen(c.namedChildren[c.namedChildCount - 1] ?? c).text === key;
  });
}

/**
 * Between the decision and the first await after it, the code already wrote the container (`self.pending[key] =
 * fut`, `self.seen.add(url)`): other tasks see the claim, so the later write is not decided on stale state.
 */
function claimedBeforeSuspend(from: number, write: PyNode, key: string, nodes: PyNode[], suspends: PyNode[]): boolean {
  return nodes.some((n) => {
    if (n.startIndex < from || n.startIndex >= write.startIndex) return false;
    const claims = n.type === 'assignment'
      ? (() => { const left = n.childForFieldName('left'); return !!left && (left.text === key || left.text.startsWith(`${key}[`)); })()
      : n.type === 'call' && MUTATORS.test(calleeLastName(n)) && unparen(calleeOf(n)?.childForFieldName('object') ?? n).text === key;
    if (!claims) return false;
    // On the write's own path (its block holds the write too), with no await between the decision and the claim.
    const block = n.parent?.type === 'block' ? n.parent : enclosingStatement(n).parent;
    if (!block || block.startIndex > write.startIndex || block.endIndex < write.endIndex) return false;
    const lower = Math.max(block.startIndex, from);
    return !suspends.some((x) => x.startIndex >= lower && x.startIndex < n.startIndex);
  });
}

/** An earlier guard in the same block (`if self.balance < amount: raise`) that reads the key and leaves. */
function guardBefore(w: PyNode, key: string, suspendBetween: (from: number, to: number) => boolean, decides: (cond: PyNode) => boolean = (c) => readsKey(c, key).length > 0): boolean {
  const stmt = enclosingStatement(w);
  for (let s = stmt.previousNamedSibling; s; s = s.previousNamedSibling) {
    if (s.type !== 'if_statement') continue;
    const cond = s.childForFieldName('condition');
    const cons = s.childForFieldName('consequence');
    if (!cond || !cons || !decides(cond)) continue;
    const exits = descendantsInScope(cons, new Set(['raise_statement', 'return_statement', 'continue_statement', 'break_statement'])).length > 0;
    if (exits && suspendBetween(s.endIndex, w.startIndex)) return true;
  }
  return false;
}

function identifierIn(expr: PyNode, name: string): boolean {
  if (expr.type === 'identifier') return expr.text === name;
  return descendantsInScope(expr, new Set(['identifier'])).some((n) => n.text === name);
}

/** Inside `async with <lock>:`, or the function acquires a lock before this point. */
function underLock(file: PyFile, node: PyNode, fn: PyNode): boolean {
  for (let p = node.parent; p && p.startIndex !== fn.startIndex; p = p.parent) {
    if (p.type === 'with_statement' && withValues(p).some((v) => LOCK_NAME.test(v.text) || LOCK_CLASSES.has(file.bindings.get(v.text) ?? ''))) return true;
  }
  const body = fn.childForFieldName('body');
  if (!body) return false;
  return descendantsInScope(body, new Set(['call'])).some((c) => c.startIndex < node.startIndex && /\.acquire$/.test(c.childForFieldName('function')?.text ?? '') && LOCK_NAME.test(c.text));
}
