/**
 * The C# catalog (src/catalog, language `csharp`, read from the .NET reference packs) indexed for the reviewer:
 * types by simple name and arity, members by owner (walking base classes named in the type's signature), extension
 * methods by name, and each overload's parsed signature (return type, parameters). Built once per process.
 */
import { loadCatalog, verifyApi, type ApiVerdict, type CatalogEntry } from '../../catalog/index.js';
import { arityKey, parseTypeText, splitTopLevel, substitute, type CsType } from './types.js';

export interface CatType {
  /** Catalog id: `System.Threading.Tasks.Task<TResult>`. */
  id: string;
  name: string;
  typeParams: string[];
  /** Namespace (`System.Threading.Tasks`); for a nested type, its outer type's. */
  ns: string;
  /** The outer type's simple name for a nested type (`Lock` for `Lock.Scope`). */
  outer?: string;
  kind: CatalogEntry['kind'];
  bases: CsType[];
  entry: CatalogEntry;
}

export interface CsParam {
  type: CsType;
  typeText: string;
  name: string;
  isParams: boolean;
  isThis: boolean;
  modifier?: 'out' | 'ref' | 'in';
}

export interface CsSignature {
  kind: 'method' | 'constructor' | 'property' | 'field' | 'event' | 'other';
  isStatic: boolean;
  returns?: CsType;
  name: string;
  params: CsParam[];
  text: string;
}

export interface FoundMember {
  entry: CatalogEntry;
  owner: CatType;
  /** Type parameters of the owner bound to the receiver's type arguments (`TResult` -> `int`). */
  bindings: Map<string, CsType>;
}

const TYPE_KINDS = new Set(['class', 'struct', 'interface', 'enum', 'type']);
const MODIFIERS = new Set(['public', 'protected', 'internal', 'private', 'static', 'abstract', 'virtual', 'override', 'sealed', 'readonly', 'new', 'extern', 'unsafe', 'const', 'event', 'required', 'partial', 'volatile']);

/** Splits a catalog id into segments at dots outside angle brackets. */
function segments(id: string): string[] {
  return splitTopLevel(id, '.');
}

function plain(segment: string): { name: string; params: string[] } {
  const lt = segment.indexOf('<');
  if (lt < 0) return { name: segment, params: [] };
  return { name: segment.slice(0, lt), params: splitTopLevel(segment.slice(lt + 1, segment.lastIndexOf('>'))) };
}

const sigCache = new Map<string, CsSignature>();

/** Reads one signature line of the catalog (`public static Task Delay(int millisecondsDelay)`). */
export function parseSignature(text: string): CsSignature {
  const cached = sigCache.get(text);
  if (cached) return cached;
  const sig = parseSignatureUncached(text);
  sigCache.set(text, sig);
  return sig;
}

function parseSignatureUncached(text: string): CsSignature {
  const paren = text.indexOf('(');
  const brace = text.indexOf('{');
  const headEnd = paren >= 0 && (brace < 0 || paren < brace) ? paren : brace >= 0 ? brace : text.length;
  const words = splitTopLevel(text.slice(0, headEnd).trim(), ' ').filter((w) => w.length > 0);
  let isStatic = false;
  let isEvent = false;
  let isConst = false;
  while (words.length && MODIFIERS.has(words[0] as string)) {
    const w = words.shift() as string;
    if (w === 'static' || w === 'const') isStatic = true;
    if (w === 'event') isEvent = true;
    if (w === 'const') isConst = true;
  }
  if (words[0] === 'class' || words[0] === 'struct' || words[0] === 'interface' || words[0] === 'enum' || words[0] === 'delegate' || words[0] === 'record') {
    return { kind: 'other', isStatic, name: plain(words[1] ?? '').name, params: [], text };
  }
  const nameWord = words.at(-1) ?? '';
  const name = plain(nameWord).name;
  const returnsText = words.slice(0, -1).join(' ');
  const params: CsParam[] = [];
  if (paren >= 0 && headEnd === paren) {
    const inner = text.slice(paren + 1, text.lastIndexOf(')'));
    for (const p of splitTopLevel(inner)) {
      const ws = splitTopLevel(p.replace(/\s*=.*$/, ''), ' ').filter(Boolean);
      let isParams = false;
      let isThis = false;
      let modifier: CsParam['modifier'];
      while (ws.length > 2 || /^(this|params|out|ref|in|scoped)$/.test(ws[0] ?? '')) {
        const w = ws.shift() as string;
        if (w === 'params') isParams = true;
        if (w === 'this') isThis = true;
        if (w === 'out' || w === 'ref' || w === 'in') modifier = w;
        if (ws.length === 0) break;
      }
      const typeText = ws[0] ?? '';
      const type = parseTypeText(typeText) ?? { name: typeText, args: [] };
      params.push({ type, typeText, name: ws[1] ?? '', isParams, isThis, ...(modifier ? { modifier } : {}) });
    }
  }
  if (returnsText === '') return { kind: 'constructor', isStatic, name, params, text };
  const returns = parseTypeText(returnsText);
  const kind: CsSignature['kind'] = isEvent ? 'event' : paren >= 0 && headEnd === paren ? 'method' : brace >= 0 ? 'property' : isConst || true ? 'field' : 'other';
  return { kind, isStatic, ...(returns ? { returns } : {}), name, params, text };
}

