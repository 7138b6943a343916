import { loadCatalog, type LoadedCatalog } from './load.js';
import { resolveIn } from './resolve.js';
import { walkScopes, type Located } from './scope.js';
import { searchCatalog } from './search.js';
import { suggest } from './suggest.js';
import {
  catalogLanguages,
  TARGET_KEYS,
  type ApiTarget,
  type ApiVerdict,
  type CatalogEntry,
  type CatalogFileLanguage,
  type SearchHit,
  type TargetKey,
  type VerdictProvenance,
} from './types.js';
import { availableAt, checkTargetVersion, compareNumeric, parseNumericVersion, removedBy } from './versions.js';

/** `typescript` -> `javascript`; throws a TypeError naming the allowed languages for anything else unknown. */
export function catalogLanguageOf(language: string): CatalogFileLanguage {
  if (typeof language !== 'string' || !(catalogLanguages as readonly string[]).includes(language.trim().toLowerCase())) {
    throw new TypeError(`Unknown language ${JSON.stringify(language)}. Allowed: ${catalogLanguages.join(', ')}.`);
  }
  const l = language.trim().toLowerCase();
  return (l === 'typescript' ? 'javascript' : l) as CatalogFileLanguage;
}

function checkSymbol(symbol: unknown): string {
  if (typeof symbol !== 'string' || symbol.trim() === '') {
    throw new TypeError(`symbol must be a non-empty string such as "asyncio.timeout" or "Promise.withResolvers", received ${JSON.stringify(symbol)}.`);
  }
  return symbol;
}

function checkTarget(target: ApiTarget | undefined): Array<[TargetKey, string]> {
  if (target === undefined || target === null) return [];
  if (typeof target !== 'object') throw new TypeError(`target must be an object such as { "python": "3.11" }, received ${JSON.stringify(target)}.`);
  const pairs: Array<[TargetKey, string]> = [];
  for (const [key, value] of Object.entries(target)) {
    if (value === undefined) continue;
    if (!(TARGET_KEYS as readonly string[]).includes(key)) {
      throw new TypeError(`Unknown target key "${key}". Allowed: ${TARGET_KEYS.join(', ')}.`);
    }
    if (typeof value !== 'string') throw new TypeError(`target.${key} must be a string, received ${JSON.stringify(value)}.`);
    checkTargetVersion(key as TargetKey, value);
    pairs.push([key as TargetKey, value]);
  }
  return pairs;
}

function provenanceOf(catalog: LoadedCatalog, entry: CatalogEntry): VerdictProvenance[] {
  return entry.provenance.map((p) => {
    const s = catalog.file.sources.find((x) => x.id === p.source);
    return {
      source: p.source,
      ...(s ? { name: s.name, version: s.version, license: s.license } : {}),
      ...(p.file ? { file: p.file } : {}),
      fields: p.fields,
    };
  });
}

/** `noVersion` reason keys spelled out from the file's table. */
function reasonsOf(catalog: LoadedCatalog, keys: Record<string, string>): Record<string, string> {
  return Object.fromEntries(Object.entries(keys).map(([axis, key]) => [axis, catalog.file.reasons?.[key] ?? key]));
}

/** The facts of an entry as a verdict, before the status is decided. */
function factsOf(catalog: LoadedCatalog, language: CatalogFileLanguage, entry: CatalogEntry): ApiVerdict {
  // An alias (asyncio.tasks.gather is asyncio.gather) keeps its own kind and versions and borrows what it lacks.
  const target = entry.aliasOf ? catalog.byId.get(entry.aliasOf) : undefined;
  if (target && target !== entry) {
    const own = ownFactsOf(catalog, language, entry);
    const borrowed = ownFactsOf(catalog, language, target);
    return {
      ...own,
      ...(own.summary ?? borrowed.summary ? { summary: own.summary ?? borrowed.summary } : {}),
      ...(own.signature ?? borrowed.signature ? { signature: own.signature ?? borrowed.signature } : {}),
      ...(own.parameters ?? borrowed.parameters ? { parameters: own.parameters ?? borrowed.parameters } : {}),
      ...(own.docUrl ?? borrowed.docUrl ? { docUrl: own.docUrl ?? borrowed.docUrl } : {}),
      ...(own.notes ?? borrowed.notes ? { notes: own.notes ?? borrowed.notes } : {}),
      via: `${entry.id} is ${target.id}`,
    };
  }
  return ownFactsOf(catalog, language, entry);
}

