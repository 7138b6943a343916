import type { RsRule } from '../rule.js';
import { calleeOf, type RsNode } from '../syntax.js';

/** An empty arm or block: `{}`, `()`, or a block holding only comments. */
function isEmpty(n: RsNode | null): boolean {
  if (!n) return false;
  if (n.type === 'unit_expression') return true;
  if (n.type === 'block') return n.namedChildren.every((c) => !c || c.type === 'line_comment' || c.type === 'block_comment');
  return false;
}

export const swallowedError: RsRule = {
  meta: {
    id: 'swallowed-error',
    description: 'An error dropped without a trace: an empty `Err(_) => {}` arm, an empty `if let Err(..)`, or an awaited Result thrown away with `.ok();`.',
    severity: 'warning',
    patternId: 'parallel-partial-failures',
  },
  create(ctx) {
    const report = (node: RsNode, how: string) => ctx.report({
      node,
      confidence: 'medium',
      message: `${how}: the failure leaves no trace, so a broken connection, a full disk or a rejected request looks like success. Log it (\`tracing::warn!(error = %e, ..)\`), return it with \`?\`, or count it; if ignoring it is really right, say why in a comment and match the specific error.`,
    });
    return {
      match_arm(arm) {
        const pat = arm.childForFieldName('pattern');
        if (!pat || !/^Err\s*\(\s*(_|\.\.|[a-z_][a-z0-9_]*)\s*\)$/.test(pat.text)) return;
        if (isEmpty(arm.childForFieldName('value'))) report(arm, 'This `Err` arm does nothing');
      },
      if_expression(ifNode) {
        const cond = ifNode.childForFieldName('condition');
        if (cond?.type !== 'let_condition' || !/^Err\s*\(/.test(cond.childForFieldName('pattern')?.text ?? '')) return;
        if (isEmpty(ifNode.childForFieldName('consequence')) && !ifNode.childForFieldName('alternative')) report(ifNode, 'This `if let Err(..)` does nothing with the error');
      },
      expression_statement(stmt) {
        const e = stmt.namedChild(0);
        if (e?.type !== 'call_expression') return;
        const c = calleeOf(e);
        if (c?.kind !== 'method' || c.name !== 'ok' || c.receiver?.type !== 'await_expression') return;
        report(stmt, 'The awaited `Result` is turned into an `Option` with `.ok()` and dropped');
      },
    };
  },
};
