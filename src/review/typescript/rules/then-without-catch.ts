import { ts } from 'ts-morph';
import { enclosingFunction, isMethodCall, skipOuter } from '../predicates.js';
import { typeBasis } from '../basis.js';
import { isPromiseExpression } from '../predicates.js';
import type { RuleContext, RuleListeners, RuleMeta } from '../rule.js';

export const meta: RuleMeta = {
  id: 'then-without-catch',
  description: 'A .then chain that is neither returned nor awaited has no rejection handler.',
  severity: 'error',
  basis: 'declared-type',
  messages: {
    noCatch:
      'This `.then` chain is neither returned nor awaited and has no rejection handler, so a failure anywhere in it is an unhandled rejection. End it with `.catch((err) => ...)` or `await` it inside try/catch.',
  },
  patternId: 'parallel-partial-failures',
};

interface Link {
  name: string;
  args: number;
}

/** The method calls of a chain, outermost first: `a.then(f).finally(g)` -> finally, then. */
/** The value the chain starts from: `a.then(f).finally(g)` -> `a`. */
function chainRoot(expr: ts.Node): ts.Node {
  let n = skipOuter(expr);
  while (ts.isCallExpression(n)) {
    const e = skipOuter(n.expression);
    if (!ts.isPropertyAccessExpression(e)) break;
    n = skipOuter(e.expression);
  }
  return n;
}

function chainLinks(expr: ts.Node): Link[] | undefined {
  const links: Link[] = [];
  let n = skipOuter(expr);
  while (ts.isCallExpression(n)) {
    const e = skipOuter(n.expression);
    if (!ts.isPropertyAccessExpression(e)) break;
    links.push({ name: e.name.text, args: n.arguments.length });
    n = skipOuter(e.expression);
  }
  return links.length > 0 ? links : undefined;
}

export function create(ctx: RuleContext): RuleListeners {
  return {
    [ts.SyntaxKind.ExpressionStatement](node) {
      const expr = skipOuter((node as ts.ExpressionStatement).expression);
      if (!ts.isCallExpression(expr)) return;
      const links = chainLinks(expr);
      if (!links) return;
      const fn = enclosingFunction(node);
      if (fn?.parent && isMethodCall(fn.parent, ['then', 'catch', 'finally'])) return; // broken-promise-chain reports it
      // Walk from the outermost call inwards: a handler seen before any .then covers everything inside it.
      let thenIndex = -1;
      for (let i = 0; i < links.length; i++) {
        const l = links[i]!;
        if ((l.name === 'catch' && l.args > 0) || (l.name === 'then' && l.args > 1)) return;
        if (l.name === 'then') {
          thenIndex = i;
          break;
        }
        if (l.name !== 'finally') return; // a non-promise method ends the chain: not ours to judge
      }
      if (thenIndex < 0) return;
      const type = ctx.checker.getTypeAtLocation(expr);
      if (type.flags & ts.TypeFlags.Void) return;
      // A root of declared promise type makes it sure; an untyped `.then` chain is only shaped like one.
      const root = chainRoot(expr);
      const basis = isPromiseExpression(ctx.checker, root) ? typeBasis(ctx.checker, root) : { kind: 'syntax' as const, detail: 'a `.then` chain on a value of unknown type' };
      ctx.report({ node: expr, messageId: 'noCatch', basis, suggestion: '.catch((err) => { /* report or recover */ })' });
    },
  };
}