function ownFactsOf(catalog: LoadedCatalog, language: CatalogFileLanguage, entry: CatalogEntry): ApiVerdict {
  return {
    status: 'verified',
    symbol: entry.id,
    language,
    kind: entry.kind,
    ...(entry.summary ? { summary: entry.summary } : {}),
    ...(entry.since ? { since: entry.since } : {}),
    ...(entry.atOrBefore ? { atOrBefore: entry.atOrBefore } : {}),
    ...(entry.noVersion ? { noVersion: reasonsOf(catalog, entry.noVersion) } : {}),
    ...(entry.caveats ? { caveats: entry.caveats } : {}),
    ...(entry.unavailable ? { unavailable: reasonsOf(catalog, entry.unavailable) } : {}),
    ...(entry.deprecated ? { deprecated: entry.deprecated } : {}),
    ...(entry.removed ? { removed: entry.removed } : {}),
    ...(entry.experimental ? { experimental: true } : {}),
    ...(entry.platforms ? { platforms: entry.platforms } : {}),
    ...(entry.signature ? { signature: entry.signature } : {}),
    ...(entry.parameters?.length ? { parameters: entry.parameters } : {}),
    ...(entry.docUrl ? { docUrl: entry.docUrl } : {}),
    provenance: provenanceOf(catalog, entry),
    ...(entry.notes ? { notes: entry.notes } : {}),
  };
}

/** 0 for equal versions ('7' and '7.0' alike), 1 otherwise. */
function compareText(a: string, b: string): number {
  const x = parseNumericVersion(a);
  const y = parseNumericVersion(b);
  return x && y && compareNumeric(x, y) === 0 ? 0 : a === b ? 0 : 1;
}

/** True when the target's Node release line is unlisted but lies between listed lines. */
function betweenLines(since: readonly string[], target: string): boolean {
  const lines = since.map((v) => Number(v.split('.')[0]));
  const t = Number(target.replace(/^v/, '').split('.')[0]);
  return !lines.includes(t) && lines.some((l) => l < t) && lines.some((l) => l > t);
}

/** Decides verified / too_new / removed / cannot_verify for a found entry against the target (or the latest version). */
function judge(verdict: ApiVerdict, entry: CatalogEntry, target: Array<[TargetKey, string]>, file: LoadedCatalog['file']): ApiVerdict {
  const reasons: string[] = [];
  for (const [key, gone] of Object.entries(entry.removed ?? {})) {
    const t = target.find(([k]) => k === key)?.[1];
    if (t === undefined || removedBy(key, gone, t)) {
      return { ...verdict, status: 'removed', reason: t === undefined
        ? `Removed in ${key} ${gone} (no target ${key} given, so judged against the latest version).`
        : `Removed in ${key} ${gone}; the target is ${key} ${t}.` };
    }
  }
  for (const [key, t] of target) {
    const scoped = file.axisScope?.[key];
    if (scoped !== undefined && !entry.id.startsWith(scoped)) continue; // another crate's version axis
    const since = entry.since?.[key];
    const atOrBefore = entry.atOrBefore?.[key];
    const caveat = entry.caveats?.[key];
    if (entry.unavailable?.[key] !== undefined) {
      return { ...verdict, status: 'not_found', reason: `Not available on ${key}: ${file.reasons?.[entry.unavailable[key] as string] ?? entry.unavailable[key]}` };
    }
    if (since !== undefined) {
      const a = availableAt(key, since, t);
      if (!a.available && caveat && key === 'node' && Array.isArray(since) && betweenLines(since, t)) {
        // The source records (partial) support on release lines around the target's and none for it: a gap in
        // the record, not a fact of absence.
        return { ...verdict, status: 'cannot_verify', reason: `Its source records support on node ${since.join(' / ')} and none for the target's release line. ${caveat}` };
      }
      const checked = file.versions[key] ?? [];
      const previous = typeof since === 'string' ? checked[checked.indexOf(since) - 1] : undefined;
      // Compare at the precision of the checked versions: tokio 1.36.2 is the checked 1.36.
      const tt = key === 'ecmascript' || previous === undefined ? t : t.split('.').slice(0, previous.split('.').length).join('.');
      if (!a.available && previous !== undefined && availableAt(key, previous, tt).available && compareText(previous, tt) !== 0) {
        // First seen in a checked version whose predecessor among those checked is older than the target
        // (.NET 8 after 6, with 7 unchecked): the target falls in a version this catalog never read.
        return { ...verdict, status: 'cannot_verify', reason: `First seen in ${key} ${since}; the version checked before it is ${previous}, so whether ${key} ${t} has it cannot be verified here.` };
      }
      if (!a.available) {
        const shown = Array.isArray(since) ? since.join(' / ') : since;
        return { ...verdict, status: 'too_new', reason: `Needs ${key} ${shown}; the target is ${key} ${t}.` };
      }
      if (a.caveat) reasons.push(a.caveat);
    } else if (atOrBefore !== undefined) {
      // Present in the oldest version checked and dated by no source: it may be older, so an older target is open.
      if (!availableAt(key, atOrBefore, t).available) {
        return {
          ...verdict,
          status: 'cannot_verify',
          reason: `Present at or before ${key} ${atOrBefore}, the oldest version this catalog checks, and no source dates it earlier; whether ${key} ${t} has it cannot be verified here.`,
        };
      }
    } else if (entry.noVersion?.[key] !== undefined) {
      reasons.push(`No ${key} version applies: ${file.reasons?.[entry.noVersion[key] as string] ?? entry.noVersion[key]}`);
    } else if (key === 'ecmascript' && verdict.language === 'javascript') {
      reasons.push('Not part of ECMAScript: a web/host API, so target.ecmascript does not apply.');
    } else {
      reasons.push(`No ${key} version is recorded for it, so target.${key} was not judged.`);
    }
    if (caveat) reasons.push(caveat);
  }
  return reasons.length ? { ...verdict, reason: reasons.join(' ') } : verdict;
}

