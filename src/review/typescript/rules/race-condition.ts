import { ts } from 'ts-morph';
import { calleeName, calleeReceiver, dottedName, forEachInSameFunction, hasAsyncModifier, isFunctionLike, skipOuter, someInSameFunction } from '../predicates.js';
import type { RuleContext, RuleListeners, RuleMeta } from '../rule.js';

export const meta: RuleMeta = {
  id: 'race-condition',
  description: 'Shared state is read, then written after an await: concurrent callers interleave and one update is lost.',
  severity: 'warning',
  basis: 'syntax',
  messages: {
    checkThenAct:
      '`{{state}}` is checked before an `await` and written after it: two concurrent callers both pass the check and both do the work (e.g. two token refreshes), and the later write wins. Share one in-flight promise (`this.pending ??= load().finally(() => { this.pending = undefined; })`) or take a lock.',
    readModifyWrite:
      '`{{state}}` is read before an `await` and written after it from that stale value: a concurrent update in between is lost. Compute the new value after the await, in one synchronous step, or serialise updates with a lock.',
    mapCheckThenAct:
      '`{{state}}` is checked and filled around an `await`: concurrent callers for the same key all miss and all load. Store the promise in the map before awaiting (`map.set(key, promise)`).',
  },
  patternId: 'shared-state',
};

const LOCKISH = /(lock|mutex|semaphore|inflight|inFlight|pending|promise|refreshing|loading)/i;

/** `this.x`, `this.a.b` or a module-level `let`/`var`: state another call can see. */
function sharedKey(ctx: RuleContext, node: ts.Node, allowConst = false): string | undefined {
  const n = skipOuter(node);
  if (ts.isPropertyAccessExpression(n)) {
    const d = dottedName(n);
    if (d?.startsWith('this.')) return d;
    // A field of a record taken from shared state: `const seat = seats.get(id); ... seat.heldBy = user`.
    if (d && ts.isIdentifier(n.expression) && isSharedRecord(ctx, n.expression)) return d;
    return undefined;
  }
  if (ts.isElementAccessExpression(n)) {
    // `stock[sku]` on a shared object: keyed by the index text, so different keys are told apart.
    const root = skipOuter(n.expression);
    const base = root.kind === ts.SyntaxKind.ThisKeyword ? 'this' : ts.isPropertyAccessExpression(root) || ts.isIdentifier(root) ? sharedKey(ctx, root, true) : undefined;
    return base === undefined ? undefined : `${base}[${n.argumentExpression.getText()}]`;
  }
  if (ts.isIdentifier(n)) {
    const decl = ctx.checker.getSymbolAtLocation(n)?.valueDeclaration;
    if (!decl || !ts.isVariableDeclaration(decl)) return undefined;
    const list = decl.parent;
    if (!ts.isVariableDeclarationList(list) || (list.flags & ts.NodeFlags.Const && !allowConst)) return undefined;
    const stmt = list.parent;
    if (!stmt || !ts.isVariableStatement(stmt) || !ts.isSourceFile(stmt.parent)) return undefined;
    return n.text;
  }
  return undefined;
}

/** A local const initialised from shared state (`seats.get(id)`, `this.cache[id]`, `registry.items[0]`). */
function isSharedRecord(ctx: RuleContext, id: ts.Identifier): boolean {
  const decl = ctx.checker.getSymbolAtLocation(id)?.valueDeclaration;
  if (!decl || !ts.isVariableDeclaration(decl) || !decl.initializer || !ts.isIdentifier(decl.name)) return false;
  if (ts.isSourceFile(decl.parent.parent.parent)) return false; // module level: already shared by name
  let root: ts.Node = skipOuter(decl.initializer);
  if (ts.isAwaitExpression(root)) return false; // a fresh copy loaded from elsewhere
  while (ts.isCallExpression(root) || ts.isPropertyAccessExpression(root) || ts.isElementAccessExpression(root)) root = skipOuter(root.expression);
  if (root.kind === ts.SyntaxKind.ThisKeyword) return true;
  return ts.isIdentifier(root) && sharedKey(ctx, root, true) !== undefined;
}

function isAssignment(n: ts.Node): n is ts.BinaryExpression {
  return ts.isBinaryExpression(n) && n.operatorToken.kind >= ts.SyntaxKind.FirstAssignment && n.operatorToken.kind <= ts.SyntaxKind.LastAssignment;
}

interface Event {
  pos: number;
  kind: 'read' | 'write' | 'await';
  key?: string;
  node: ts.Node;
  /** For writes: the right-hand side awaited something or read a local snapshot. */
  rhs?: ts.Expression;
  /** A map entry written with `.set(key, value)`. */
  entry?: boolean;
}

