import { rsVerdict } from '../catalog.js';
import type { RsRule } from '../rule.js';
import { pathListeners } from '../api-paths.js';

export const tooNewApi: RsRule = {
  meta: {
    id: 'too-new-api',
    description: 'A tokio API newer than the target tokio version (target.tokio; by default the oldest tokio line still supported, from the support calendar).',
    severity: 'error',
    basis: 'catalog',
  },
  create(ctx) {
    const { file, tokio } = ctx;
    if (!tokio) return {};
    const seen = new Set<string>();
    return pathListeners(file, ({ node, path }) => {
      if (!path.startsWith('tokio::')) return; // the target names a tokio version only
      const key = `${node.startIndex}:${path}`;
      if (seen.has(key)) return;
      seen.add(key);
      // The item itself, else the type or module it lives in (`JoinSet::new` is as new as `JoinSet`).
      const segs = path.split('::');
      let v = rsVerdict(path, tokio);
      for (let n = segs.length - 1; (!v || v.status !== 'too_new') && n >= 3; n--) v = rsVerdict(segs.slice(0, n).join('::'), tokio);
      if (!v || v.status !== 'too_new') return;
      const since = typeof v.since?.tokio === 'string' ? v.since.tokio : undefined;
      ctx.report({
        node,
        basis: { kind: 'catalog', detail: `\`${v.symbol}\` since tokio ${since ?? '?'}; target tokio ${tokio}` },
        message: `\`${v.symbol}\` needs tokio ${since ?? 'a newer version'}, but the target is tokio ${tokio}: it does not compile there. Raise the tokio requirement in Cargo.toml, or use what ${tokio} has.`,
      });
    });
  },
};