interface Found {
  entry: CatalogEntry;
  catalog: LoadedCatalog;
}

/** Looks the symbol up; for `node`, Node modules first, then the web globals Node also has (`AbortSignal.any`). */
function find(language: CatalogFileLanguage, symbol: string): { found?: Found; ambiguous?: CatalogEntry[] } {
  const order: CatalogFileLanguage[] = language === 'node' ? ['node', 'javascript'] : [language];
  let ambiguous: CatalogEntry[] | undefined;
  for (const l of order) {
    const load = loadCatalog(l);
    if (!load.ok) continue;
    const r = resolveIn(load.catalog, l, symbol);
    if (r.entry) return { found: { entry: r.entry, catalog: load.catalog } };
    ambiguous ??= r.ambiguous;
  }
  return ambiguous ? { ambiguous } : {};
}

/** Catalogs a language's lookups reach, in order: `node` also answers the web globals Node has. */
function catalogsFor(language: CatalogFileLanguage): LoadedCatalog[] {
  const order: CatalogFileLanguage[] = language === 'node' ? ['node', 'javascript'] : [language];
  return order.map((l) => loadCatalog(l)).flatMap((l) => (l.ok ? [l.catalog] : []));
}

/** The newest versions read for the axes that version a scope (Rust: the crate the scope belongs to). */
function checkedThroughOf(file: LoadedCatalog['file'], scopeId: string): Record<string, string> | undefined {
  const c = Object.entries(file.checkedThrough ?? {}).filter(([axis]) => {
    const prefix = file.axisScope?.[axis];
    return prefix === undefined || scopeId.startsWith(prefix) || `${scopeId}::` === prefix;
  });
  return c.length ? Object.fromEntries(c.map(([axis, x]) => [axis, `${x.version} (${x.source})`])) : undefined;
}

/**
 * Verifies one API symbol against the catalog: `verified`, `too_new` (exists, but after the target), `removed`
 * (gone by the target, or by the latest version without one), `not_found` (only inside a scope the catalog has
 * enumerated completely, with up to 3 real suggestions) or `cannot_verify` (anywhere else: the answer says what is
 * covered and why the name cannot be denied).
 */
