import { editDistance } from './distance.js';
import { lastSegment, segmentsOf, type LoadedCatalog } from './load.js';
import { cleanSymbol } from './resolve.js';
import type { CatalogEntry, CatalogFileLanguage } from './types.js';

/** The owner of an entry, ignoring `prototype`: `Promise` for `Promise.prototype.finally`. */
function ownerOf(id: string): string {
  const parts = segmentsOf(id);
  parts.pop();
  if (parts[parts.length - 1] === 'prototype') parts.pop();
  return parts.join('\u0000').toLowerCase();
}

/**
 * Up to `limit` real entries near a missed symbol: edit distance on the last segment, and entries that share the
 * missed symbol's owner first (`Promise.withResolver` -> `Promise.withResolvers`, not `AbortSignal.any`).
 */
export function suggest(
  catalog: LoadedCatalog,
  language: CatalogFileLanguage,
  symbol: string,
  owner: CatalogEntry | undefined,
  limit = 3,
): string[] {
  const cleaned = cleanSymbol(language, symbol);
  const wanted = lastSegment(cleaned).toLowerCase();
  const ownerKey = owner ? segmentsOf(owner.id).join('\u0000').toLowerCase() : undefined;
  const threshold = Math.max(1, Math.floor(wanted.length / 3));
  const scored: Array<{ id: string; score: number }> = [];
  // Words of the name (`timeout_after` -> timeout, after): a real name sharing its leading word is a fair hint
  // (`sleep_ms` -> sleep, `readFileAsync` -> readFile).
  const words = (x: string) => x.replace(/([a-z])([A-Z])/g, '$1_$2').toLowerCase().split(/_+/).filter((w) => w.length > 0);
  const lead = words(lastSegment(cleaned))[0] ?? wanted;
  for (const [segment, entries] of catalog.byLastSegment) {
    let d = Math.abs(segment.length - wanted.length) > threshold ? threshold + 1 : editDistance(wanted, segment);
    if (d > threshold && lead.length >= 4 && (segment.startsWith(wanted) || wanted.startsWith(segment) || words(segment)[0] === lead)) d = threshold + 1;
    else if (d > threshold) continue;
    for (const e of entries) {
      const sameOwner = ownerKey !== undefined && ownerOf(e.id) === ownerKey;
      // Outside the owner, a near name is a weaker hint: it must also be closer, unless it is the same name.
      if (ownerKey !== undefined && !sameOwner && d > 1 && segment !== wanted) continue;
      if (d > threshold && !sameOwner) continue; // word-prefix hints stay within the owner
      // A removed API is a weaker suggestion than a live one at the same distance.
      scored.push({ id: e.id, score: d + (sameOwner ? 0 : 3) + (e.removed ? 2 : 0) });
    }
  }
  scored.sort((a, b) => a.score - b.score || a.id.length - b.id.length || (a.id < b.id ? -1 : 1));
  return [...new Set(scored.map((s) => s.id))].slice(0, limit);
}
