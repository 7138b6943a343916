/**
 * What the installed-package readers (npm, Python) share: the verdict they answer, the budget that bounds the work
 * one package may cause, suggestions from the package's own names, and a small cache keyed by package and version.
 */
import { editDistance } from '../catalog/distance.js';
import type { ApiVerdict, CatalogFileLanguage } from '../catalog/index.js';

/** A verdict about a third-party package: the catalog's shape plus the installed package it was read from. */
export interface PackageVerdict extends ApiVerdict {
  package: { name: string; version: string };
}

/** Bounds on the declarations read for one package (its own files and what they import). */
export interface InstalledLimits {
  /** Declaration files read. */
  maxFiles: number;
  /** Bytes of those files together. */
  maxBytes: number;
}

export const DEFAULT_INSTALLED_LIMITS: InstalledLimits = { maxFiles: 400, maxBytes: 24 * 1024 * 1024 };

/** The work a package's declarations took, and whether a bound cut them short (then absence proves nothing). */
export interface ReadStats {
  files: number;
  bytes: number;
  ms: number;
  truncated?: string;
}

export interface VerdictParts {
  language: CatalogFileLanguage;
  symbol: string;
  pkg: { name: string; version: string };
  /** The file the answer rests on, relative to the project when inside it. */
  file?: string;
  source: 'npm-types' | 'python-site-packages' | 'cargo-crate' | 'nuget-xml';
}

/** A verdict carrying the package, its version and the file read, in the catalog's provenance shape. */
export function packageVerdict(parts: VerdictParts, fields: Partial<ApiVerdict> & { status: ApiVerdict['status'] }): PackageVerdict {
  const provenance = parts.file === undefined
    ? undefined
    : [{ source: parts.source, name: parts.pkg.name, version: parts.pkg.version, file: parts.file, fields: ['exists'] }];
  return {
    symbol: parts.symbol,
    language: parts.language,
    ...fields,
    package: parts.pkg,
    ...(provenance ? { provenance } : {}),
  } as PackageVerdict;
}

/** Up to `limit` names of the package's own container near a missed name (edit distance, case-insensitive). */
export function nearNames(wanted: string, names: Iterable<string>, limit = 3): string[] {
  const w = wanted.toLowerCase();
  const threshold = Math.max(1, Math.floor(w.length / 3));
  const scored: Array<{ n: string; d: number }> = [];
  for (const n of names) {
    if (Math.abs(n.length - w.length) > threshold) continue;
    const d = editDistance(w, n.toLowerCase());
    if (d <= threshold) scored.push({ n, d });
  }
  scored.sort((a, b) => a.d - b.d || a.n.length - b.n.length || (a.n < b.n ? -1 : 1));
  return [...new Set(scored.map((s) => s.n))].slice(0, limit);
}

/** A small least-recently-used map: loaded packages are big (a TypeScript program, parsed trees). */
export class SmallCache<V> {
  private readonly map = new Map<string, V>();
  constructor(private readonly size: number) {}
  get(key: string): V | undefined {
    const v = this.map.get(key);
    if (v !== undefined) {
      this.map.delete(key);
      this.map.set(key, v);
    }
    return v;
  }
  set(key: string, value: V): void {
    this.map.delete(key);
    this.map.set(key, value);
    while (this.map.size > this.size) this.map.delete(this.map.keys().next().value as string);
  }
  clear(): void {
    this.map.clear();
  }
}


