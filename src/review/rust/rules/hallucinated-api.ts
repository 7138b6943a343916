import { rsEntry, rsVerdict } from '../catalog.js';
import type { RsRule } from '../rule.js';
import { pathListeners } from '../api-paths.js';
import { checkInstalledPath, thirdPartyHead } from '../installed-api.js';
import type { RsNode } from '../syntax.js';

/** Attributes that make an item's build depend on features or test settings. */
const GATES = /^#!?\[\s*(cfg|cfg_attr)\s*\(|^#\[\s*(tokio::)?test\b/;

/** Is the node inside an item carrying a `#[cfg(..)]` / test attribute, or in a file with an inner `#![cfg(..)]`? */
function featureGated(node: RsNode): boolean {
  for (let p: RsNode | null = node; p; p = p.parent) {
    for (let a = p.previousNamedSibling; a && (a.type === 'attribute_item' || a.type === 'line_comment' || a.type === 'block_comment'); a = a.previousNamedSibling) {
      if (a.type === 'attribute_item' && GATES.test(a.text)) return true;
    }
    if (p.type === 'source_file') return p.namedChildren.some((k) => k?.type === 'inner_attribute_item' && GATES.test(k.text));
  }
  return false;
}

/** Scope kinds whose member list is the whole truth for a path written under them. */
const CLOSED_KINDS = new Set(['module', 'struct', 'enum', 'union', 'trait']);

export const hallucinatedApi: RsRule = {
  meta: {
    id: 'hallucinated-api',
    description: 'A tokio, futures or tokio-util path or method the crate does not have: reported only inside a module or type the verified-API catalog enumerates completely.',
    severity: 'error',
    basis: 'catalog',
  },
  create(ctx) {
    const { file } = ctx;
    const seen = new Set<string>();
    return pathListeners(file, (named) => {
      const { node, path, member } = named;
      const key = `${node.startIndex}:${path}`;
      if (seen.has(key)) return;
      seen.add(key);
      if (checkInstalledPath(ctx, named, file.hasExtensionImports || file.declaresTraitImpls, featureGated(node))) return;
      const v = rsVerdict(path, undefined);
      // `not_found` with the scope that decided it: a module or type the catalog lists in full. Anywhere else the
      // catalog answers cannot_verify, and the rule says nothing.
      if (!v || v.status !== 'not_found' || !v.scope) return;
      const scope = v.scope.id;
      const kind = rsEntry(scope)?.kind ?? '';
      if (!CLOSED_KINDS.has(kind)) return;
      // A method on a type may come from a trait the catalog's crates do not implement for it: one the file imports
      // (`StreamExt`, a glob) or declares and implements itself. Only a warning then.
      const traitReachable = member && (file.hasExtensionImports || file.declaresTraitImpls);
      const gated = featureGated(node);
      // Code under `#[cfg(..)]` or in a test may build with crate features the catalog's enumeration leaves out
      // (tokio's `test-util`: `time::pause`; `--cfg tokio_unstable`): only a warning there.
      const sure = !traitReachable && kind !== 'trait' && !gated;
      ctx.report({
        node,
        severity: sure ? 'error' : 'warning',
        confidence: sure ? 'high' : 'medium',
        basis: { kind: 'catalog', detail: `\`${scope}\` is enumerated completely (${v.scope.source}), without \`${path.slice(scope.length + 2)}\`` },
        message: `\`${path}\` does not exist${gated ? ' in the features the catalog enumerates (this code is under a cfg or test attribute: a feature such as tokio\'s `test-util` or `--cfg tokio_unstable` may provide it)' : traitReachable ? ' on the type itself (a trait this file imports or implements might still provide it)' : ''}: ${v.reason ?? 'the catalog has no such path'}${v.suggestions?.length ? ` Did you mean ${v.suggestions.map((s) => `\`${s}\``).join(', ')}?` : ''}`,
      });
    }, ctx.installed?.size ? thirdPartyHead(file) : undefined);
  },
};