class CsCatalogIndex {
  readonly byKey = new Map<string, CatType[]>();
  readonly byId = new Map<string, CatType>();
  private readonly members = new Map<string, Map<string, CatalogEntry>>();
  private readonly extensions = new Map<string, CatalogEntry[]>();

  constructor(entries: readonly CatalogEntry[]) {
    const typeIds = new Set(entries.filter((e) => TYPE_KINDS.has(e.kind)).map((e) => e.id));
    for (const e of entries) {
      const segs = segments(e.id);
      const parentId = segs.slice(0, -1).join('.');
      if (TYPE_KINDS.has(e.kind)) {
        const last = plain(segs.at(-1) ?? '');
        const nested = typeIds.has(parentId);
        let ns = parentId;
        let outer: string | undefined;
        if (nested) {
          const parentSegs = segments(parentId);
          outer = plain(parentSegs.at(-1) ?? '').name;
          ns = parentSegs.slice(0, -1).map((s) => plain(s).name).join('.');
        }
        const head = e.signature?.[0] ?? '';
        const colon = head.indexOf(' : ');
        const bases = colon < 0 ? [] : splitTopLevel(head.slice(colon + 3)).map((b) => parseTypeText(b)).filter((b): b is CsType => !!b);
        const t: CatType = { id: e.id, name: last.name, typeParams: last.params, ns, ...(outer ? { outer } : {}), kind: e.kind, bases, entry: e };
        this.byId.set(e.id, t);
        const key = arityKey(last.name, last.params.length);
        const list = this.byKey.get(key) ?? [];
        list.push(t);
        this.byKey.set(key, list);
      }
      if (typeIds.has(parentId)) {
        const name = plain(segs.at(-1) ?? '').name;
        const m = this.members.get(parentId) ?? new Map<string, CatalogEntry>();
        m.set(name, e);
        this.members.set(parentId, m);
        if (e.kind === 'method' && e.signature?.some((s) => s.includes('(this '))) {
          const list = this.extensions.get(name) ?? [];
          list.push(e);
          this.extensions.set(name, list);
        }
      }
    }
  }

  /** Types with this simple name and arity, optionally under a written qualifier (namespace or outer type). */
  typesNamed(name: string, arity: number, qualifier?: string): CatType[] {
    const all = this.byKey.get(arityKey(name, arity)) ?? [];
    if (!qualifier) return all.filter((t) => t.outer === undefined);
    return all.filter((t) => (t.outer !== undefined ? t.outer === qualifier.split('.').at(-1) : t.ns === qualifier || t.ns.endsWith(`.${qualifier}`)));
  }

  /** Direct members of a type. */
  ownMembers(type: CatType): Map<string, CatalogEntry> {
    return this.members.get(type.id) ?? new Map();
  }

  /** A base type named in a signature, resolved in the catalog: same namespace first. */
  private resolveBase(base: CsType, from: CatType): CatType | undefined {
    const all = this.typesNamed(base.name, base.args.length, base.qualifier);
    return all.find((t) => t.ns === from.ns) ?? (all.length === 1 ? all[0] : undefined);
  }

  /** The member `name` of a type or of one of its base classes (with type parameters bound), or undefined. */
  findMember(type: CatType, name: string, args: readonly CsType[] = []): FoundMember | undefined {
    let current: CatType | undefined = type;
    let bindings = bind(type, args);
    for (let depth = 0; current && depth < 8; depth++) {
      const own = this.members.get(current.id)?.get(name);
      if (own) return { entry: own, owner: current, bindings };
      const base: CsType | undefined = current.bases.find((b) => !/^I[A-Z]/.test(b.name) || current?.kind === 'interface');
      const next: CatType | undefined = base ? this.resolveBase(base, current) : undefined;
      if (!next || !base) break;
      const bound: Map<string, CsType> = bindings;
      bindings = bind(next, base.args.map((a: CsType) => substitute(a, bound)));
      current = next;
    }
    return undefined;
  }

