import { joinSegments, segmentsOf, type LoadedCatalog } from './load.js';
import { cleanSymbol, findSpelling } from './resolve.js';
import type { CatalogEntry, CatalogFileLanguage } from './types.js';

/** An entry and the catalog it lives in (a `node` lookup also reaches the javascript catalog's web globals). */
export interface Located {
  entry: CatalogEntry;
  catalog: LoadedCatalog;
}

/** The outcome of walking a symbol through the scopes it names. */
export interface ScopeWalk {
  /** The member the symbol names, reached through its scopes and their links. */
  found?: Located;
  /** How the symbol reached it, when through a link: `perf_hooks.performance is a Performance`. */
  via?: string;
  /** On a miss: the deepest scope reached and the name it lacks. */
  scope?: Located;
  missing?: string;
  /** On a miss: why it cannot be denied (the scope is not enumerated completely); undefined when it can. */
  open?: string;
}

/** Bounds the links followed from one scope: inheritance chains are short, and cycles must not loop. */
const MAX_SCOPES = 64;

function separator(language: CatalogFileLanguage): string {
  return language === 'rust' ? '::' : '.';
}

/**
 * JS objects all have Object.prototype's members, and callables Function.prototype's (ECMAScript's own rule).
 * `X.prototype.y` asks about an instance, which is not callable even when X is a class.
 */
function implicitBases(language: CatalogFileLanguage, entry: CatalogEntry, instance: boolean): string[] {
  if (language !== 'javascript' && language !== 'node') return [];
  const callable = !instance && (entry.kind === 'class' || entry.kind === 'function' || entry.kind === 'method');
  return callable ? ['Function.prototype', 'Object.prototype'] : ['Object.prototype'];
}

function exactIn(catalogs: readonly LoadedCatalog[], id: string): Located | undefined {
  for (const catalog of catalogs) {
    const entry = catalog.byId.get(id) ?? catalog.byLowerId.get(id.toLowerCase());
    if (entry) return { entry, catalog };
  }
  return undefined;
}

/**
 * A scope's own id and the ids whose members it also has, breadth first: its alias target, its `extends` links,
 * then the implicit JS bases. A link to an id no catalog has is reported, since it leaves the scope open.
 */
function scopeChain(catalogs: readonly LoadedCatalog[], language: CatalogFileLanguage, start: Located, instance = false): { chain: Located[]; missing: string[]; pseudo: string[] } {
  const chain: Located[] = [];
  const missing: string[] = [];
  const pseudo: string[] = [];
  const seen = new Set<string>();
  const queue: Array<Located | string> = [start];
  while (queue.length > 0 && chain.length < MAX_SCOPES) {
    const next = queue.shift() as Located | string;
    const id = typeof next === 'string' ? next : next.entry.id;
    if (seen.has(id)) continue;
    seen.add(id);
    let located: Located | undefined = typeof next === 'string' ? exactIn(catalogs, id) : next;
    if (!located && id.endsWith('.prototype')) {
      // `Object.prototype` names the instance side of the `Object` entry: its members are `Object.prototype.x`.
      const owner = exactIn(catalogs, id.slice(0, -'.prototype'.length));
      if (owner) {
        pseudo.push(id);
        located = undefined;
        if (!owner.entry.closed) missing.push(`${id} (not enumerated)`);
        continue;
      }
    }
    if (!located) {
      missing.push(id);
      continue;
    }
    chain.push(located);
    const e = located.entry;
    if (e.aliasOf) queue.push(e.aliasOf);
    for (const x of e.extends ?? []) queue.push(x);
  }
  for (const x of implicitBases(language, start.entry, instance)) if (!seen.has(x)) pseudo.push(x);
  return { chain, missing, pseudo };
}

/**
 * Looks up `name` as a member of a scope: `S.name`, and for JS `S.prototype.name` (callers mix the two, except that
 * an asked `S.prototype.name` is never a static).
 */
function memberIn(catalogs: readonly LoadedCatalog[], language: CatalogFileLanguage, scopeId: string, name: string, instance = false): Located | undefined {
  const sep = separator(language);
  const direct = exactIn(catalogs, joinSegments([scopeId, name], sep));
  if (direct && !(instance && direct.entry.id.startsWith(`${scopeId}.`) && exactIn(catalogs, scopeId)?.entry.kind === 'class')) return direct;
  if ((language === 'javascript' || language === 'node') && !scopeId.endsWith('.prototype')) {
    return exactIn(catalogs, joinSegments([scopeId, 'prototype', name], sep));
  }
  return undefined;
}

/** Why a miss on `name` in this scope cannot be denied; undefined when the scope is closed for that name. */
function openReason(scope: Located, name: string, chain: Located[], missing: string[]): string | undefined {
  for (const { entry, catalog } of chain) {
    if (entry.aliasOf && !entry.closed) continue; // an alias has its target's members; the target is in the chain
    if (!entry.closed) {
      return entry === scope.entry
        ? `${entry.id} is catalogued, but its members are not enumerated completely, so a missing member cannot be denied.`
        : `${scope.entry.id} also has the members of ${entry.id}, which are not enumerated completely.`;
    }
    const rule = catalog.file.completeness?.[entry.closed];
    if (!rule) return `${entry.id} names an unknown completeness rule "${entry.closed}".`;
    if (rule.excludes && new RegExp(rule.excludes).test(name)) {
      return `Names like "${name}" are outside what ${entry.id}'s enumeration covers (${rule.rule}).`;
    }
  }
  if (missing.length > 0) {
    return `${scope.entry.id} also has the members of ${missing.join(', ')}, which this catalog does not enumerate.`;
  }
  const mention = unplacedFor(scope.catalog, scope.entry.id, name);
  if (mention) return `"${name}" may exist in ${scope.entry.id}: ${mention} names it in a form this catalog could not place on a path.`;
  return undefined;
}

