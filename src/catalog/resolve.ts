import { joinSegments, segmentsOf, type LoadedCatalog } from './load.js';
import type { CatalogEntry, CatalogFileLanguage } from './types.js';

/** Node doc-style local names for the promise APIs: `fsPromises.open` is `node:fs/promises.open`. */
const NODE_ALIASES: Record<string, string> = {
  fspromises: 'fs/promises', 'fs.promises': 'fs/promises', timerspromises: 'timers/promises',
  'timers.promises': 'timers/promises', dnspromises: 'dns/promises', 'dns.promises': 'dns/promises',
  streampromises: 'stream/promises', 'stream.promises': 'stream/promises', readlinepromises: 'readline/promises',
  'readline.promises': 'readline/promises',
};

/** Removes decoration a caller may add: backticks, a trailing call `()`, `globalThis.` for JS globals. */
export function cleanSymbol(language: CatalogFileLanguage, symbol: string): string {
  let s = symbol.trim().replace(/^`+|`+$/g, '').replace(/\(\s*\)$/, '').trim();
  if (language === 'javascript' || language === 'node') s = s.replace(/^(globalThis|window|self)\./, '');
  if (language === 'rust') {
    if (!s.includes('::')) s = s.replace(/\./g, '::');
    s = s.replace(/!$/, ''); // `tokio::select!` is the macro `tokio::select`
  }
  if (language === 'node') {
    s = s.replace(/^node:/, '');
    const lower = s.toLowerCase();
    for (const [alias, mod] of Object.entries(NODE_ALIASES)) {
      if (lower === alias || lower.startsWith(`${alias}.`)) {
        s = mod + s.slice(alias.length);
        break;
      }
    }
  }
  return s;
}

/** Spellings to try, most literal first: as given, with `.prototype` inserted before the member, without it. */
export function spellings(language: CatalogFileLanguage, cleaned: string): string[] {
  const out = [cleaned];
  if (language === 'rust') return out;
  const parts = segmentsOf(cleaned);
  if (parts.length >= 2) {
    const i = parts.indexOf('prototype');
    if (i > 0) out.push(joinSegments([...parts.slice(0, i), ...parts.slice(i + 1)], '.'));
    else out.push(joinSegments([...parts.slice(0, -1), 'prototype', ...parts.slice(-1)], '.'));
  }
  // Node's global timers are the timers module's functions: a bare `setImmediate` means `node:timers.setImmediate`.
  if (language === 'node' && parts.length === 1) return [`node:timers.${cleaned}`, `node:${cleaned}`, cleaned];
  if (language === 'node') return out.flatMap((s) => [`node:${s}`, s]);
  return out;
}

export interface Resolution {
  entry?: CatalogEntry;
  /** Several entries end with the given spelling (`finally`): listed for suggestions. */
  ambiguous?: CatalogEntry[];
}

/** Finds one spelling: exact id, then case-insensitive id, then a unique id suffix with the same case (`Task.WhenAll`). */
export function findSpelling(catalog: LoadedCatalog, spelling: string, allowSuffix = true): Resolution {
  const exact = catalog.byId.get(spelling);
  if (exact) return { entry: exact };
  const lower = spelling.toLowerCase();
  const folded = catalog.byLowerId.get(lower);
  if (folded) return { entry: folded };
  if (!allowSuffix) return {};
  // Suffixes are looked up folded but must match as written: `Set` is not `Headers.prototype.set`.
  const matches = catalog.bySuffix
    .get(lower)
    ?.filter((m) => m.id.endsWith(spelling) || m.id.replace(/<[^<>]*>/g, '').endsWith(spelling));
  if (!matches || matches.length === 0) return {};
  if (matches.length === 1) return { entry: matches[0] };
  // `FileHandle.close` and `node:fs/promises.FileHandle.prototype.close`: prefer the shortest (least nested) id.
  const shortest = Math.min(...matches.map((m) => m.id.length));
  const best = matches.filter((m) => m.id.length === shortest);
  return best.length === 1 ? { entry: best[0] } : { ambiguous: matches.slice(0, 10) };
}

/** Resolves a symbol against one catalog, trying every spelling. */
export function resolveIn(catalog: LoadedCatalog, language: CatalogFileLanguage, symbol: string): Resolution {
  const tries = spellings(language, cleanSymbol(language, symbol));
  let ambiguous: CatalogEntry[] | undefined;
  // A removed entry under one spelling (a static that was dropped) must not hide a live one under another (the
  // instance member of the same name): the removed one is the answer only when nothing live is found.
  let removed: CatalogEntry | undefined;
  for (const pass of [false, true]) {
    for (const s of tries) {
      // Suffix matching without a separator would turn `once` into whichever module has one: not for bare names.
      if (pass && segmentsOf(s).length < 2 && language !== 'javascript' && language !== 'csharp') continue;
      const r = findSpelling(catalog, s, pass);
      if (r.entry && !r.entry.removed) return r;
      removed ??= r.entry;
      ambiguous ??= r.ambiguous;
    }
    if (removed) return { entry: removed };
  }
  return ambiguous ? { ambiguous } : {};
}
