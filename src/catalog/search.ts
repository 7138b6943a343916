import { lastSegment, segmentsOf, type LoadedCatalog } from './load.js';
import type { CatalogEntry, SearchHit } from './types.js';

/** Words of a query: `wait_for timeout` -> ['wait_for', 'timeout']; punctuation other than `_` separates. */
export function queryTokens(query: string): string[] {
  return query.toLowerCase().split(/[^\p{L}\p{N}_]+/u).filter((t) => t.length > 0);
}

/** Score of one token against one entry; 0 when the token appears nowhere. */
function tokenScore(token: string, entry: CatalogEntry, last: string, idLower: string): number {
  if (last === token) return 100;
  if (last.startsWith(token)) return 60;
  if (last.includes(token)) return 40;
  if (idLower.includes(token)) return 12; // a member of a matching owner: weaker than an option name
  if (entry.parameters?.some((p) => p.toLowerCase() === token)) return 15;
  if (entry.summary?.toLowerCase().includes(token)) return 10;
  if (entry.notes?.some((n) => n.toLowerCase().includes(token))) return 8;
  if (entry.signature?.some((s) => s.toLowerCase().includes(token))) return 5;
  return 0;
}

/**
 * Ranks entries by name first, then option names, summary, notes and signature. Every token must match
 * somewhere; shallower ids win ties (`asyncio.timeout` before `asyncio.Timeout.reschedule`).
 */
export function searchCatalog(catalog: LoadedCatalog, query: string, limit: number): SearchHit[] {
  const tokens = queryTokens(query);
  if (tokens.length === 0) return [];
  const hits: Array<{ entry: CatalogEntry; score: number; depth: number }> = [];
  for (const entry of catalog.file.entries) {
    if (entry.aliasOf) continue; // the same API under another path (asyncio.tasks.gather): its target is listed
    const idLower = entry.id.toLowerCase();
    const last = lastSegment(idLower);
    let score = 0;
    let all = true;
    for (const t of tokens) {
      const s = tokenScore(t, entry, last, idLower);
      if (s === 0) {
        all = false;
        break;
      }
      score += s;
    }
    if (!all) continue;
    if (entry.deprecated || entry.removed) score -= 5;
    if (last.startsWith('__')) score -= 10; // dunder protocol methods are rarely what a search means
    // Python submodule paths (asyncio.constants.X, asyncio.timeouts) are what the package re-exports or its
    // internals: the package-level names come first.
    if (catalog.file.language === 'python') {
      const parts = segmentsOf(entry.id);
      score -= 30 * parts.slice(1, entry.kind === 'module' ? undefined : -1).filter((p) => /^[a-z_][a-z0-9_]*$/.test(p)).length * (entry.kind === 'module' ? 2 : 1);
    }
    hits.push({ entry, score, depth: segmentsOf(entry.id).length });
  }
  hits.sort((a, b) => b.score - a.score || a.depth - b.depth || (a.entry.id < b.entry.id ? -1 : 1));
  // Inherited copies of one member (TimeoutError on each multiprocessing context) share name and signature: the
  // shallowest stands for them.
  const seen = new Set<string>();
  const distinct = hits.filter(({ entry }) => {
    if (!entry.signature?.length) return true;
    const key = `${lastSegment(entry.id)}\u0000${entry.kind}\u0000${entry.signature.join('|')}`;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
  return distinct.slice(0, limit).map(({ entry, score }) => ({
    symbol: entry.id,
    kind: entry.kind,
    ...(entry.summary ? { summary: entry.summary } : {}),
    ...(entry.since ? { since: entry.since } : {}),
    ...(entry.deprecated ? { deprecated: true } : {}),
    ...(entry.removed ? { removed: entry.removed } : {}),
    ...(entry.docUrl ? { docUrl: entry.docUrl } : {}),
    score,
  }));
}
