import { crateComplete, rsEntry, rsVerdict } from '../catalog.js';
import type { RsRule } from '../rule.js';
import { pathListeners } from '../api-paths.js';

export const hallucinatedApi: RsRule = {
  meta: {
    id: 'hallucinated-api',
    description: 'A tokio, futures or tokio-util path or method the crate does not have (checked against the verified-API catalog).',
    severity: 'error',
    basis: 'catalog',
  },
  create(ctx) {
    const { file } = ctx;
    const seen = new Set<string>();
    return pathListeners(file, ({ node, path, member }) => {
      const crate = path.split('::')[0] ?? '';
      if (!crateComplete(crate)) return; // a partial listing cannot tell an invented path from an unlisted one
      const key = `${node.startIndex}:${path}`;
      if (seen.has(key)) return;
      seen.add(key);
      const v = rsVerdict(path, undefined);
      if (!v || v.status !== 'not_found') return;
      const parent = path.slice(0, path.lastIndexOf('::'));
      // A method on a type may come from a trait the file brings in (`StreamExt`, a glob): only a warning then.
      const traitReachable = member && file.hasExtensionImports;
      const parentKind = rsEntry(parent)?.kind;
      const sure = !traitReachable && (parentKind === 'module' || parentKind === 'struct' || parentKind === 'enum');
      ctx.report({
        node,
        severity: sure ? 'error' : 'warning',
        confidence: sure ? 'high' : 'medium',
        basis: { kind: 'catalog', detail: `\`${parent}\` is listed in full, without \`${path.slice(parent.length + 2)}\`` },
        message: `\`${path}\` does not exist: ${v.reason ?? 'the catalog has no such path'}${v.suggestions?.length ? ` Did you mean ${v.suggestions.map((s) => `\`${s}\``).join(', ')}?` : ''}`,
      });
    });
  },
};
