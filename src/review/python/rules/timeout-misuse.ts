import { enclosingFunction, isAsyncStatement, keywordArgs, parentOf, positionalArgs, referencesTo, unparen, withValues, type PyNode } from '../analysis.js';
import type { PyRule } from '../rule.js';

/** Async-only context managers that a plain `with` cannot enter. */
const ASYNC_ONLY_TIMEOUT = /^(asyncio\.(timeout|timeout_at)|async_timeout\.(timeout|timeout_at))$/;
/** Words that say an expression is an absolute deadline (a clock reading), not a duration. */
const CLOCK = /(\.time\(\)|monotonic|deadline|_at\b|until|expires?|end_time|when)/i;

export const timeoutMisuse: PyRule = {
  meta: {
    id: 'timeout-misuse',
    description: 'Timeouts that do not do what they look like: sync `with` on asyncio.timeout, timeout_at given a duration, asyncio.wait leaving pending tasks running.',
    severity: 'error',
    patternId: 'timeout',
  },
  create(ctx) {
    const { file } = ctx;
    return {
      with_statement(stmt) {
        if (isAsyncStatement(stmt)) return;
        for (const v of withValues(stmt)) {
          if (v.type !== 'call') continue;
          const name = file.calleeName(v);
          if (name && ASYNC_ONLY_TIMEOUT.test(name)) {
            ctx.report({
              node: stmt,
              message: `\`with ${name}(...)\` fails at run time: it is an asynchronous context manager and needs \`async with\`.`,
              suggestion: `async with ${v.text}:`,
            });
          }
        }
      },
      except_clause(clause) {
        // Before 3.11, asyncio.TimeoutError is not the builtin TimeoutError, so this handler never runs.
        if (Number(ctx.target.split('.')[1] ?? 0) >= 11) return;
        const caught = clause.namedChildren.find((c) => c !== null && c.type !== 'block' && c.type !== 'comment');
        const value = caught?.type === 'as_pattern' ? caught.namedChild(0) : caught;
        const names = value ? (unparen(value).type === 'tuple' ? unparen(value).namedChildren : [value]).map((n) => (n ? file.qualify(n) ?? n.text : '')) : [];
        if (!names.includes('TimeoutError') || names.some((n) => /asyncio\.(exceptions\.)?TimeoutError$/.test(n)) || file.imports.has('TimeoutError')) return;
        const body = clause.parent?.childForFieldName('body');
        const usesAsyncioTimeout = !!body && body.descendantsOfType('call').some((c) => !!c && /^asyncio\.(wait_for|timeout|timeout_at)$/.test(file.calleeName(c) ?? ''));
        if (!usesAsyncioTimeout) return;
        ctx.report({
          node: clause,
          message: `On Python ${ctx.target}, \`asyncio.wait_for\` raises \`asyncio.TimeoutError\`, which only became an alias of the builtin \`TimeoutError\` in 3.11: this handler never runs. Catch \`asyncio.TimeoutError\`.`,
          suggestion: 'except asyncio.TimeoutError:',
        });
      },
      call(call) {
        const name = file.calleeName(call);
        if (name === 'asyncio.timeout_at') {
          const when = positionalArgs(call)[0] ?? keywordArgs(call).get('when');
          if (!when) return;
          const w = unparen(when);
          const relative = w.type === 'integer' || w.type === 'float' || (w.type === 'identifier' && /^(timeout|seconds|secs|delay|duration|ttl|limit|interval|wait|timeout_s|timeout_sec)$/i.test(w.text));
          if (relative && !CLOCK.test(w.text)) {
            ctx.report({
              node: call,
              message: `\`asyncio.timeout_at(${w.text})\` takes an absolute deadline on the loop's clock, not a duration: this one has already passed, so the block is cancelled at once. Use \`asyncio.timeout(${w.text})\`, or \`timeout_at(loop.time() + ${w.text})\`.`,
              suggestion: `asyncio.timeout(${w.text})`,
            });
          }
          return;
        }
        if (name === 'asyncio.wait' && keywordArgs(call).has('timeout')) checkWaitPending(call, (node, message) => ctx.report({ node, message }));
      },
    };
  },
};

/** The try statement around a node (its `finally` may cancel what the wait left running). */
function enclosingTry(node: PyNode): PyNode | undefined {
  for (let p = node.parent; p; p = p.parent) {
    if (p.type === 'try_statement') return p;
    if (p.type === 'function_definition') return undefined;
  }
  return undefined;
}

/** `done, pending = await asyncio.wait(..., timeout=t)` and `pending` never cancelled nor looked at. */
function checkWaitPending(call: PyNode, report: (n: PyNode, m: string) => void): void {
  const aw = parentOf(call);
  const holder = aw?.type === 'await' ? aw : call;
  const stmt = parentOf(holder);
  const msg = (why: string): string => `\`asyncio.wait(..., timeout=...)\` does not cancel what is still running when the time is up: ${why}. Cancel the pending tasks (\`for t in pending: t.cancel()\`), or use \`async with asyncio.timeout(...)\` / a TaskGroup.`;
  if (stmt?.type === 'expression_statement') {
    report(call, msg('the result is dropped, so the pending tasks keep running unobserved'));
    return;
  }
  if (stmt?.type !== 'assignment') return;
  const left = stmt.childForFieldName('left');
  if (!left || (left.type !== 'pattern_list' && left.type !== 'tuple_pattern')) return;
  const pending = left.namedChildren[1];
  if (!pending) return;
  if (pending.text === '_') {
    report(call, msg('the pending set is discarded as `_`'));
    return;
  }
  const scope = enclosingFunction(call)?.childForFieldName('body');
  if (!scope) return;
  const uses = referencesTo(scope, pending.text).filter((r) => r.startIndex > left.endIndex);
  const cancels = /\.cancel\(\)/.test(scope.text.slice(call.endIndex - scope.startIndex)) || /\.cancel\(\)/.test(enclosingTry(call)?.text ?? '');
  if (uses.length === 0 && !cancels) report(call, msg(`\`${pending.text}\` is never cancelled or awaited`));
}
