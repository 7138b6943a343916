/** Languages with a catalog data file (`src/catalog/data/<language>.json`). */
export const CATALOG_FILES = ['javascript', 'node', 'python', 'csharp', 'rust'] as const;
export type CatalogFileLanguage = (typeof CATALOG_FILES)[number];

/** Languages callers may name: the data languages plus `typescript`, an alias of `javascript`. */
export const catalogLanguages = ['python', 'javascript', 'typescript', 'node', 'csharp', 'rust'] as const;
export type CatalogLanguage = (typeof catalogLanguages)[number];

/** Version axes a target may set. */
export const TARGET_KEYS = ['python', 'node', 'ecmascript', 'dotnet', 'tokio', 'futures'] as const;
export type TargetKey = (typeof TARGET_KEYS)[number];
export type ApiTarget = Partial<Record<TargetKey, string>>;

export interface CatalogSource {
  id: string;
  name: string;
  version: string;
  license: string;
  url?: string;
}

export interface CatalogProvenance {
  source: string;
  file?: string;
  fields: string[];
}

export type EntryKind =
  | 'module' | 'namespace' | 'class' | 'interface' | 'struct' | 'enum' | 'trait' | 'function' | 'method'
  | 'property' | 'constant' | 'type' | 'macro' | 'event';

export interface CatalogEntry {
  id: string;
  kind: EntryKind;
  summary?: string;
  signature?: string[];
  since?: Record<string, string | string[]>;
  removed?: Record<string, string>;
  deprecated?: { since?: Record<string, string>; message: string };
  experimental?: boolean;
  platforms?: string[];
  parameters?: string[];
  docUrl?: string;
  notes?: string[];
  provenance: CatalogProvenance[];
}

export interface CatalogFile {
  language: CatalogFileLanguage;
  coverage: string;
  sources: CatalogSource[];
  versions: Record<string, string[]>;
  entries: CatalogEntry[];
}

export type ApiStatus = 'verified' | 'not_found' | 'too_new' | 'removed' | 'cannot_verify';

/** Provenance as answered: the catalog's source row joined in, so each fact names package, version and licence. */
export interface VerdictProvenance {
  source: string;
  name?: string;
  version?: string;
  license?: string;
  file?: string;
  fields: string[];
}

export interface ApiVerdict {
  status: ApiStatus;
  /** Canonical id when found; otherwise the symbol as asked. */
  symbol: string;
  language: CatalogFileLanguage;
  kind?: EntryKind;
  summary?: string;
  since?: Record<string, string | string[]>;
  deprecated?: { since?: Record<string, string>; message: string };
  removed?: Record<string, string>;
  experimental?: boolean;
  platforms?: string[];
  signature?: string[];
  parameters?: string[];
  docUrl?: string;
  provenance?: VerdictProvenance[];
  notes?: string[];
  suggestions?: string[];
  coverage?: string;
  reason?: string;
}

export interface SearchHit {
  symbol: string;
  kind: EntryKind;
  summary?: string;
  since?: Record<string, string | string[]>;
  deprecated?: boolean;
  removed?: Record<string, string>;
  docUrl?: string;
  score: number;
}
