import { insideLock, runsConcurrently, UNSAFE_COLLECTIONS, underAsyncLock } from '../predicates.js';
import type { CsRule, CsRuleContext } from '../rule.js';
import {
  calleeName, contains, descendantsInScope, enclosingFunction, functionBody, isAsyncFunction, receiverOf, simpleName,
  unparen, type CsNode,
} from '../syntax.js';

const MUTATORS = /^(Add|AddRange|Remove|RemoveAt|RemoveAll|Insert|Clear|Enqueue|Dequeue|Push|Pop|TryAdd|Sort)$/;

/** The variable a write goes to, when it lives outside `fn` (a field, or a local captured from around the lambda). */
function sharedTarget(ctx: CsRuleContext, target: CsNode, fn: CsNode): { name: string; kind: 'field' | 'captured' } | undefined {
  const t = unparen(target);
  if (t.type === 'member_access_expression' && t.childForFieldName('expression')?.type === 'this') return { name: simpleName(t), kind: 'field' };
  if (t.type !== 'identifier') return undefined;
  const v = ctx.file.lookup(t.text, t);
  if (!v) return undefined;
  if (v.kind === 'member') return v.member?.kind === 'field' || v.member?.kind === 'property' ? { name: t.text, kind: 'field' } : undefined;
  return contains(fn, v.decl) ? undefined : { name: t.text, kind: 'captured' };
}

/** The collection a mutating call changes is of a type that is not safe from two threads. */
function unsafeCollection(ctx: CsRuleContext, recv: CsNode): boolean {
  const t = ctx.file.typeOf(recv)?.type;
  return !!t && UNSAFE_COLLECTIONS.test(t.name);
}

export const raceCondition: CsRule = {
  meta: {
    id: 'race-condition',
    description: 'Shared state changed without a lock by code that runs concurrently, or read before an await and written back after it.',
    severity: 'warning',
    patternId: 'shared-state',
  },
  create(ctx) {
    const { file } = ctx;
    /** A write of shared state from inside a lambda that runs concurrently (Task.Run, Parallel.*, WhenAll over Select). */
    const concurrentWrite = (write: CsNode, target: CsNode, what: string): boolean => {
      const fn = enclosingFunction(write);
      if (!fn || !runsConcurrently(file, fn) || insideLock(write) || underAsyncLock(write)) return false;
      const shared = sharedTarget(ctx, target, fn);
      if (!shared) return false;
      ctx.report({
        node: write,
        message: `\`${what}\` changes ${shared.kind === 'field' ? 'a field' : `\`${shared.name}\`, captured from outside,`} from tasks that run at the same time, with no lock: updates get lost (or the collection gets corrupted). Use \`Interlocked\`, a \`lock\`, a concurrent collection (\`ConcurrentDictionary\`, \`ConcurrentBag\`), or collect the results from \`Task.WhenAll\`.`,
      });
      return true;
    };
    /** Read a field, await, then write the field from what was read: another caller can change it in between. */
    const acrossAwait = (write: CsNode, target: CsNode): void => {
      const fn = enclosingFunction(write);
      if (!fn || !isAsyncFunction(fn) || insideLock(write) || underAsyncLock(write)) return;
      const t = unparen(target);
      const shared = sharedTarget(ctx, t, fn);
      if (shared?.kind !== 'field') return;
      const body = functionBody(fn);
      if (!body) return;
      const field = shared.name;
      const right = write.type === 'assignment_expression' ? write.childForFieldName('right') : undefined;
      const op = write.type === 'assignment_expression' ? write.children.find((c) => c && !c.isNamed)?.text : undefined;
      // `_total += await CountAsync()`: C# reads `_total` before the await and writes after it.
      if (op && op !== '=' && right && descendantsInScope(right, new Set(['await_expression'])).length + (right.type === 'await_expression' ? 1 : 0) > 0) {
        report(write, field);
        return;
      }
      if (op !== '=' || !right) return;
      const awaits = descendantsInScope(body, new Set(['await_expression'])).filter((a) => a.startIndex <= write.endIndex);
      if (awaits.length === 0) return;
      const lastAwait = awaits.at(-1) as CsNode;
      // The value written was computed from a read of the same field made before that await.
      const locals = descendantsInScope(body, new Set(['variable_declarator'])).filter((d) => d.endIndex <= lastAwait.startIndex && new RegExp(`\\b${field}\\b`).test(d.text));
      const usesStale = locals.some((d) => {
        const n = d.childForFieldName('name')?.text;
        return !!n && new RegExp(`\\b${n}\\b`).test(right.text);
      });
      // Check-then-act: `if (_cache == null) { _cache = await Load(); }`, `if (!_map.ContainsKey(k)) { ... await ...; _map[k] = v; }`.
      let guarded = false;
      for (let p = write.parent; p && p !== body; p = p.parent) {
        if (p.type !== 'if_statement') continue;
        const cond = p.childForFieldName('condition');
        const inside = descendantsInScope(p, new Set(['await_expression'])).filter((a) => a.startIndex > (cond?.endIndex ?? 0) && a.startIndex <= write.endIndex);
        if (cond && new RegExp(`\\b${field}\\b`).test(cond.text) && inside.length > 0) guarded = true;
      }
      if (usesStale || guarded) report(write, field);
    };
    const report = (write: CsNode, field: string): void => {
      ctx.report({
        node: write,
        confidence: 'medium',
        message: `\`${field}\` is read, then an \`await\` lets other callers run, then \`${field}\` is written from what was read: two overlapping calls both act on the old value (a lost update, or the work done twice). Hold a \`SemaphoreSlim(1, 1)\` across the read and the write, or use \`Interlocked\` / \`ConcurrentDictionary.GetOrAdd\` / \`Lazy<Task<T>>\`.`,
      });
    };
    return {
      assignment_expression(node) {
        const left = node.childForFieldName('left');
        if (!left) return;
        const el = unparen(left);
        // `dict[key] = v` on a shared Dictionary.
        if (el.type === 'element_access_expression') {
          const coll = el.childForFieldName('expression');
          if (coll && unsafeCollection(ctx, coll)) {
            if (!concurrentWrite(node, coll, node.text.split('\n')[0] ?? '')) acrossAwait(node, coll);
          }
          return;
        }
        const op = node.children.find((c) => c && !c.isNamed)?.text;
        if (op !== '=' && concurrentWrite(node, left, node.text.split('\n')[0] ?? '')) return;
        if (op === '=' && right(node) && new RegExp(`\\b${escape(el.text)}\\b`).test(right(node)!.text) && concurrentWrite(node, left, node.text.split('\n')[0] ?? '')) return;
        acrossAwait(node, left);
      },
      postfix_unary_expression(node) {
        const target = node.namedChild(0);
        if (target && /\+\+|--/.test(node.text)) concurrentWrite(node, target, node.text);
      },
      prefix_unary_expression(node) {
        const target = node.namedChild(0);
        if (target && /^(\+\+|--)/.test(node.text)) concurrentWrite(node, target, node.text);
      },
      invocation_expression(call) {
        if (!MUTATORS.test(calleeName(call))) return;
        const recv = receiverOf(call);
        if (!recv || !unsafeCollection(ctx, recv)) return;
        concurrentWrite(call, recv, `${recv.text}.${calleeName(call)}(...)`);
      },
    };
  },
};

function right(node: CsNode): CsNode | null {
  return node.childForFieldName('right');
}

function escape(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
