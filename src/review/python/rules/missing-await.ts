import { calleeLastName, calleeOf, contains, enclosingFunction, isAsyncDef, isAwaited, parentOf, referencesTo, snippet, unparen, type PyNode } from '../analysis.js';
import { isCatalogCoroutine } from '../catalog.js';
import type { PyRule } from '../rule.js';
import type { Basis } from '../../finding.js';

/** Parents that use a value as if it were the result: the coroutine object is never the intended operand. */
const VALUE_USES = new Set(['attribute', 'subscript', 'comparison_operator', 'boolean_operator', 'not_operator', 'binary_operator', 'unary_operator', 'if_statement', 'while_statement', 'elif_clause', 'conditional_expression', 'interpolation', 'for_statement']);
/** A later use of a stored coroutine that hands it on (awaited, scheduled, returned, collected). */
const HAND_ON = new Set(['await', 'argument_list', 'return_statement', 'yield', 'list', 'tuple', 'set', 'dictionary', 'pair', 'list_splat', 'keyword_argument', 'assignment', 'lambda']);

/** Calls that take a value to show or convert it: handing them a coroutine object is the bug, not a hand-off. */
const VALUE_CONSUMERS = /^(print|str|repr|len|int|float|bool|format|dumps|dump|debug|info|warning|error|exception|critical|log|write|json|sorted|list|dict|set|tuple|sum|max|min|isinstance)$/;

/** Calls that take awaitables by keyword (`wait_for(fut=...)`, `create_task(coro=...)`). */
const AWAITABLE_CONSUMERS = /^(create_task|ensure_future|gather|wait_for|wait|shield|run|run_until_complete|run_coroutine_threadsafe|as_completed|start_soon|spawn|submit|timeout)$/;
/** Members of a coroutine object itself: `coro().__await__()` is how `__await__` methods delegate, not a lost await. */
const COROUTINE_MEMBERS = /^(__await__|send|throw|cr_\w+|__name__|__qualname__)$/;

export const missingAwait: PyRule = {
  meta: {
    id: 'missing-await',
    description: 'A coroutine function called without await: the body never runs, and the value is a coroutine object.',
    severity: 'error',
    basis: 'declared-type',
  },
  create(ctx) {
    const { file, target } = ctx;
    /**
     * The coroutine function called and what says it is one (an `async def` in this file, a catalog fact), or
     * undefined when the call is not evidently a coroutine call. A name alone (`drain`, `close`) is never enough.
     */
    const coroutineCalled = (call: PyNode): { name: string; basis: Basis } | undefined => {
      const fn = calleeOf(call);
      if (!fn) return undefined;
      const catalog = (q: string): Basis => ({ kind: 'catalog', detail: `\`${q}\` is \`async def\` in typeshed for Python ${target}` });
      if (fn.type === 'identifier') {
        if (file.asyncFunctions.has(fn.text) && !file.imports.has(fn.text)) return { name: fn.text, basis: { kind: 'declared-type', detail: `\`async def ${fn.text}\` in this file` } };
        const q = file.imports.get(fn.text);
        if (q?.startsWith('asyncio.') && isCatalogCoroutine(q, target)) return { name: q, basis: catalog(q) };
        return undefined;
      }
      if (fn.type !== 'attribute') return undefined;
      const obj = fn.childForFieldName('object');
      const method = calleeLastName(call);
      if (obj?.type === 'identifier' && (obj.text === 'self' || obj.text === 'cls')) {
        const cls = file.enclosingClassName(call);
        return cls && file.asyncMethods.get(cls)?.has(method) ? { name: `self.${method}`, basis: { kind: 'declared-type', detail: `\`async def ${method}\` in class \`${cls}\`` } } : undefined;
      }
      const q = file.calleeName(call);
      if (q?.startsWith('asyncio.') && isCatalogCoroutine(q, target)) return { name: q, basis: catalog(q) };
      const recv = file.receiverClass(call);
      if (recv?.startsWith('asyncio.') && isCatalogCoroutine(`${recv}.${method}`, target)) {
        const origin = obj ? file.bindingOrigin(obj.text) : undefined;
        return { name: `${recv}.${method}`, basis: { kind: 'catalog', detail: `\`${recv}.${method}\` is \`async def\` in typeshed for Python ${target}; \`${obj?.text ?? ''}\` is an \`${recv}\`${origin ? ` (${origin})` : ''}` } };
      }
      return undefined;
    };
    const report = (call: PyNode, called: { name: string; basis: Basis }, how: string): void => {
      const name = called.name;
      ctx.report({
        node: call,
        basis: called.basis,
        message: `\`${name}\` is a coroutine function: \`${snippet(call)}\` ${how}. Write \`await ${snippet(call)}\` (or hand it to \`asyncio.create_task\` / a TaskGroup and keep the task).`,
        suggestion: `await ${call.text.split('\n')[0]}`,
      });
    };
    return {
      call(call) {
        // `await (a() if probe else b())`: a branch of a conditional expression goes where the whole expression goes.
        let at = call;
        let parent = parentOf(call);
        while (parent?.type === 'conditional_expression' && !contains(parent.namedChild(1) ?? parent, at)) {
          at = parent;
          parent = parentOf(parent);
        }
        if (isAwaited(at)) return;
        if (!parent) return;
        const name = coroutineCalled(call);
        if (!name) return;
        if (parent.type === 'expression_statement') {
          report(call, name, 'only creates a coroutine object, which is discarded: the body never runs (RuntimeWarning: never awaited)');
          return;
        }
        // `return fetch()` inside `async def`: the caller's `await` yields a coroutine object, not the result.
        if (parent.type === 'return_statement' && isAsyncDef(enclosingFunction(call))) {
          report(call, name, 'is returned from a coroutine without being awaited, so the caller gets a coroutine object instead of the result');
          return;
        }
        if (VALUE_USES.has(parent.type)) {
          if (parent.type === 'for_statement' && parent.childForFieldName('right')?.startIndex !== at.startIndex) return;
          if (parent.type === 'attribute' && unparen(parent.childForFieldName('object') ?? parent).startIndex !== at.startIndex) return;
          if (parent.type === 'attribute' && COROUTINE_MEMBERS.test(parent.childForFieldName('attribute')?.text ?? '')) return;
          report(call, name, 'is used as a value, but it is a coroutine object, not the result');
          return;
        }
        if (parent.type === 'assignment' && parent.childForFieldName('right')?.startIndex === at.startIndex) {
          const left = parent.childForFieldName('left');
          const scope = enclosingFunction(call)?.childForFieldName('body');
          if (left?.type !== 'identifier' || !scope) return;
          const later = referencesTo(scope, left.text).filter((r) => r.startIndex > left.endIndex);
          const handedOn = later.some((r) => {
            // Only a direct use hands the coroutine on: `return x["k"]` reads a value out of it.
            const p = parentOf(r);
            if (!p || !HAND_ON.has(p.type)) return false;
            if (p.type === 'argument_list') return !(p.parent?.type === 'call' && VALUE_CONSUMERS.test(calleeLastName(p.parent)));
            if (p.type === 'keyword_argument') {
              const call = p.parent?.parent;
              return call?.type === 'call' && AWAITABLE_CONSUMERS.test(calleeLastName(call));
            }
            if (p.type === 'assignment') return p.childForFieldName('right')?.startIndex === r.startIndex;
            return true;
          });
          if (!handedOn) report(call, name, `is stored in \`${left.text}\` but never awaited: \`${left.text}\` holds a coroutine object, not the result`);
        }
      },
    };
  },
};