/** `R.get(k)` / `R.set(k, v)` on a shared map `R` (`this.x`, a module-level map): the entry's key, as `R[k]`. */
function sharedEntry(ctx: RuleContext, call: ts.CallExpression): { method: 'get' | 'set'; key: string } | undefined {
  const method = calleeName(call);
  if (method !== 'get' && method !== 'set') return undefined;
  if (call.arguments.length !== (method === 'get' ? 1 : 2)) return undefined;
  const callee = skipOuter(call.expression);
  if (!ts.isPropertyAccessExpression(callee)) return undefined;
  const recv = skipOuter(callee.expression);
  const base = ts.isPropertyAccessExpression(recv) && recv.expression.kind === ts.SyntaxKind.ThisKeyword ? dottedName(recv) : ts.isIdentifier(recv) ? sharedKey(ctx, recv, true) : undefined;
  if (!base) return undefined;
  return { method, key: `${base}[${call.arguments[0]!.getText()}]` };
}

export function create(ctx: RuleContext): RuleListeners {
  const analyse = (fn: ts.FunctionLikeDeclaration): void => {
    if (!fn.body || !hasAsyncModifier(fn)) return;
    const events: Event[] = [];
    const guards = new Map<string, ts.IfStatement[]>();
    forEachInSameFunction(fn.body, (n) => {
      if (ts.isAwaitExpression(n)) events.push({ pos: n.getEnd(), kind: 'await', node: n });
      else if (ts.isCallExpression(n)) {
        // Entries of a shared map: `this.balances.get(id)` reads, `this.balances.set(id, v)` writes, per key text.
        const entry = sharedEntry(ctx, n);
        if (entry?.method === 'get') events.push({ pos: n.getStart(), kind: 'read', key: entry.key, node: n });
        else if (entry?.method === 'set') events.push({ pos: n.getEnd(), kind: 'write', key: entry.key, node: n, rhs: n.arguments[1], entry: true });
      } else if (isAssignment(n)) {
        const key = sharedKey(ctx, n.left);
        if (key) {
          events.push({ pos: n.getEnd(), kind: 'write', key, node: n, rhs: n.right });
          if (n.operatorToken.kind !== ts.SyntaxKind.EqualsToken) events.push({ pos: n.left.getStart(), kind: 'read', key, node: n.left });
        }
      } else if (ts.isPropertyAccessExpression(n) || ts.isIdentifier(n) || ts.isElementAccessExpression(n)) {
        const p = n.parent;
        if (isAssignment(p) && p.left === n) return;
        if (ts.isPropertyAccessExpression(p) && p.name === n) return;
        const key = sharedKey(ctx, n);
        if (!key) return;
        events.push({ pos: n.getStart(), kind: 'read', key, node: n });
        for (let q: ts.Node = n; q.parent && !ts.isBlock(q.parent); q = q.parent) {
          if (ts.isIfStatement(q.parent) && q.parent.expression === q) {
            guards.set(key, [...(guards.get(key) ?? []), q.parent]);
            break;
          }
        }
      }
    });
    events.sort((a, b) => a.pos - b.pos);
    // Locals that snapshot shared state: `const balance = this.balance;`
    // One local can snapshot several keys at once (`this.balances.get(id)` reads the map and its entry).
    const snapshots = new Map<string, Set<string>>();
    forEachInSameFunction(fn.body, (n) => {
      if (!ts.isVariableDeclaration(n) || !n.initializer || !ts.isIdentifier(n.name)) return;
      for (const e of events) {
        if (e.kind !== 'read' || !e.key || e.node.pos < n.initializer.pos || e.node.end > n.initializer.end) continue;
        const keys = snapshots.get(n.name.text) ?? new Set<string>();
        keys.add(e.key);
        snapshots.set(n.name.text, keys);
      }
    });
    const usesSnapshot = (rhs: ts.Expression | undefined, key: string): boolean => {
      let hit = false;
      const walk = (c: ts.Node): void => {
        if (hit) return;
        if (ts.isIdentifier(c) && snapshots.get(c.text)?.has(key)) hit = true;
        else ts.forEachChild(c, walk);
      };
      if (rhs) walk(rhs);
      return hit;
    };
    const reported = new Set<string>();
    for (let i = 0; i < events.length; i++) {
      const w = events[i]!;
      if (w.kind !== 'write' || !w.key || reported.has(w.key)) continue;
      if (LOCKISH.test(w.key)) continue;
      // A write of a promise (no await in it) is the fix: the in-flight work is shared.
      const rhsAwaits = w.rhs !== undefined && awaitsHere(w.rhs);
      if (w.rhs && awaitsSharedPromise(ctx, w.rhs)) continue;
      // Walk back: an await before this write, and a read of the same key before that await with no write between.
      let sawAwait = rhsAwaits;
      let raced = false;
      for (let j = i - 1; j >= 0; j--) {
        const e = events[j]!;
        if (e.kind === 'await') {
          // Awaiting shared state (`await this.pending`) is the single-flight fix, not the race.
          if (awaitsSharedPromise(ctx, e.node)) break;
          sawAwait = true;
        }
        else if (e.key === w.key) {
          if (e.kind === 'write') break; // claimed synchronously earlier: a guard, not a race
          if (e.kind === 'read' && sawAwait) {
            raced = true;
            break;
          }
        }
      }
      if (!raced) continue;
      reported.add(w.key);
      const compound = (!w.entry && (w.node as ts.BinaryExpression).operatorToken.kind !== ts.SyntaxKind.EqualsToken) || (w.rhs !== undefined && (mentionsKey(ctx, w.rhs, w.key) || usesSnapshot(w.rhs, w.key)));
      if (w.entry && !compound) continue; // check-then-fill of a map is judged by analyseMaps
      const guarded = (guards.get(w.key) ?? []).some((g) => guardsWrite(g, w.node));
      if (!compound && !guarded) continue; // read and write unrelated: not sure it is a race
      const messageId = compound ? 'readModifyWrite' : 'checkThenAct';
      ctx.report({ node: w.node, messageId, data: { state: w.key } });
    }
    analyseMaps(fn);
  };

  /** `if (!cache.has(k)) { const v = await load(k); cache.set(k, v); }` on a shared map. */
  const analyseMaps = (fn: ts.FunctionLikeDeclaration): void => {
    forEachInSameFunction(fn.body!, (n) => {
      if (!ts.isIfStatement(n)) return;
      let mapKey: string | undefined;
      const scan = (c: ts.Node): void => {
        if (ts.isCallExpression(c) && (calleeName(c) === 'has' || calleeName(c) === 'get')) {
          const recv = calleeReceiver(c);
          if (recv) mapKey = sharedKey(ctx, recv, true) ?? mapKey;
        }
        ts.forEachChild(c, scan);
      };
      scan(n.expression);
      if (!mapKey || LOCKISH.test(mapKey)) return;
      let sawAwait = false;
      let setBeforeAwait = false;
      let target: ts.Node | undefined;
      forEachInSameFunction(n.thenStatement, (c) => {
        if (target) return;
        if (ts.isAwaitExpression(c)) sawAwait = true;
        if (ts.isCallExpression(c) && calleeName(c) === 'set' && sharedKey(ctx, calleeReceiver(c)!, true) === mapKey) {
          if (!sawAwait && !c.arguments.some((a) => awaitsHere(a))) setBeforeAwait = true;
          else if (!setBeforeAwait) target = c;
        }
      });
      if (target) ctx.report({ node: target, messageId: 'mapCheckThenAct', data: { state: mapKey }, confidence: 'medium' });
    });
  };

  return {
    [ts.SyntaxKind.FunctionDeclaration]: (n) => analyse(n as ts.FunctionLikeDeclaration),
    [ts.SyntaxKind.FunctionExpression]: (n) => analyse(n as ts.FunctionLikeDeclaration),
    [ts.SyntaxKind.ArrowFunction]: (n) => analyse(n as ts.FunctionLikeDeclaration),
    [ts.SyntaxKind.MethodDeclaration]: (n) => analyse(n as ts.FunctionLikeDeclaration),
  };
}

