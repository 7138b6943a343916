import { ts } from 'ts-morph';
import { libEditionOf, symbolOfAccess, symbolOfImport, targetEdition, verdictFor, type CatalogSymbol } from '../catalog-symbols.js';
import type { RuleContext, RuleListeners, RuleMeta } from '../rule.js';

export const meta: RuleMeta = {
  id: 'too-new-api',
  description: 'An API that exists, but only in a newer Node.js or ECMAScript than the review target.',
  severity: 'error',
  basis: 'catalog',
  messages: {
    tooNew: '`{{symbol}}` is not available on the target: {{reason}} Use an older equivalent{{fallback}}, or raise the target if the code only runs on newer versions.',
  },
};

/** Well-known replacements for the newest async APIs, so the message names the fix. */
const FALLBACKS: Record<string, string> = {
  'Promise.withResolvers': ' (`let resolve, reject; const promise = new Promise((res, rej) => { resolve = res; reject = rej; });`)',
  'Promise.try': ' (`new Promise((resolve) => resolve(fn()))`)',
  'Array.fromAsync': ' (`const out = []; for await (const x of source) out.push(x);`)',
  'AbortSignal.any': ' (one AbortController aborted from each source signal\'s `abort` event)',
  'AbortSignal.timeout': ' (an AbortController aborted by `setTimeout`)',
};

const EDITION_ORDER = (e: string): number => (e === 'ESNext' ? 9999 : e === 'ES5' ? 2009 : Number(e.slice(2)));

export function create(ctx: RuleContext): RuleListeners {
  const edition = targetEdition(ctx.target);
  const check = (node: ts.Node, sym: CatalogSymbol | undefined, nameNode?: ts.Node): void => {
    if (!sym) return;
    const verdict = verdictFor(sym, ctx.target);
    const shown = sym.symbol.replace(/^node:/, '');
    if (verdict?.status === 'too_new') {
      ctx.report({
        node,
        messageId: 'tooNew',
        data: { symbol: shown, reason: verdict.reason ?? 'it is newer than the target.', fallback: FALLBACKS[sym.symbol] ?? '' },
        basis: { kind: 'catalog', detail: `${sym.language}:${shown}: ${verdict.reason ?? 'newer than the target'}` },
      });
      return;
    }
    // Outside the catalog (it covers async APIs): fall back to the lib file that declares an ECMAScript built-in.
    if (verdict && verdict.status !== 'cannot_verify') return;
    if (sym.language !== 'javascript' || !nameNode || !edition) return;
    const since = libEditionOf(ctx.checker, nameNode);
    if (!since || EDITION_ORDER(since) <= EDITION_ORDER(edition.edition)) return;
    ctx.report({
      node,
      messageId: 'tooNew',
      data: { symbol: shown, reason: `it is part of ${since}, and ${edition.label} supports up to ${edition.edition}.`, fallback: '' },
      confidence: 'medium',
      // The edition each Node line implements is hand-curated (catalog-symbols.ts): likely, not certain.
      severity: 'warning',
      basis: { kind: 'declared-type', detail: `declared in the ${since} lib files; ${edition.label} is taken to implement up to ${edition.edition}` },
    });
  };
  return {
    [ts.SyntaxKind.PropertyAccessExpression](node) {
      const access = node as ts.PropertyAccessExpression;
      check(access, symbolOfAccess(ctx.checker, access), access.name);
    },
    [ts.SyntaxKind.ImportSpecifier](node) {
      check(node, symbolOfImport(node as ts.ImportSpecifier));
    },
  };
}
