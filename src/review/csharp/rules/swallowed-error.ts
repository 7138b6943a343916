import type { CsRule } from '../rule.js';
import { catchParts, descendantsInScope, type CsNode } from '../syntax.js';

/** Catch types that take every failure (bugs included), where a handler that leaves no trace hides them all. */
const BROAD = /^(System\.)?(Exception|SystemException|AggregateException)$/;

/** The handler leaves a trace: it throws, calls something (logging, metrics, reporting, a fallback) or uses the exception. */
function handlerActs(body: CsNode, name: string | undefined): boolean {
  for (const n of descendantsInScope(body, new Set(['throw_statement', 'throw_expression', 'invocation_expression', 'identifier', 'object_creation_expression', 'assignment_expression']))) {
    if (n.type === 'throw_statement' || n.type === 'throw_expression' || n.type === 'invocation_expression' || n.type === 'object_creation_expression') return true;
    if (n.type === 'identifier' && name && n.text === name) return true;
    // Recording the failure in state the caller reads (`ok = false`, `_lastError = ...`, `result.Failed = true`).
    if (n.type === 'assignment_expression' && /(error|fail|fault|ok|success|status|exception|lastError)/i.test(n.childForFieldName('left')?.text ?? '')) return true;
  }
  return false;
}

export const swallowedError: CsRule = {
  meta: {
    id: 'swallowed-error',
    description: 'A catch of every exception (catch {}, catch (Exception)) that neither rethrows, logs, records nor looks at the error.',
    severity: 'warning',
    patternId: 'parallel-partial-failures',
  },
  create(ctx) {
    return {
      catch_clause(clause) {
        const { type, name, filter, body } = catchParts(clause);
        if (!body || filter) return; // `when (...)` looks at the exception to decide
        if (type && !BROAD.test(type.text)) return; // a specific exception ignored is a decision
        if (handlerActs(body, name)) return;
        ctx.report({
          node: clause,
          message: `This \`catch${type ? ` (${type.text})` : ''}\` hides every failure, bugs and cancellation included, and leaves no trace. Log it (\`logger.LogError(ex, ...)\`), rethrow with \`throw;\`, or catch only the exception you expect.`,
          suggestion: 'catch (Exception ex) { logger.LogError(ex, "..."); throw; }',
        });
      },
    };
  },
};