const unplacedIndex = new WeakMap<LoadedCatalog, Map<string, Array<[string, string]>>>();

/**
 * Where a name is known to exist unplaced under a scope. Keys of `unplacedNames` are `P::name` (the name may be a
 * member of P or of any scope under P) or `S::*` (scope S gained members a source does not name).
 */
function unplacedFor(catalog: LoadedCatalog, scopeId: string, name: string): string | undefined {
  const table = catalog.file.unplacedNames;
  if (!table) return undefined;
  let index = unplacedIndex.get(catalog);
  if (!index) {
    index = new Map();
    for (const [key, where] of Object.entries(table)) {
      const cut = key.lastIndexOf('::');
      const n = cut < 0 ? key : key.slice(cut + 2);
      const prefix = cut < 0 ? '' : key.slice(0, cut);
      const list = index.get(n) ?? [];
      list.push([prefix, where]);
      index.set(n, list);
    }
    unplacedIndex.set(catalog, index);
  }
  const any = index.get('*')?.find(([p]) => p === scopeId);
  if (any) return any[1];
  return index.get(name)?.find(([p]) => p === '' || scopeId === p || scopeId.startsWith(`${p}::`))?.[1];
}

/** Finds the entry a scope prefix names (`Task` -> System.Threading.Tasks.Task, `events` -> node:events). */
function scopeEntry(catalogs: readonly LoadedCatalog[], language: CatalogFileLanguage, parts: readonly string[]): Located | undefined {
  const prefix = joinSegments(parts, separator(language));
  const tries = language === 'node' ? [`node:${prefix}`, prefix] : [prefix];
  for (const catalog of catalogs) {
    for (const t of tries) {
      const r = findSpelling(catalog, t, segmentsOf(t).length >= 2 || language === 'csharp');
      if (r.entry) return { entry: r.entry, catalog };
    }
  }
  return undefined;
}

/**
 * Walks `a.b.c` through the scopes it names: the longest prefix that is an entry, then each further segment as a
 * member of that scope or of a scope it links to (base, trait, declared type, alias). Returns the member found,
 * or the scope that lacks the next name and whether that scope is closed for it.
 */
export function walkScopes(catalogs: readonly LoadedCatalog[], language: CatalogFileLanguage, symbol: string): ScopeWalk {
  const parts = segmentsOf(cleanSymbol(language, symbol));
  for (let n = parts.length - 1; n >= 1; n--) {
    const start = scopeEntry(catalogs, language, parts.slice(0, n));
    // `X.prototype` is X's instance side, handled by the shorter prefix, unless it is an entry of its own
    // (`events.prototype`: the module is the EventEmitter class).
    if (!start || (parts[n - 1] === 'prototype' && !start.entry.id.endsWith('.prototype'))) continue;
    let rest = parts.slice(n);
    const instance = rest[0] === 'prototype' && rest.length > 1;
    if (instance) rest = rest.slice(1);
    return walkMembers(catalogs, language, start, rest, instance);
  }
  return {};
}

function walkMembers(catalogs: readonly LoadedCatalog[], language: CatalogFileLanguage, start: Located, rest: readonly string[], instanceFirst: boolean): ScopeWalk {
  let scope = start;
  const path: string[] = [];
  for (let i = 0; i < rest.length; i++) {
    const name = rest[i] as string;
    // Past the first step, a member's members are those of its value: never callable statics of a class.
    const instance = i === 0 ? instanceFirst : false;
    const { chain, missing, pseudo } = scopeChain(catalogs, language, scope, instance);
    let hit: Located | undefined;
    let through: string | undefined;
    // The nearest live member wins; a removed one (a member that moved to another base) only when none is live.
    let removedHit: { hit: Located; through?: string } | undefined;
    for (const s of chain) {
      hit = memberIn(catalogs, language, s.entry.id, name, instance);
      if (hit && hit.entry.removed) {
        removedHit ??= { hit, ...(s !== chain[0] ? { through: s.entry.id } : {}) };
        hit = undefined;
        continue;
      }
      if (hit) {
        if (s !== chain[0]) through = s.entry.id;
        break;
      }
    }
    if (!hit && removedHit) {
      hit = removedHit.hit;
      through = removedHit.through;
    }
    if (!hit) {
      for (const p of pseudo) {
        hit = exactIn(catalogs, joinSegments([p, name], separator(language)));
        if (hit) {
          through = p;
          break;
        }
      }
    }
    if (!hit) {
      // An alias (futures::StreamExt) is decided by the scope it names (futures::stream::StreamExt).
      const deciding = scope.entry.aliasOf && !scope.entry.closed ? chain.find((c) => c.entry.closed) ?? scope : scope;
      return { scope: deciding, missing: name, open: openReason(scope, name, chain, missing) ?? pseudoOpen(catalogs, pseudo) };
    }
    if (through) path.push(`${scope.entry.id}${instance ? '.prototype' : ''}${separator(language)}${name} is ${hit.entry.id} (through ${through})`);
    scope = hit;
  }
  return { found: scope, ...(path.length ? { via: path.join('; ') } : {}) };
}

/** The implicit JS bases must themselves be enumerated for a miss to be denied. */
function pseudoOpen(catalogs: readonly LoadedCatalog[], pseudo: readonly string[]): string | undefined {
  for (const p of pseudo) {
    const owner = exactIn(catalogs, p.replace(/\.prototype$/, ''));
    if (!owner || !owner.entry.closed) return `Every object also has the members of ${p}, which this catalog does not enumerate.`;
  }
  return undefined;
}
