import { ts } from 'ts-morph';
import { declarationOf, hasAsyncModifier, isLibraryFile, skipOuter } from '../predicates.js';
import type { RuleContext, RuleListeners, RuleMeta } from '../rule.js';

export const meta: RuleMeta = {
  id: 'async-promise-executor',
  description: 'An async function as a Promise executor loses its errors and usually hides a needless wrapper.',
  severity: 'error',
  basis: 'syntax',
  certainFromSyntax:
    'The global Promise constructor ignores what its executor returns, so the async executor\'s own promise, and any rejection in it, is never observed: the code\'s shape alone shows it.',
  messages: {
    asyncExecutor:
      'The Promise executor is async: if it throws or an awaited call rejects, the error is lost and the promise never settles. Drop the `new Promise` wrapper and write an async function that awaits and returns, or make the executor synchronous.',
  },
};

/** `new Promise(executor)`: the first argument of a construction of the global Promise. */
export function promiseExecutor(node: ts.Node): ts.Expression | undefined {
  if (!ts.isNewExpression(node)) return undefined;
  const callee = skipOuter(node.expression);
  if (!ts.isIdentifier(callee) || callee.text !== 'Promise') return undefined;
  const first = node.arguments?.[0];
  return first && skipOuter(first) as ts.Expression;
}

export function create(ctx: RuleContext): RuleListeners {
  return {
    [ts.SyntaxKind.NewExpression](node) {
      const executor = promiseExecutor(node);
      // A local class named Promise is not the global one: only the lib's constructor is known to ignore the result.
      const decl = declarationOf(ctx.checker, (node as ts.NewExpression).expression);
      if (decl && !isLibraryFile(decl.getSourceFile())) return;
      if (executor && (ts.isArrowFunction(executor) || ts.isFunctionExpression(executor)) && hasAsyncModifier(executor)) {
        const asyncKeyword = ts.getModifiers(executor)?.find((m) => m.kind === ts.SyntaxKind.AsyncKeyword) ?? executor;
        ctx.report({ node: asyncKeyword, messageId: 'asyncExecutor' });
      }
    },
  };
}