  /**
   * The catalog knows every class this type derives from: no base class outside it (`Exception`, `Component`,
   * `EventArgs` are not covered), so a member it does not list really is missing.
   */
  lineageComplete(type: CatType): boolean {
    let current: CatType | undefined = type;
    for (let depth = 0; current && depth < 8; depth++) {
      const base: CsType | undefined = current.bases.find((b) => !/^I[A-Z]/.test(b.name));
      if (!base || base.name === 'object' || base.name === 'Object') return true;
      if (current.kind === 'struct' || current.kind === 'enum') return true; // a struct's or enum's base list names interfaces only
      current = this.resolveBase(base, current);
    }
    return false;
  }

  /** Every member name of a type and its bases (for suggestions). */
  memberNames(type: CatType): string[] {
    const out = new Set<string>();
    let current: CatType | undefined = type;
    for (let depth = 0; current && depth < 8; depth++) {
      for (const n of this.members.get(current.id)?.keys() ?? []) out.add(n);
      const base: CsType | undefined = current.bases.find((b) => !/^I[A-Z]/.test(b.name));
      current = base ? this.resolveBase(base, current) : undefined;
    }
    return [...out];
  }

  /** The types a type derives from, itself included (names only: `FileStream`, `Stream`). */
  lineage(type: CatType): CatType[] {
    const out: CatType[] = [];
    let current: CatType | undefined = type;
    for (let depth = 0; current && depth < 8; depth++) {
      out.push(current);
      const base: CsType | undefined = current.bases.find((b) => !/^I[A-Z]/.test(b.name));
      current = base ? this.resolveBase(base, current) : undefined;
    }
    return out;
  }

  /** Extension methods named `name` whose `this` parameter is one of the given type names. */
  extensionsFor(name: string, typeNames: readonly string[]): CatalogEntry[] {
    return (this.extensions.get(name) ?? []).filter((e) => e.signature?.some((s) => {
      const first = parseSignature(s).params[0];
      return !!first?.isThis && typeNames.includes(first.type.name);
    }));
  }
}

function bind(type: CatType, args: readonly CsType[]): Map<string, CsType> {
  const m = new Map<string, CsType>();
  type.typeParams.forEach((p, i) => {
    const a = args[i];
    if (a) m.set(p, a);
  });
  return m;
}

let index: CsCatalogIndex | undefined | null;

/** The index, or undefined when this build has no C# catalog (the rules that need it then stay silent). */
export function csCatalog(): CsCatalogIndex | undefined {
  if (index === undefined) {
    const load = loadCatalog('csharp');
    index = load.ok ? new CsCatalogIndex(load.catalog.file.entries) : null;
  }
  return index ?? undefined;
}

export type { CsCatalogIndex };

/** Overloads of a catalog member as parsed signatures (constructors left out). */
export function overloadsOf(entry: CatalogEntry): CsSignature[] {
  return (entry.signature ?? []).map(parseSignature).filter((s) => s.kind !== 'constructor' && s.kind !== 'other');
}

/** Constructors listed with a type's entry. */
export function constructorsOf(entry: CatalogEntry): CsSignature[] {
  return (entry.signature ?? []).map(parseSignature).filter((s) => s.kind === 'constructor');
}

const verdicts = new Map<string, ApiVerdict | undefined>();

/** The catalog's verdict on a C# symbol for a .NET target (too_new / removed / verified), memoised. */
export function dotnetVerdict(symbol: string, target: string): ApiVerdict | undefined {
  const key = `${target}|${symbol}`;
  if (verdicts.has(key)) return verdicts.get(key);
  let v: ApiVerdict | undefined;
  try {
    v = verifyApi('csharp', symbol, { dotnet: target });
  } catch {
    v = undefined; // a target the catalog cannot judge: say nothing rather than guess
  }
  if (verdicts.size > 5000) verdicts.clear();
  verdicts.set(key, v);
  return v;
}

/** The .NET version an overload first appeared in, from the catalog's notes ("Overload added in .NET 9: ..."). */
export function overloadSince(entry: CatalogEntry, signature: string): string | undefined {
  for (const n of entry.notes ?? []) {
    const m = /^Overload (?:added in|first seen in) \.NET (\d+)[^:]*: (.*)$/.exec(n);
    if (m && m[2] === signature) return m[1];
  }
  return typeof entry.since?.dotnet === 'string' ? entry.since.dotnet : undefined;
}