export function verifyApi(language: string, symbol: string, target?: ApiTarget): ApiVerdict {
  const lang = catalogLanguageOf(language);
  const asked = checkSymbol(symbol);
  const targetPairs = checkTarget(target);
  const load = loadCatalog(lang);
  if (!load.ok) {
    return { status: 'cannot_verify', symbol: asked, language: lang, reason: load.reason };
  }
  const { found, ambiguous } = find(lang, asked);
  if (found && !found.entry.removed) return judge(factsOf(found.catalog, lang, found.entry), found.entry, targetPairs, found.catalog.file);
  const catalogs = catalogsFor(lang);
  const walk = walkScopes(catalogs, lang, asked);
  // A removed entry found by spelling gives way to a live member the scopes reach (a method moved to a base).
  if (found && (!walk.found || walk.found.entry.removed)) return judge(factsOf(found.catalog, lang, found.entry), found.entry, targetPairs, found.catalog.file);
  if (walk.found) {
    const facts = factsOf(walk.found.catalog, lang, walk.found.entry);
    return judge({ ...facts, ...(walk.via ? { via: walk.via } : {}) }, walk.found.entry, targetPairs, walk.found.catalog.file);
  }
  const catalog = load.catalog;
  const suggestions = suggestionsFor(lang, asked, ambiguous, walk.scope);
  const rule0 = walk.scope ? walk.scope.catalog.file.completeness?.[walk.scope.entry.closed as string] : undefined;
  const before = targetPairs.find(([k, t]) => rule0?.from?.[k] !== undefined && !availableAt(k, rule0.from[k] as string, t).available);
  if (walk.scope && walk.missing !== undefined && !walk.open && !ambiguous && before) {
    return {
      status: 'cannot_verify',
      symbol: asked,
      language: lang,
      ...(suggestions.length ? { suggestions } : {}),
      reason: `${walk.scope.entry.id} has no member "${walk.missing}" in ${before[0]} ${rule0?.from?.[before[0]]} and later, the versions its enumeration describes; whether ${before[0]} ${before[1]} had one cannot be verified here.`,
    };
  }
  if (walk.scope && walk.missing !== undefined && !walk.open && !ambiguous) {
    const { entry, catalog: scopeCatalog } = walk.scope;
    const rule = scopeCatalog.file.completeness?.[entry.closed as string];
    const source = scopeCatalog.file.sources.find((s) => s.id === rule?.source);
    const checked = checkedThroughOf(scopeCatalog.file, entry.id);
    const through = checked ? ` Later versions were checked through ${Object.entries(checked).map(([a, v]) => `${a} ${v}`).join(', ')}.` : '';
    return {
      status: 'not_found',
      symbol: asked,
      language: lang,
      suggestions,
      scope: { id: entry.id, source: source ? `${source.name} ${source.version}` : rule?.source ?? '', rule: rule?.rule ?? '' },
      ...(checked ? { checkedThrough: checked } : {}),
      reason: `${entry.id} is enumerated completely (${rule?.rule ?? entry.closed}), and it has no member "${walk.missing}".${through}`,
    };
  }
  return {
    status: 'cannot_verify',
    symbol: asked,
    language: lang,
    ...(suggestions.length ? { suggestions } : {}),
    coverage: catalog.file.coverage,
    reason: ambiguous
      ? `"${asked}" matches several entries; name one of the suggestions.`
      : walk.open ?? `"${asked}" is outside every scope the ${lang} catalog enumerates completely, so it can be neither confirmed nor denied.`,
  };
}

/** Up to 3 real names near a miss: the ambiguous matches, then names near it in its scope (and in web globals for node). */
function suggestionsFor(lang: CatalogFileLanguage, asked: string, ambiguous: CatalogEntry[] | undefined, scope: Located | undefined): string[] {
  const load = loadCatalog(lang);
  const home = scope?.catalog ?? (load.ok ? load.catalog : undefined);
  const out = [...new Set([...(ambiguous ?? []).map((e) => e.id), ...(home ? suggest(home, lang, asked, scope?.entry) : [])])].slice(0, 3);
  if (lang === 'node' && out.length < 3) {
    const js = loadCatalog('javascript');
    if (js.ok && js.catalog !== home) for (const s of suggest(js.catalog, 'javascript', asked, undefined)) if (out.length < 3 && !out.includes(s)) out.push(s);
  }
  return out;
}

/** Ranked entries whose name, options, summary or notes match the query. */
export function searchApi(language: string, query: string, limit = 10): SearchHit[] {
  const lang = catalogLanguageOf(language);
  if (typeof query !== 'string' || query.trim() === '') {
    throw new TypeError(`query must be a non-empty string such as "timeout", received ${JSON.stringify(query)}.`);
  }
  if (!Number.isInteger(limit) || limit < 1 || limit > 100) {
    throw new TypeError(`limit must be an integer from 1 to 100, received ${JSON.stringify(limit)}.`);
  }
  const load = loadCatalog(lang);
  return load.ok ? searchCatalog(load.catalog, query, limit) : [];
}

/** Ids starting with the prefix (case-insensitive; `events.` also matches `node:events.`), for completion. */
export function listSymbols(language: string, prefix = ''): string[] {
  const lang = catalogLanguageOf(language);
  const load = loadCatalog(lang);
  if (!load.ok) return [];
  const p = prefix.toLowerCase();
  const alt = lang === 'node' && !p.startsWith('node:') ? `node:${p}` : undefined;
  return load.catalog.sortedIds.filter((id) => {
    const l = id.toLowerCase();
    return l.startsWith(p) || (alt !== undefined && l.startsWith(alt));
  });
}

/** What a language's catalog covers and where its facts come from; `undefined` fields when it is not built. */
export function catalogInfo(language: string) {
  const lang = catalogLanguageOf(language);
  const load = loadCatalog(lang);
  if (!load.ok) return { language: lang, available: false as const, reason: load.reason };
  const { file } = load.catalog;
  return {
    language: lang,
    available: true as const,
    coverage: file.coverage,
    versions: file.versions,
    sources: file.sources,
    entries: file.entries.length,
  };
}
