import type { CsRule } from '../rule.js';
import { calleeName, inAsyncCode, receiverOf, simpleName, unparen, type CsNode } from '../syntax.js';

/** The call a statement makes, looking through `?.` and a trailing `.ConfigureAwait(...)`. */
function statementCall(expr: CsNode): CsNode | undefined {
  let e = unparen(expr);
  if (e.type !== 'invocation_expression') return undefined;
  if (calleeName(e) === 'ConfigureAwait') {
    const inner = receiverOf(e);
    if (inner && unparen(inner).type === 'invocation_expression') e = unparen(inner);
  }
  return e;
}

export const floatingPromise: CsRule = {
  meta: {
    id: 'floating-promise',
    description: 'A Task-returning call whose task is dropped: not awaited, stored, returned or explicitly discarded.',
    severity: 'error',
    patternId: 'structured-concurrency',
  },
  create(ctx) {
    const { file } = ctx;
    return {
      expression_statement(stmt) {
        const expr = stmt.namedChild(0);
        if (!expr) return;
        const call = statementCall(expr);
        if (!call) return;
        const name = calleeName(call);
        // A continuation that handles the outcome (`.ContinueWith(t => log(t.Exception), OnlyOnFaulted)`) is deliberate.
        if (name === 'ContinueWith' || name === 'Forget' || name === 'FireAndForget' || name === 'SafeFireAndForget') return;
        const certainty = file.taskness(call);
        if (!certainty) return;
        const inAsync = inAsyncCode(stmt, file.topLevelAwaits);
        const what = simpleName(call.childForFieldName('function') ?? call) || name;
        ctx.report({
          node: stmt,
          basis: file.callBasis(call),
          severity: certainty === 'certain' ? 'error' : 'warning',
          confidence: certainty === 'certain' ? 'high' : 'medium',
          message: `The task returned by \`${what}(...)\` is dropped: ${inAsync ? 'the method goes on before it finishes, and' : 'nothing waits for it, and'} its exception is never observed. ${inAsync ? '`await` it' : 'Return it, make this method async and await it'}, or, when fire-and-forget is really meant, discard it explicitly (\`_ = ${what}(...)\`) with its errors handled inside.`,
          suggestion: inAsync ? `await ${unparen(expr).text};` : `_ = ${unparen(expr).text};`,
        });
      },
    };
  },
};
