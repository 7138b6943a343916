import type { CsRule, CsRuleContext } from '../rule.js';
import {
  argumentsOf, calleeName, descendantsInScope, enclosingFunction, functionBody, inAsyncCode, parametersOf, receiverOf,
  simpleName, unparen, type CsNode,
} from '../syntax.js';

/** Tasks that are complete by construction. */
const COMPLETE = /^(Task\.(FromResult|CompletedTask|FromException|FromCanceled)|ValueTask\.(FromResult|CompletedTask))\b/;

/** The task expression is known to be complete where `at` runs, so reading its result does not block. */
function knownComplete(ctx: CsRuleContext, task: CsNode, at: CsNode): boolean {
  const e = unparen(task);
  if (COMPLETE.test(e.text)) return true;
  if (e.type !== 'identifier' && e.type !== 'member_access_expression') return false;
  const name = e.text;
  const fn = enclosingFunction(at);
  // `ContinueWith(t => t.Result)`: the antecedent handed to a continuation has finished.
  if (fn && (fn.type === 'lambda_expression' || fn.type === 'anonymous_method_expression') && parametersOf(fn).some((p) => (p.childForFieldName('name')?.text ?? p.text) === name)) {
    const call = fn.parent?.parent?.parent;
    if (call?.type === 'invocation_expression' && /^(ContinueWith|ContinueWhenAll|ContinueWhenAny)$/.test(calleeName(call))) return true;
  }
  const v = ctx.file.lookup(name, at);
  // `var done = await Task.WhenAny(a, b)`: the task WhenAny hands back has finished.
  if (v?.init && unparen(v.init).type === 'await_expression' && /\bWhenAny\b/.test(v.init.text)) return true;
  const body = fn ? functionBody(fn) : undefined;
  if (!body) return false;
  // Awaited (itself, or inside WhenAll/WhenAny), or checked with IsCompleted, earlier in this function.
  const text = body.text;
  if (new RegExp(`\\b${escape(name)}\\.(IsCompleted|IsCompletedSuccessfully|IsFaulted|IsCanceled|Status)\\b`).test(text)) return true;
  for (const a of descendantsInScope(body, new Set(['await_expression', 'invocation_expression']))) {
    if (a.startIndex >= at.startIndex) break;
    if (a.type === 'await_expression' && new RegExp(`\\b${escape(name)}\\b`).test(a.text)) return true;
    if (a.type === 'invocation_expression' && /^(WaitAll|Wait)$/.test(calleeName(a)) && new RegExp(`\\b${escape(name)}\\b`).test(a.text)) return true;
  }
  // `foreach (var t in tasks) t.Result` after `await Task.WhenAll(tasks)`.
  if (v?.kind === 'local' && v.decl.parent?.type === 'foreach_statement') {
    const coll = v.decl.parent.childForFieldName('right')?.text;
    if (coll && descendantsInScope(body, new Set(['await_expression'])).some((a) => a.startIndex < at.startIndex && a.text.includes(coll))) return true;
  }
  return false;
}

function escape(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/** `static void Main`/`Main()` with no async: blocking at the very top is the one place it cannot deadlock. */
function inMain(node: CsNode): boolean {
  let fn = enclosingFunction(node);
  while (fn && (fn.type === 'lambda_expression' || fn.type === 'anonymous_method_expression')) fn = enclosingFunction(fn);
  return fn?.type === 'method_declaration' && fn.childForFieldName('name')?.text === 'Main';
}

export const syncOverAsync: CsRule = {
  meta: {
    id: 'sync-over-async',
    description: 'Blocking on a task (.Result, .Wait(), .GetAwaiter().GetResult(), Task.WaitAll) that is not known to be complete.',
    severity: 'error',
    patternId: 'offload-blocking',
  },
  create(ctx) {
    const { file } = ctx;
    const judge = (task: CsNode, at: CsNode, how: string): void => {
      const certainty = file.isTaskExpression(task);
      if (!certainty || knownComplete(ctx, task, at) || inMain(at)) return;
      const inAsync = inAsyncCode(at, file.topLevelAwaits);
      ctx.report({
        node: at,
        basis: file.exprBasis(task),
        severity: inAsync && certainty === 'certain' ? 'error' : 'warning',
        confidence: certainty === 'certain' ? 'high' : 'medium',
        message: inAsync
          ? `\`${how}\` blocks this thread until the task finishes, inside an async method: it ties up a thread-pool thread and deadlocks under a single-threaded SynchronizationContext (UI, classic ASP.NET). Use \`await\` instead.`
          : `\`${how}\` blocks the calling thread until the task finishes (sync over async): it can deadlock under a SynchronizationContext and starves the thread pool under load. Make the caller async and \`await\` the task.`,
        suggestion: `await ${unparen(task).text}`,
      });
    };
    return {
      member_access_expression(node) {
        if (simpleName(node) !== 'Result') return;
        const task = node.childForFieldName('expression');
        // `x.Result = ...` is a property write of some other type, not a task.
        if (!task || (node.parent?.type === 'assignment_expression' && node.parent.childForFieldName('left')?.startIndex === node.startIndex)) return;
        judge(task, node, `${task.text.length > 40 ? '...' : task.text}.Result`);
      },
      invocation_expression(call) {
        const name = calleeName(call);
        const recv = receiverOf(call);
        if (name === 'Wait' && recv) judge(recv, call, `${recv.text.length > 40 ? '...' : recv.text}.Wait()`);
        else if (name === 'GetResult' && recv?.type === 'invocation_expression' && calleeName(recv) === 'GetAwaiter' && argumentsOf(call).length === 0) {
          const task = receiverOf(recv);
          if (task) judge(task, call, '.GetAwaiter().GetResult()');
        } else if ((name === 'WaitAll' || name === 'WaitAny') && recv && /^(System\.Threading\.Tasks\.)?Task$/.test(recv.text)) {
          if (inMain(call)) return;
          const inAsync = inAsyncCode(call, file.topLevelAwaits);
          ctx.report({
            node: call,
            basis: { kind: 'catalog', detail: `Task.${name} blocks until the tasks finish (.NET reference packs)` },
            severity: inAsync ? 'error' : 'warning',
            message: `\`Task.${name}\` blocks the calling thread until the tasks finish${inAsync ? ', inside an async method' : ''}, and wraps failures in AggregateException. Use \`await Task.${name === 'WaitAll' ? 'WhenAll' : 'WhenAny'}(...)\`.`,
            suggestion: `await Task.${name === 'WaitAll' ? 'WhenAll' : 'WhenAny'}(${argumentsOf(call).map((a) => a.value.text).join(', ')})`,
          });
        }
      },
    };
  },
};
