/**
 * The one place the Rust rules read the catalog (src/catalog, language `rust`): verdicts on paths for a tokio target,
 * signatures (what returns a future), the default tokio target from the support calendar, and whether the catalog
 * enumerates scopes completely (rustdoc-derived data: modules and types marked `closed`), which is what lets
 * hallucinated-api deny a path.
 */
import { defaultTarget, loadCatalog, verifyApi, type ApiVerdict, type CatalogEntry } from '../../catalog/index.js';

/** Crates the rules look up, as their paths start. */
export const CATALOG_CRATES = ['tokio', 'futures', 'tokio_util'] as const;

interface RsCatalog {
  ids: Map<string, CatalogEntry>;
  /** Some scope is enumerated completely: a `not_found` can be trusted inside it. */
  closesScopes: boolean;
}

let cached: RsCatalog | null | undefined;

function load(): RsCatalog | undefined {
  if (cached === undefined) {
    const r = loadCatalog('rust');
    cached = r.ok ? { ids: new Map(r.catalog.file.entries.map((e) => [e.id, e])), closesScopes: r.catalog.file.entries.some((e) => !!e.closed) } : null;
  }
  return cached ?? undefined;
}

/** The catalog entry of a full path (`tokio::sync::Mutex::lock`), if listed. */
export function rsEntry(path: string): CatalogEntry | undefined {
  return load()?.ids.get(path);
}

/** Does the catalog enumerate any scope completely (so that hallucinated-api can deny a path inside one)? */
export function catalogClosesScopes(): boolean {
  return load()?.closesScopes ?? false;
}

/**
 * The tokio line code is held to when the caller names none: the oldest line the support calendar lists as supported
 * on the day the catalog was built. Undefined if the calendar has no current tokio line.
 */
export function defaultTokio(): string | undefined {
  try {
    return defaultTarget('tokio');
  } catch {
    return undefined;
  }
}

const verdicts = new Map<string, ApiVerdict | undefined>();

/** The catalog's verdict on a path for a tokio target (or the latest version without one), memoised. */
export function rsVerdict(path: string, tokio: string | undefined): ApiVerdict | undefined {
  const key = `${tokio ?? ''}|${path}`;
  if (verdicts.has(key)) return verdicts.get(key);
  let v: ApiVerdict | undefined;
  try {
    v = verifyApi('rust', path, tokio ? { tokio } : undefined);
  } catch {
    v = undefined; // a target the catalog cannot judge: say nothing rather than guess
  }
  if (verdicts.size > 5000) verdicts.clear();
  verdicts.set(key, v);
  return v;
}

/** Returned futures whose drop does not lose the work: a spawned task runs whether or not its handle is kept. */
const EAGER = new Set(['JoinHandle', 'AbortHandle']);

/** Does the catalog list this type as implementing `Future` (its `extends` names the std trait)? */
function isFutureType(path: string): boolean {
  const e = rsEntry(path) as (CatalogEntry & { extends?: string[] }) | undefined;
  return !!e?.extends?.includes('<core::future::future::Future>');
}

/**
 * Does a catalogued function or method return a future (an `async fn`, or one returning a type the catalog lists as
 * a `Future`: `tokio::time::sleep -> Sleep`, `futures::future::join_all -> JoinAll`)? The returned type's name is
 * looked up beside the item (its module, or its type's module for a method). Spawn handles are left out.
 */
export function returnsFuture(path: string): boolean {
  const e = rsEntry(path);
  if (!e) return false;
  return (e.signature ?? []).some((s) => {
    if (/^(pub\s+)?(const\s+)?(unsafe\s+)?async\s+fn\b/.test(s) || /->\s*impl\s+(core::future::|std::future::)?Future\b/.test(s)) return true;
    const ret = /->\s*(?:crate::)?([A-Za-z_][\w:]*)/.exec(s)?.[1];
    if (!ret || EAGER.has(ret.split('::').at(-1) ?? '')) return false;
    const segs = path.split('::');
    const name = ret.split('::').at(-1) ?? '';
    const crate = segs[0] ?? '';
    const candidates = [segs.slice(0, -1), segs.slice(0, -2)].map((m) => `${m.join('::')}::${name}`);
    if (ret.includes('::')) candidates.unshift(`${crate}::${ret}`);
    return candidates.some(isFutureType);
  });
}
