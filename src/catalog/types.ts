/** Languages with a catalog data file (`src/catalog/data/<language>.json`). */
export const CATALOG_FILES = ['javascript', 'node', 'python', 'csharp', 'rust'] as const;
export type CatalogFileLanguage = (typeof CATALOG_FILES)[number];

/** Languages callers may name: the data languages plus `typescript`, an alias of `javascript`. */
export const catalogLanguages = ['python', 'javascript', 'typescript', 'node', 'csharp', 'rust'] as const;
export type CatalogLanguage = (typeof catalogLanguages)[number];

/** Version axes a target may set. */
export const TARGET_KEYS = ['python', 'node', 'ecmascript', 'dotnet', 'tokio', 'futures', 'tokio-util'] as const;
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
  | 'property' | 'constant' | 'type' | 'macro' | 'event' | 'variant'
  /** An item a source names without recording its kind (an addition known only from a CHANGELOG). */
  | 'item';

export interface CatalogEntry {
  id: string;
  kind: EntryKind;
  summary?: string;
  signature?: string[];
  /** First version per axis that has it, as a source dates it (Node: one release per line, for backports). */
  since?: Record<string, string | string[]>;
  /**
   * Present in this version, the oldest the catalog checks on the axis, and no source dates it earlier: it may be
   * older. Never reported as "since".
   */
  atOrBefore?: Record<string, string>;
  /** Axes on which no version applies, each with a key of the file's `reasons` table saying why. */
  noVersion?: Record<string, string>;
  /** Support with a caveat per axis (MDN's partial implementation or flag), shown with every verdict on that axis. */
  caveats?: Record<string, string>;
  /** Axes on which a source says it is not available at all (MDN: no Node.js support), with a `reasons` key. */
  unavailable?: Record<string, string>;
  /** Set on a scope whose members are enumerated completely: a key of the file's `completeness` table. */
  closed?: string;
  /** Scopes whose members this one also has: base classes, implemented traits, the declared type of a value. */
  extends?: string[];
  /** The same object under another name (`asyncio.tasks.Task` is `asyncio.Task`): members are looked up there. */
  aliasOf?: string;
  removed?: Record<string, string>;
  deprecated?: { since?: Record<string, string>; message: string };
  experimental?: boolean;
  platforms?: string[];
  parameters?: string[];
  docUrl?: string;
  notes?: string[];
  provenance: CatalogProvenance[];
}

/** How a closed scope's members were enumerated, and from which source: the ground for answering `not_found`. */
export interface CompletenessRule {
  source: string;
  rule: string;
  /** Member names the rule leaves out (private names, say): a miss on one of them is never denied. */
  excludes?: string;
  /**
   * The oldest version per axis the enumeration describes: a name missing now may have existed before it (typeshed
   * keeps no names removed before 3.10), so a target older than this is not denied.
   */
  from?: Record<string, string>;
}

/** The newest version on an axis that a source was read through, for "checked through" answers. */
export interface CheckedThrough {
  version: string;
  source: string;
}

export interface CatalogFile {
  language: CatalogFileLanguage;
  coverage: string;
  sources: CatalogSource[];
  versions: Record<string, string[]>;
  /** Completeness rules referenced by entries' `closed`. */
  completeness?: Record<string, CompletenessRule>;
  /** Why an entry has no version on an axis, referenced by entries' `noVersion`. */
  reasons?: Record<string, string>;
  /** Axes that version only the ids under a prefix (Rust: one axis per crate); other ids need no version there. */
  axisScope?: Record<string, string>;
  checkedThrough?: Record<string, CheckedThrough>;
  /**
   * Names that exist somewhere this catalog could not place on a path: added in a later version in a form a
   * CHANGELOG line leaves vague, or declared only for another platform than the one the catalog was built on.
   * A miss on one of these names (or inside one of these scope ids) is never denied. Name -> where it is seen.
   */
  unplacedNames?: Record<string, string>;
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
  atOrBefore?: Record<string, string>;
  /** Axis -> why no version applies there. */
  noVersion?: Record<string, string>;
  caveats?: Record<string, string>;
  unavailable?: Record<string, string>;
  deprecated?: { since?: Record<string, string>; message: string };
  removed?: Record<string, string>;
  experimental?: boolean;
  platforms?: string[];
  signature?: string[];
  parameters?: string[];
  docUrl?: string;
  provenance?: VerdictProvenance[];
  notes?: string[];
  /** How the asked spelling reached the entry: `Promise.prototype.toString is Object.prototype.toString (inherited)`. */
  via?: string;
  /** The closed scope that decided a `not_found`, and where its completeness comes from. */
  scope?: { id: string; source: string; rule: string };
  /** For a name absent from every source: the newest version each source was read through. */
  checkedThrough?: Record<string, string>;
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
