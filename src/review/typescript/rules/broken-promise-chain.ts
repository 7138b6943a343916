import { ts } from 'ts-morph';
import { callHandlesOwnFailure, forEachInSameFunction, isMethodCall, isPromiseExpression, skipOuter } from '../predicates.js';
import { typeBasis } from '../basis.js';
import type { RuleContext, RuleListeners, RuleMeta } from '../rule.js';

export const meta: RuleMeta = {
  id: 'broken-promise-chain',
  description: 'A .then/.catch/.finally callback starts async work without returning it, so the chain does not wait.',
  severity: 'error',
  basis: 'declared-type',
  messages: {
    notReturned:
      'This callback starts `{{text}}` without returning it: the chain moves on before it finishes and its rejection is lost. Write `return {{text}}` (or chain it with `.then`).',
  },
};

/**
 * The calls whose values a statement throws away: the call itself, both sides of a comma, both branches of a
 * conditional, the right side of `&&` / `||` / `??` (`if`-less guards like `user && save(user)`).
 */
function droppedCalls(node: ts.Node, out: Array<ts.CallExpression | ts.NewExpression> = []): Array<ts.CallExpression | ts.NewExpression> {
  const e = skipOuter(node);
  if (ts.isCallExpression(e) || ts.isNewExpression(e)) out.push(e);
  else if (ts.isConditionalExpression(e)) {
    droppedCalls(e.whenTrue, out);
    droppedCalls(e.whenFalse, out);
  } else if (ts.isBinaryExpression(e)) {
    const op = e.operatorToken.kind;
    if (op === ts.SyntaxKind.CommaToken) droppedCalls(e.left, out);
    if (op === ts.SyntaxKind.CommaToken || op === ts.SyntaxKind.AmpersandAmpersandToken || op === ts.SyntaxKind.BarBarToken || op === ts.SyntaxKind.QuestionQuestionToken) droppedCalls(e.right, out);
  }
  return out;
}

export function create(ctx: RuleContext): RuleListeners {
  return {
    [ts.SyntaxKind.CallExpression](node) {
      if (!isMethodCall(node, ['then', 'catch', 'finally'])) return;
      for (const arg of node.arguments) {
        const fn = skipOuter(arg);
        if (!(ts.isArrowFunction(fn) || ts.isFunctionExpression(fn)) || !ts.isBlock(fn.body)) continue;
        forEachInSameFunction(fn.body, (n) => {
          if (!ts.isExpressionStatement(n)) return;
          for (const e of droppedCalls(n.expression)) {
            if (ts.isCallExpression(e) && isMethodCall(e, ['catch']) && e.arguments.length > 0) continue; // handled fire-and-forget
            // A function that handles its own failure loses no rejection; not waiting for it is the caller's choice.
            if (ts.isCallExpression(e) && callHandlesOwnFailure(ctx.checker, e)) continue;
            if (!isPromiseExpression(ctx.checker, e)) continue;
            const text = e.getText(ctx.sourceFile).replace(/\s+/g, ' ').slice(0, 50);
            ctx.report({ node: e, messageId: 'notReturned', data: { text }, basis: typeBasis(ctx.checker, e), suggestion: `return ${e.getText(ctx.sourceFile)};` });
            break; // one finding per statement
          }
        });
      }
    },
  };
}
