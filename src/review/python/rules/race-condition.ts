import { calleeLastName, calleeOf, contains, descendantsInScope, enclosingFunction, enclosingLoop, enclosingStatement, isAsyncDef, isAsyncStatement, snippet, unparen, withValues, type PyFile, type PyNode } from '../analysis.js';
import type { PyRule } from '../rule.js';

const LOCK_NAME = /(lock|mutex|sem\b|semaphore|cond\b|condition|_sem\b|guard)/i;
const LOCK_CLASSES = new Set(['asyncio.Lock', 'asyncio.Semaphore', 'asyncio.BoundedSemaphore', 'asyncio.Condition']);
const SUSPEND = new Set(['await', 'for_statement', 'with_statement']);

export const raceCondition: PyRule = {
  meta: {
    id: 'race-condition',
    description: 'Read-modify-write or check-then-act on shared state (self.*, module state, objects passed in) across an await without an asyncio.Lock, and shared containers iterated across an await while other code changes them.',
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
        const locals = localNames(nodes, globals);
        const suspends = nodes.filter((n) => n.type === 'await' || (SUSPEND.has(n.type) && n.type !== 'await' && isAsyncStatement(n)));
        const suspendBetween = (from: number, to: number): boolean => suspends.some((s) => s.startIndex >= from && s.startIndex < to);
        const assignments = nodes.filter((n) => n.type === 'assignment' || n.type === 'augmented_assignment');
        // `self.seen.add(url)`, `self.active.append(conn)`: a write to a shared container, judged as check-then-act.
        const mutations = nodes.filter((n) => n.type === 'call' && MUTATORS.test(calleeLastName(n)) && calleeOf(n)?.type === 'attribute');
        /**
         * The condition decides on the key: it reads it, or reads a local copied from it before the check
         * (`cached = self.cache.get(key)` ... `if cached is None:`).
         */
        const decidesOn = (cond: PyNode, key: string): boolean => {
          if (readsKey(cond, key).length > 0) return true;
          const names = new Set(descendantsInScope(cond, new Set(['identifier'])).map((n) => n.text));
          if (cond.type === 'identifier') names.add(cond.text);
          return assignments.some((a) => {
            if (a.type !== 'assignment' || a.endIndex > cond.startIndex) return false;
            const local = a.childForFieldName('left');
            const value = a.childForFieldName('right');
            return local?.type === 'identifier' && names.has(local.text) && !!value && readsKey(value, key).length > 0;
          });
        };
        const reportedChecks = new Set<number>();
        /** Racy writes grouped by the await they follow: one site, one finding. */
        const sites = new Map<number, Array<{ w: PyNode; key: string; checked: boolean }>>();
        /** Groups a racy write under the await it follows (one key once per site). */
        const addSite = (w: PyNode, key: string, checked = false): void => {
          const site = lastSuspendBefore(suspends, w.endIndex);
          const group = sites.get(site) ?? [];
          if (!group.some((g) => g.w.startIndex === w.startIndex || (g.key === key && w.type === 'call'))) group.push({ w, key, checked });
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
            // Only awaits on the write's own branch count: in `if k in d: await ev.wait() else: d[k] = ...` the
            // write runs right after the check.
            const branch = branchOf(p, w);
            if (!cond || !decides(cond) || !suspendBetween(Math.max(cond.endIndex, branch?.startIndex ?? 0), until) || reportedChecks.has(p.startIndex)) return false;
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
          const key = sharedKey(file, left, globals, params, locals);
          if (!key || underLock(file, w, fn)) continue;
          const rhsReads = readsKey(right, key);
          let race = false;
          let checked = false;
          if (w.type === 'augmented_assignment') {
            // `self.total += await f()`: the old value is loaded before the await and stored after it. Or the update
            // was decided on the value before an await (`if self.active < self.limit:` ... await ... `+= 1`).
            race = suspendBetween(right.startIndex, right.endIndex);
            if (!race && left.type !== 'subscript') race = checked = guardBefore(w, key, suspendBetween, (cond) => decidesOn(cond, key)) || checkedBefore(w, (cond) => decidesOn(cond, key), w.startIndex);
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
            // Check-then-act on a single resource: `if self.token is None: self.token = await refresh()`, also
            // spelled `if not hasattr(self, "_conn")`, or a guard clause that returns early. On a container item
            // (`if host not in self.sessions: self.sessions[host] = await open(host)`) the decision is membership
            // or a lookup of the same container, and two tasks that pass it both load and the later store wins: the
            // first resource is leaked or the work runs twice. A claim made before the first await (a pending
            // future stored under the key) is what makes such a fill safe.
            const container = left.type === 'subscript' ? left.childForFieldName('value')?.text : undefined;
            const decides = container === undefined
              ? (cond: PyNode): boolean => decidesOn(cond, key) || testsHasattr(cond, key)
              : (cond: PyNode): boolean => (testsMembership(cond, container) || decidesOn(cond, key)) && !claimedBeforeSuspend(cond.endIndex, w, container, nodes, suspends);
            if (!race) race = checked = guardBefore(w, key, suspendBetween, decides) || checkedBefore(w, decides, w.endIndex);
          }
          if (race) addSite(w, key, checked);
        }
        for (const m of mutations) {
          const target = calleeOf(m)?.childForFieldName('object');
          if (!target) continue;
          const t = unparen(target);
          // A module-level container mutated in place needs no `global` statement to be shared.
          const key = t.type === 'identifier' && file.moduleNames.has(t.text) && !locals.has(t.text) ? t.text : sharedKey(file, t, globals, params, locals);
          if (!key || underLock(file, m, fn)) continue;
          // Only a membership decision about the same container makes this write stale (`if url in self.seen:
          // return` ... await ... `self.seen.add(url)`), and only if nothing claimed the item before the first await.
          // A size check decides too (`if len(self.pool) < self.size:` ... await ... `self.pool.append(conn)`), unless
          // it sits in a loop with the write and is made again before the next one (a read buffer filled up to a limit).
          const rechecked = (cond: PyNode): boolean => { const loop = enclosingLoop(cond); return !!loop && contains(loop, m); };
          const decides = (cond: PyNode): boolean => (testsMembership(cond, key) || (testsSize(cond, key) && !rechecked(cond))) && !claimedBeforeSuspend(cond.endIndex, m, key, nodes, suspends);
          if (guardBefore(m, key, suspendBetween, decides) || checkedBefore(m, decides, m.startIndex)) addSite(m, key, true);
        }
        // Iterating a shared container across an await: a task that adds or removes an entry while this one is
        // suspended breaks the iteration (a dict or a set raises "changed size during iteration", a list skips or
        // repeats items). Iterating a copy (`list(self.clients)`) is the fix, and it is not matched here.
        for (const loop of nodes) {
          if (loop.type !== 'for_statement' || isAsyncStatement(loop)) continue;
          const iterable = loop.childForFieldName('right');
          const loopBody = loop.childForFieldName('body');
          if (!iterable || !loopBody) continue;
          const container = liveContainer(file, iterable, globals, locals);
          if (!container || !suspendBetween(loopBody.startIndex, loopBody.endIndex) || underLock(file, loop, fn)) continue;
          const mutation = mutatedInPlace(file, container, fn);
          if (!mutation) continue;
          const where = enclosingFunction(mutation)?.childForFieldName('name')?.text;
          ctx.report({
            node: iterable,
            confidence: 'medium',
            message: `The loop iterates \`${container}\` itself and awaits inside it, while \`${snippet(enclosingStatement(mutation))}\` (line ${mutation.startPosition.row + 1}${where ? `, in \`${where}\`` : ''}) changes it in place: a task that runs that while this one is suspended makes the iteration fail ("dictionary changed size during iteration" for a dict or set) or skip items (a list). Iterate over a snapshot (\`for x in list(${container}):\`) or hold an \`asyncio.Lock\` that the writers take too.`,
          });
        }
        for (const [site, group] of sites) {
          group.sort((a, b) => a.w.startIndex - b.w.startIndex);
          // A refresh decided on one attribute (`if now >= self._expires:`) writes others first (`self._token =
          // ...`): those writes ride on the same stale check, and the finding goes to the first of them.
          const head = group[0];
          if (head?.checked) {
            const block = enclosingStatement(head.w).parent;
            const earlier = assignments.find((a) => {
              if (a.startIndex <= site || a.startIndex >= head.w.startIndex || enclosingStatement(a).parent?.startIndex !== block?.startIndex) return false;
              const l = a.childForFieldName('left');
              const r = a.childForFieldName('right');
              return !!l && !!r && !(a.type === 'assignment' && isConstant(r)) && sharedKey(file, l, globals, params, locals) !== undefined;
            });
            const k = earlier ? sharedKey(file, earlier.childForFieldName('left') as PyNode, globals, params, locals) : undefined;
            if (earlier && k) group.unshift({ w: earlier, key: k, checked: true });
          }
          const [first, ...rest] = group;
          if (!first) continue;
          const others = [...new Set(rest.map((r) => r.key).filter((k) => k !== first.key))];
          const also = others.length > 0 ? ` The same await also separates ${others.map((k) => `\`${k}\``).join(', ')} from the state it was decided on: one lock around the whole block covers them all.` : '';
          ctx.report({
            node: first.w,
            confidence: 'medium',
            message: first.checked
              ? `\`${first.key}\` is written after an await on the strength of a check made before it: two tasks can both pass the check while the first is suspended, so the work runs twice and the later write replaces the first (a leaked connection, a lost item, a double count). Hold an \`asyncio.Lock\` across the check and the write (\`async with self._lock:\`), or claim the slot before awaiting (store a task or future under the key and await that).${also}`
              : `\`${first.key}\` is read, then the coroutine awaits, then \`${first.key}\` is written from the stale read: another task can change it in between, and one update is lost (or the work runs twice). Hold an \`asyncio.Lock\` across the read and the write (\`async with self._lock:\`), or re-read after the await.${also}`,
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
function sharedKey(file: PyFile, left: PyNode, globals: Set<string>, params: Set<string>, locals: Set<string>): string | undefined {
  if (left.type === 'attribute' && /^(self|cls)\./.test(left.text)) return left.text;
  if (left.type === 'attribute' && /^[A-Za-z_]\w*\.[A-Za-z_]\w*$/.test(left.text)) {
    const head = left.text.split('.')[0] ?? '';
    // An object passed in, or one that lives at module level (`stats = Stats()`, a class's own attribute): every
    // task that runs this coroutine writes the same object.
    if (params.has(head) || ((file.moduleNames.has(head) || file.moduleClasses.has(head)) && !locals.has(head) && !file.imports.has(head))) return left.text;
  }
  if (left.type === 'identifier' && globals.has(left.text)) return left.text;
  if (left.type === 'subscript') {
    const base = left.childForFieldName('value');
    if (!base) return undefined;
    if (/^(self|cls)\./.test(base.text) || (base.type === 'identifier' && ((file.moduleNames.has(base.text) && !locals.has(base.text)) || globals.has(base.text)))) return left.text;
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

/**
 * The shared container a `for` iterates directly: `self.clients`, `self.clients.items()` / `.keys()` / `.values()`,
 * or a module-level container (not a copy such as `list(...)`, `sorted(...)` or a slice).
 */
function liveContainer(file: PyFile, iterable: PyNode, globals: Set<string>, locals: Set<string>): string | undefined {
  let it = unparen(iterable);
  if (it.type === 'call' && /^(items|keys|values)$/.test(calleeLastName(it)) && (it.childForFieldName('arguments')?.namedChildCount ?? 0) === 0) {
    const obj = calleeOf(it)?.childForFieldName('object');
    if (!obj) return undefined;
    it = unparen(obj);
  }
  if (it.type === 'attribute' && /^(self|cls)\.[A-Za-z_]\w*$/.test(it.text)) return it.text;
  if (it.type === 'identifier' && (globals.has(it.text) || (file.moduleNames.has(it.text) && !locals.has(it.text)))) return it.text;
  return undefined;
}

/**
 * A place that adds to or removes from the container in place (a mutating method, an item store, a `del`): in
 * any function of the same class (of the module, for module state), other than `__init__`, which runs before the
 * object is shared.
 */
function mutatedInPlace(file: PyFile, container: string, iterating: PyNode): PyNode | undefined {
  const cls = container.startsWith('self.') || container.startsWith('cls.') ? file.enclosingClassName(iterating) : undefined;
  // A list that only grows (`append`, `extend`) is iterated safely: the loop sees the new items, nothing is skipped.
  const mutators = isList(file, container) ? LIST_SHRINKERS : MUTATORS;
  for (const fn of file.functions()) {
    if (fn.startIndex === iterating.startIndex || fn.childForFieldName('name')?.text === '__init__') continue;
    if (cls !== undefined && file.enclosingClassName(fn) !== cls) continue;
    const body = fn.childForFieldName('body');
    if (!body || !body.text.includes(container)) continue;
    for (const n of descendantsInScope(body, MUTATION_TYPES)) {
      if (n.type === 'call') {
        if (mutators.test(calleeLastName(n)) && unparen(calleeOf(n)?.childForFieldName('object') ?? n).text === container) return n;
      } else if (n.type === 'delete_statement') {
        if (descendantsInScope(n, new Set(['subscript'])).some((x) => x.childForFieldName('value')?.text === container)) return n;
      } else if (mutators === MUTATORS) {
        const left = n.childForFieldName('left');
        if (left?.type === 'subscript' && left.childForFieldName('value')?.text === container) return n;
      }
    }
  }
  return undefined;
}

const MUTATION_TYPES = new Set(['call', 'delete_statement', 'assignment', 'augmented_assignment']);

/** List methods that remove or shift items: iterating the list while they run skips or repeats an item. */
const LIST_SHRINKERS = /^(remove|pop|insert|clear)$/;

/** The container is assigned a list somewhere in the file (`self.x = []`, `list(...)`, an annotation `List[...]`). */
function isList(file: PyFile, container: string): boolean {
  return file.root.descendantsOfType('assignment').some((a) => {
    if (a?.childForFieldName('left')?.text !== container) return false;
    const right = a.childForFieldName('right');
    const r = right ? unparen(right) : undefined;
    if (/^(typing\.)?(List|list|Sequence|MutableSequence)\b/.test(a.childForFieldName('type')?.text.replace(/^["']/, '') ?? '')) return true;
    if (!r) return false;
    if (r.type === 'list' || r.type === 'list_comprehension' || (r.type === 'call' && calleeOf(r)?.text === 'list')) return true;
    // `list(tasks) if tasks else []`
    return r.type === 'conditional_expression' && r.namedChildren.some((c) => c?.type === 'list' || (c?.type === 'call' && calleeOf(c)?.text === 'list'));
  });
}

/** The branch of an `if` / `elif` / `while` that holds a node: its body, or the `elif` / `else` clause. */
function branchOf(stmt: PyNode, node: PyNode): PyNode | undefined {
  return stmt.namedChildren.find((c) => c !== null && c.startIndex <= node.startIndex && c.endIndex >= node.endIndex && c.startIndex > (stmt.childForFieldName('condition')?.endIndex ?? 0)) ?? undefined;
}

/** Names a coroutine binds for itself (assignment and loop targets, `as` names) and does not declare global. */
function localNames(nodes: PyNode[], globals: Set<string>): Set<string> {
  const out = new Set<string>();
  for (const n of nodes) {
    const target = n.type === 'assignment' || n.type === 'augmented_assignment' ? n.childForFieldName('left') : n.type === 'for_statement' ? n.childForFieldName('left') : n.type === 'as_pattern_target' ? n : undefined;
    if (!target) continue;
    for (const id of target.type === 'identifier' ? [target] : descendantsInScope(target, new Set(['identifier']))) {
      if (id.parent?.type !== 'attribute' && id.parent?.type !== 'subscript' && !globals.has(id.text)) out.add(id.text);
    }
  }
  return out;
}

/** `hasattr(self, "_conn")` / `getattr(self, "_conn", None)` for the key `self._conn`: a lazy-init check. */
function testsHasattr(cond: PyNode, key: string): boolean {
  const m = /^(\w+)\.(\w+)$/.exec(key);
  if (!m) return false;
  return new RegExp(String.raw`\b(hasattr|getattr)\(\s*${m[1]}\s*,\s*['"]${m[2]}['"]`).test(cond.text);
}

/** `len(<key>)` compared in a condition: a decision on the container's size. */
function testsSize(cond: PyNode, key: string): boolean {
  return [cond, ...descendantsInScope(cond, new Set(['call']))].some((c) => c.type === 'call' && calleeOf(c)?.text === 'len' && c.childForFieldName('arguments')?.namedChild(0)?.text === key && c.parent?.type === 'comparison_operator');
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
