import { collectionHandledAfter, descendantsInScope, enclosingFunction, inAsyncFunction, itemLoopOf, keywordArgs, parentOf, positionalArgs, type PyNode } from '../analysis.js';
import { BROAD, caughtTypes, handlerActs, handlerRaises } from '../handlers.js';
import type { PyRule } from '../rule.js';

/**
 * `for t in tasks: t.cancel()` then `await gather(*tasks, return_exceptions=True)`: the documented way to wait for
 * cancelled tasks to finish; the results are CancelledErrors by design.
 */
function gathersCancelled(call: PyNode): boolean {
  const splat = call.childForFieldName('arguments')?.namedChildren.find((a) => a?.type === 'list_splat');
  const name = splat?.namedChild(0)?.text;
  if (!name) return false;
  // The cancelling loop may sit in an enclosing function (`async def gather(): await asyncio.gather(*tasks, ...)`).
  for (let fn = enclosingFunction(call); fn; fn = enclosingFunction(fn)) {
    const body = fn.childForFieldName('body');
    if (body && descendantsInScope(body, new Set(['for_statement'])).some((loop) => loop.startIndex < call.startIndex && loop.childForFieldName('right')?.text === name && /\.cancel\(\)/.test(loop.childForFieldName('body')?.text ?? ''))) return true;
  }
  return false;
}

/** `with suppress(...): fut.result()`: retrieving a future's outcome so it is marked seen is the point. */
function retrievesOutcome(withItem: PyNode): boolean {
  let w: PyNode | null = withItem;
  while (w && w.type !== 'with_statement') w = w.parent;
  const stmts = w?.childForFieldName('body')?.namedChildren.filter((c): c is PyNode => c !== null && c.type !== 'comment') ?? [];
  return stmts.length > 0 && stmts.every((s) => s.type === 'expression_statement' && /\.(result|exception)\(\)$/.test(s.text));
}

/**
 * The results bound to `name` by `stmt` are looked at one by one, or handed to code that can: a loop or
 * comprehension that uses each item (`isinstance(r, BaseException)`, `handle(r)`), an item read (`results[0]`,
 * `a, b = results`), or the list returned, passed on or stored. Counting or logging the list as a whole is not.
 */
function resultsInspected(scope: PyNode, stmt: PyNode, name: string): boolean {
  return collectionHandledAfter(scope, stmt, [name], (ref) => {
    const loop = itemLoopOf(ref);
    if (loop) {
      const uses = loop.perItem.flatMap((n) => [n, ...descendantsInScope(n, new Set(['identifier']))]);
      return uses.some((n) => n.type === 'identifier' && loop.vars.includes(n.text));
    }
    const p = parentOf(ref);
    if (p?.type === 'subscript' && p.childForFieldName('value')?.startIndex === ref.startIndex) return true;
    // `results.count(None)`: a method of the list, not a look at its errors.
    if (p?.type === 'attribute' && p.childForFieldName('object')?.startIndex === ref.startIndex) return false;
    return undefined;
  });
}

const CATCH_ALL = /^(Exception|BaseException|builtins\.Exception)$/;

export const swallowedError: PyRule = {
  meta: {
    id: 'swallowed-error',
    description: 'A catch-all handler that leaves no trace, or gather(return_exceptions=True) results never looked at.',
    severity: 'warning',
    basis: 'syntax',
    patternId: 'parallel-partial-failures',
  },
  create(ctx) {
    const { file } = ctx;
    return {
      except_clause(clause) {
        const types = caughtTypes(file, clause) ?? [];
        const bare = types.length === 0;
        if (!bare && !types.some((t) => CATCH_ALL.test(t))) return;
        // In a coroutine, bare/BaseException handlers are swallowed-cancellation's (the more specific finding).
        if ((bare || types.some((t) => BROAD.test(t))) && inAsyncFunction(clause)) return;
        if (handlerRaises(clause) || handlerActs(clause)) return;
        ctx.report({
          node: clause,
          message: `${bare ? 'A bare `except:`' : '`except Exception`'} that neither logs, re-raises nor looks at the error hides every failure, bugs included. Catch the specific exceptions you expect, or log it: \`except Exception: log.exception("...")\`.`,
          suggestion: 'except Exception:\n    log.exception("...")\n    raise',
        });
      },
      call(call) {
        const name = file.calleeName(call);
        if (name === 'contextlib.suppress') {
          const caught = positionalArgs(call).map((a) => file.qualify(a) ?? a.text);
          if (caught.some((t) => CATCH_ALL.test(t)) && parentOf(call)?.type === 'with_item' && !retrievesOutcome(parentOf(call) as PyNode)) {
            ctx.report({ node: call, confidence: 'medium', message: '`suppress(Exception)` silently discards every error in its block, bugs included. Suppress the specific exceptions you expect, or catch and log.' });
          }
          return;
        }
        if (name !== 'asyncio.gather' && name !== 'gather') return;
        const re = keywordArgs(call).get('return_exceptions');
        if (!re || re.text !== 'True') return;
        if (gathersCancelled(call)) return;
        let holder: PyNode = call;
        const p = parentOf(call);
        if (p?.type === 'await') holder = p;
        const up = parentOf(holder);
        const msg = 'gather(..., return_exceptions=True) turns failures into return values, and these results are never inspected one by one (counting or logging the list as a whole does not count), so every error is silently dropped. Check each result: `for r in results: if isinstance(r, BaseException): log...`, or use a TaskGroup.';
        if (up?.type === 'expression_statement') {
          ctx.report({ node: call, message: msg });
          return;
        }
        if (up?.type === 'assignment') {
          const left = up.childForFieldName('left');
          const fn = enclosingFunction(call);
          const body = fn?.childForFieldName('body') ?? file.root;
          if (left?.type !== 'identifier') return;
          if (!resultsInspected(body, up, left.text)) ctx.report({ node: call, message: msg });
        }
      },
    };
  },
};
