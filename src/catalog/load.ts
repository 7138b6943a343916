import { readFileSync } from 'node:fs';
import type { CatalogEntry, CatalogFile, CatalogFileLanguage } from './types.js';

/** One loaded catalog with the indexes lookups need. Built on first use of a language. */
export interface LoadedCatalog {
  file: CatalogFile;
  byId: Map<string, CatalogEntry>;
  /** Lower-cased id -> entry, for `promise.finally`-style spellings. */
  byLowerId: Map<string, CatalogEntry>;
  /** Lower-cased id suffixes after a separator (`task.whenall`, `taskgroup.create_task`) -> entries. */
  bySuffix: Map<string, CatalogEntry[]>;
  /** Lower-cased last segment -> entries, for suggestions. */
  byLastSegment: Map<string, CatalogEntry[]>;
  /** Every id, in file order (sorted by the build). */
  sortedIds: string[];
}

export type CatalogLoad = { ok: true; catalog: LoadedCatalog } | { ok: false; reason: string };

const cache = new Map<CatalogFileLanguage, CatalogLoad>();

/** Splits an id into segments: `node:fs/promises.FileHandle.close`, `tokio::time::timeout`, `Promise[Symbol.x]`. */
export function segmentsOf(id: string): string[] {
  return id.split(/::|\.(?![^[]*\])|(?=\[Symbol\.)/).filter((s) => s.length > 0);
}

/** Inverse of segmentsOf for one separator: bracketed symbol members attach without a dot. */
export function joinSegments(parts: readonly string[], sep: string): string {
  return parts.reduce((acc, p, i) => (i === 0 ? p : p.startsWith('[') ? `${acc}${p}` : `${acc}${sep}${p}`), '');
}

export function lastSegment(id: string): string {
  const parts = segmentsOf(id);
  return parts[parts.length - 1] ?? id;
}

function push<K, V>(map: Map<K, V[]>, key: K, value: V): void {
  const list = map.get(key);
  if (list) list.push(value);
  else map.set(key, [value]);
}

export function indexCatalog(file: CatalogFile): LoadedCatalog {
  const byId = new Map<string, CatalogEntry>();
  const byLowerId = new Map<string, CatalogEntry>();
  const bySuffix = new Map<string, CatalogEntry[]>();
  const byLastSegment = new Map<string, CatalogEntry[]>();
  for (const entry of file.entries) {
    byId.set(entry.id, entry);
    const lower = entry.id.toLowerCase();
    // `ValueTask<TResult>.AsTask` is also found as `ValueTask.AsTask`: callers rarely spell type parameters.
    const plain = lower.replace(/<[^<>]*>/g, '');
    for (const key of plain === lower ? [lower] : [lower, plain]) {
      if (!byLowerId.has(key)) byLowerId.set(key, entry);
      const parts = segmentsOf(key);
      const sep = key.includes('::') ? '::' : '.';
      for (let i = 1; i < parts.length; i++) push(bySuffix, joinSegments(parts.slice(i), sep), entry);
    }
    const parts = segmentsOf(plain);
    push(byLastSegment, parts[parts.length - 1] ?? plain, entry);
  }
  return { file, byId, byLowerId, bySuffix, byLastSegment, sortedIds: file.entries.map((e) => e.id) };
}

/** The data file as written: entries may hold an index into `provenanceTable` instead of their provenance list. */
type StoredCatalogFile = Omit<CatalogFile, 'entries'> & {
  provenanceTable?: CatalogEntry['provenance'][];
  entries: Array<Omit<CatalogEntry, 'provenance'> & { provenance: CatalogEntry['provenance'] | number }>;
};

/** Expands provenance indexes in place (entries sharing a list share the array); returns the file as typed. */
export function expandCatalogFile(stored: StoredCatalogFile): CatalogFile {
  const table = stored.provenanceTable;
  if (table) {
    for (const e of stored.entries) {
      if (typeof e.provenance === 'number') {
        const list = table[e.provenance];
        if (!list) throw new Error(`entry ${e.id} names provenance ${e.provenance}, beyond the table's ${table.length} rows`);
        e.provenance = list;
      }
    }
    delete stored.provenanceTable;
  }
  return stored as CatalogFile;
}

/**
 * Loads `data/<language>.json` next to this module (the build copies the data beside the compiled JS), once.
 * A missing or unreadable file is not an error: that language then answers `cannot_verify` with the reason.
 */
export function loadCatalog(language: CatalogFileLanguage): CatalogLoad {
  const cached = cache.get(language);
  if (cached) return cached;
  const url = new URL(`./data/${language}.json`, import.meta.url);
  let result: CatalogLoad;
  try {
    const file = expandCatalogFile(JSON.parse(readFileSync(url, 'utf8')) as StoredCatalogFile);
    result = { ok: true, catalog: indexCatalog(file) };
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    result = {
      ok: false,
      reason: code === 'ENOENT'
        ? `This build has no ${language} catalog (data/${language}.json is missing).`
        : `The ${language} catalog could not be read: ${(error as Error).message}`,
    };
  }
  cache.set(language, result);
  return result;
}

/** Forgets loaded catalogs (tests and benchmarks measure cold loads). */
export function clearCatalogCache(): void {
  cache.clear();
}