/**
 * The expression suspends the function it is in: an `await` outside nested functions. The awaits of an async IIFE
 * (`this.closing = (async () => { await ... })()`) suspend the IIFE only; the write happens synchronously, so a
 * guard before it is the single-flight idiom, not a race.
 */
function awaitsHere(expr: ts.Node): boolean {
  return ts.isAwaitExpression(skipOuter(expr)) || someInSameFunction(expr, (n) => ts.isAwaitExpression(n));
}

/** `await this.pending`: waiting on a promise other callers share is the single-flight fix, not the race. */
function awaitsSharedPromise(ctx: RuleContext, node: ts.Node): boolean {
  const n = skipOuter(node);
  if (!ts.isAwaitExpression(n)) return false;
  const operand = skipOuter(n.expression);
  return sharedKey(ctx, operand) !== undefined || LOCKISH.test(operand.getText());
}

function exits(stmt: ts.Statement): boolean {
  if (ts.isReturnStatement(stmt) || ts.isThrowStatement(stmt)) return true;
  if (ts.isBlock(stmt)) {
    const last = stmt.statements[stmt.statements.length - 1];
    return last !== undefined && exits(last);
  }
  return false;
}

function within(node: ts.Node, container: ts.Node | undefined): boolean {
  return container !== undefined && node.pos >= container.pos && node.end <= container.end;
}

/**
 * The check decides the write: the write sits in a branch of the `if`, or the `if` exits early (`if (fresh) return`)
 * and the write follows it in the same block.
 */
function guardsWrite(guard: ts.IfStatement, write: ts.Node): boolean {
  if (within(write, guard.thenStatement) || within(write, guard.elseStatement)) return true;
  return exits(guard.thenStatement) && write.pos >= guard.end && within(write, guard.parent);
}

function mentionsKey(ctx: RuleContext, node: ts.Node, key: string): boolean {
  let hit = false;
  const walk = (n: ts.Node): void => {
    if (hit) return;
    if ((ts.isPropertyAccessExpression(n) || ts.isIdentifier(n)) && sharedKey(ctx, n) === key) hit = true;
    else if (!isFunctionLike(n)) ts.forEachChild(n, walk);
  };
  walk(node);
  return hit;
}
