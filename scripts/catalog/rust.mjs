// Rust catalog generator: tokio, futures and tokio-util, derived, never hand-typed.
// - Existence, kinds, signatures and summaries: rustdoc's JSON of Debian's crate sources (tokio 1.24.2 with every
//   feature, futures 0.3.21, tokio-util 0.7.3), in the compact form scripts/catalog/rust-rustdoc.mjs writes to
//   rust/rustdoc.json (every public path, re-exports, trait items and the traits each type implements).
// - "since": the crates' CHANGELOGs (rust/changelog.json, from scripts/catalog/rust-changelog.mjs). An item whose
//   addition a CHANGELOG names is dated by it; any other item is "at or before" the version Debian ships, the only
//   version whose API was read. Items the CHANGELOGs add after that version become entries of their own, with the
//   version and pull request; names they mention in a form we cannot place on a path are never denied.
// - Curated notes (behaviour no source can express) from curated/rust.json: notes only, on derived entries.
// Exports build() for scripts/catalog/build.mjs.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { mergeCurated, orderEntry } from './lib-python/py-curated.mjs';

const here = path.dirname(fileURLToPath(import.meta.url));
const read = (f) => JSON.parse(readFileSync(path.join(here, f), 'utf8'));

/** Version axis of each crate, the prefix of its ids, and the docs.rs crate name. */
export const AXES = {
  tokio: { prefix: 'tokio::', crate: 'tokio', minorOnly: true, lineStart: '1.0.0' },
  futures: { prefix: 'futures::', crate: 'futures', minorOnly: false, lineStart: '0.3.0' },
  'tokio-util': { prefix: 'tokio_util::', crate: 'tokio-util', minorOnly: false, lineStart: '0.7.0' },
};

const PAGE_PREFIX = { function: 'fn', struct: 'struct', enum: 'enum', trait: 'trait', type: 'type', macro: 'macro', constant: 'constant', module: '' };

/** Semver order: numbers first, then a pre-release (`0.3.0-alpha.19`) before its release. */
const compareVersions = (a, b) => {
  const [an, ap] = a.split('-');
  const [bn, bp] = b.split('-');
  const x = an.split('.').map(Number);
  const y = bn.split('.').map(Number);
  for (let i = 0; i < Math.max(x.length, y.length); i++) if ((x[i] ?? 0) !== (y[i] ?? 0)) return (x[i] ?? 0) - (y[i] ?? 0);
  if (ap === undefined || bp === undefined) return ap === bp ? 0 : ap === undefined ? 1 : -1;
  return ap < bp ? -1 : ap > bp ? 1 : 0;
};

function axisOf(id) {
  return Object.entries(AXES).find(([, a]) => id.startsWith(a.prefix) || id === a.prefix.slice(0, -2))?.[0];
}

/** tokio versions are compared per minor (1.37); futures and tokio-util per patch (0.3.21). */
function axisVersion(axis, version) {
  return AXES[axis].minorOnly ? version.split('.').slice(0, 2).join('.') : version;
}

/**
 * The docs.rs page of an item: https://docs.rs/<crate>/latest/<crate>/<modules>/<prefix>.<Name>.html, members as
 * an anchor on their owner's page. Item pages of re-exports are served at the re-exporting path as well.
 */
export function docsRsUrl(id, kind, items, attribute = false) {
  const parts = id.split('::');
  const crateName = parts[0].replace(/_/g, '-');
  const base = `https://docs.rs/${crateName}/latest/${parts[0]}/`;
  if (kind === 'module') return `${base}${parts.slice(1).map((p) => `${p}/`).join('')}index.html`;
  const owner = parts.slice(0, -1).join('::');
  const ownerFacts = items[owner];
  if (ownerFacts && ownerFacts.kind !== 'module') {
    const ownerUrl = docsRsUrl(owner, ownerFacts.kind, items);
    const anchor = kind === 'variant' ? 'variant' : kind === 'property' ? 'structfield' : kind === 'type' ? 'associatedtype' : kind === 'constant' ? 'associatedconstant' : 'method';
    return `${ownerUrl}#${anchor}.${parts.at(-1)}`;
  }
  const prefix = attribute ? 'attr' : PAGE_PREFIX[kind] ?? 'struct';
  return `${base}${parts.slice(1, -1).map((p) => `${p}/`).join('')}${prefix}.${parts.at(-1)}.html`;
}

const KIND = { struct: 'struct', enum: 'enum', trait: 'trait', function: 'function', method: 'method', macro: 'macro', module: 'module', type: 'type', constant: 'constant', variant: 'variant', property: 'property' };

/** Paths of existing items a CHANGELOG name can mean, within one crate (and module, when the line names one). */
function candidates(ids, axis, module, name) {
  const crate = AXES[axis].prefix;
  const suffix = `::${name}`;
  const all = ids.filter((id) => id.startsWith(crate) && id.endsWith(suffix));
  if (all.length <= 1 || !module) return all;
  const inModule = all.filter((id) => id.startsWith(`${crate}${module}::`));
  return inModule.length ? inModule : all;
}

/** Canonical paths only: aliases (re-exports of a scope) resolve to them at lookup. */
function single(list) {
  return list.length === 1 ? list[0] : undefined;
}

/**
 * Reads the CHANGELOG additions of one crate: dates existing items (versions up to the one Debian ships), and
 * returns the later additions as new paths, plus the names and scopes it could not place.
 */
function changelogFacts(axis, log, items) {
  const ids = Object.keys(items).filter((id) => !items[id].alias);
  const scopes = ids.filter((id) => ['module', 'struct', 'enum', 'trait'].includes(items[id].kind));
  const lineStart = AXES[axis].lineStart;
  const dated = new Map();
  const later = new Map();
  const unplaced = new Map();
  const checked = log.checkedVersion;
  const oldestFirst = [...log.versions].sort((a, b) => compareVersions(a.version, b.version));
  const crateRoot = AXES[axis].prefix.slice(0, -2);
  const moduleScope = (line) => (line?.module && ids.includes(`${crateRoot}::${line.module}`) ? `${crateRoot}::${line.module}` : crateRoot);
  /**
   * Where an unplaced name may be missed: `name` under the line's module (or the crate), or, for a path whose
   * owner is new (`task::join_set::Builder::spawn_blocking`), the first segment missing below the deepest existing scope.
   */
  const unplacedKey = (t, line) => {
    const owner = t.ownerName;
    if (owner) {
      const segs = [...owner.split('::'), t.name];
      for (let i = segs.length - 1; i > 0; i--) {
        const scope = single(candidates(scopes, axis, line?.module, segs.slice(0, i).join('::')));
        if (scope) return `${scope}::${segs[i]}`;
      }
      return `${moduleScope(line)}::${segs[0]}`;
    }
    return `${moduleScope(line)}::${t.name}`;
  };
  const where = (v, line) => `${AXES[axis].crate} ${v.version} (CHANGELOG${line.prs.length ? `, ${line.prs.map((n) => `#${n}`).join(' ')}` : ''})`;
  for (const v of oldestFirst) {
    const isLater = compareVersions(v.version, checked) > 0;
    for (const line of v.added) {
      // Owners are scopes (`Semaphore`, `mpsc::Receiver`), never methods (`add no_std support for `shared``).
      const ownerPaths = line.owners.map((o) => single(candidates(scopes, axis, line.module, o)));
      const targets = [];
      for (const name of line.added) {
        const isType = /^[A-Z]/.test(name.split('::').at(-1));
        if (line.owners.length && !name.includes('::')) {
          // `add `get_ref` to `Guard``: each owner gets the member; a type name added to an owner is a trait impl.
          if (isType) continue;
          line.owners.forEach((o, i) => targets.push({ name, owner: ownerPaths[i], path: ownerPaths[i] && `${ownerPaths[i]}::${name}`, ownerName: o }));
        } else if (name.includes('::')) {
          const parent = name.split('::').slice(0, -1).join('::');
          const parentPath = single(candidates(scopes, axis, line.module, parent));
          targets.push({ name: name.split('::').at(-1), owner: parentPath, path: parentPath && `${parentPath}::${name.split('::').at(-1)}`, ownerName: parent });
        } else {
          const modulePath = line.module && ids.includes(`${AXES[axis].prefix}${line.module}`) ? `${AXES[axis].prefix}${line.module}` : undefined;
          // A type name is unique enough to place; a lower-case name with no owner ("add `len` to mpsc receivers")
          // is placed only as a function of the line's module, which must then exist already.
          const existing = isType ? single(candidates(ids, axis, line.module, name)) : modulePath && items[`${modulePath}::${name}`] ? `${modulePath}::${name}` : undefined;
          targets.push({ name, path: existing ?? (isType && modulePath ? `${modulePath}::${name}` : undefined), owner: modulePath });
        }
      }
      for (const t of targets) {
        if (!t.path) {
          if (isLater) unplaced.set(unplacedKey(t, line), where(v, line));
          continue;
        }
        if (!isLater) {
          // An addition before the line began (tokio 0.3.4) dates the item to the line's first release: semver
          // keeps it through the line, and a later re-addition inside the line, if any, replaces that date.
          if (!items[t.path] || line.unstable) continue;
          const inLine = compareVersions(v.version, lineStart) >= 0;
          const prior = dated.get(t.path);
          if (!prior || (prior.beforeLine && inLine)) dated.set(t.path, { version: inLine ? v.version : lineStart, prs: line.prs, beforeLine: !inLine, mentioned: v.version });
        } else if (line.unstable) {
          unplaced.set(`${t.path.split('::').slice(0, -1).join('::')}::${t.name}`, where(v, line));
        } else if (!items[t.path] && !later.has(t.path)) {
          const ownerKind = t.owner ? items[t.owner]?.kind : undefined;
          const kind = ownerKind && ownerKind !== 'module' ? 'method' : /^[A-Z]/.test(t.name) ? 'item' : 'function';
          later.set(t.path, { version: v.version, prs: line.prs, kind });
        }
      }
      if (isLater && line.added.length === 0) {
        // "add ready/try methods to `NamedPipeClient`": the owner gained names the line does not give.
        line.owners.forEach((o, i) => unplaced.set(ownerPaths[i] ? `${ownerPaths[i]}::*` : unplacedKey({ name: o.split('::')[0], ownerName: undefined }, line), where(v, line)));
      }
    }
  }
  return { dated, later, unplaced };
}

export async function build() {
  const rd = read('rust/rustdoc.json');
  const cl = read('rust/changelog.json');
  const curated = read('curated/rust.json');
  const items = rd.items;
  const entries = [];
  const unplacedNames = {};
  const versions = {};
  const checkedThrough = {};
  const facts = {};
  for (const axis of Object.keys(AXES)) {
    const log = cl.crates[AXES[axis].crate];
    facts[axis] = changelogFacts(axis, log, items);
    versions[axis] = [...new Set(log.versions.filter((v) => !v.version.includes('-') && compareVersions(v.version, AXES[axis].lineStart) >= 0).map((v) => axisVersion(axis, v.version)))].sort(compareVersions);
    checkedThrough[axis] = { version: log.newest, source: `${AXES[axis].crate}'s CHANGELOG.md` };
    for (const [name, where] of facts[axis].unplaced) unplacedNames[name] ??= where;
  }
  for (const [name, where] of Object.entries(rd.otherPlatformNames ?? {})) unplacedNames[name] ??= where;

  const stdWithItems = new Set(Object.keys(items).filter((k) => k.startsWith('<') && k.includes('>::')).map((k) => k.slice(0, k.indexOf('>::') + 1)));
  for (const [id, f] of Object.entries(items)) {
    const axis = axisOf(id);
    const e = { id, kind: KIND[f.kind] ?? 'type' };
    const derived = ['kind'];
    if (f.doc) { e.summary = f.doc; derived.push('summary'); }
    if (f.sig) { e.signature = [f.sig]; derived.push('signature'); }
    if (axis) {
      const date = facts[axis].dated.get(id);
      const checked = axisVersion(axis, rd.crates[AXES[axis].crate].version);
      if (date) e.since = { [axis]: axisVersion(axis, date.version) };
      else e.atOrBefore = { [axis]: checked };
    }
    if (!id.startsWith('<')) {
      e.docUrl = docsRsUrl(f.alias && !f.alias.startsWith('<') ? f.alias : id, f.kind, items, f.attribute);
      derived.push('docUrl');
    }
    const isScope = ['module', 'struct', 'enum', 'trait'].includes(f.kind);
    if (f.alias) { e.aliasOf = f.alias; derived.push('aliasOf'); }
    // Traits with no items (Send, Sync, Unpin...) give no members: only links that can answer a lookup are kept.
    const ext = (f.ext ?? []).filter((x) => !x.startsWith('<') || stdWithItems.has(x));
    if (ext.length) { e.extends = ext; derived.push('extends'); }
    if (isScope && !f.alias && !f.open && !(f.definedIn && !id.startsWith('<'))) {
      e.closed = id.startsWith('<') ? 'rustdoc-std-trait' : f.kind === 'module' ? 'rustdoc-module' : f.kind === 'trait' ? 'rustdoc-trait' : 'rustdoc-type';
    }
    if (f.open) e.notes = [`Members not enumerated: it ${f.open}.`];
    if (e.atOrBefore) derived.push('atOrBefore');
    e.provenance = [{ source: 'rustdoc', ...(f.file ? { file: f.file } : {}), fields: derived }];
    if (e.since) {
      const d = facts[axis].dated.get(id);
      e.provenance.push({ source: `${AXES[axis].crate}-changelog`, fields: ['since'] });
      const prs = d.prs.length ? ` (${d.prs.map((n) => `#${n}`).join(', ')})` : '';
      e.notes = [...(e.notes ?? []), d.beforeLine
        ? `Added in ${AXES[axis].crate} ${d.mentioned}${prs}, before ${d.version} began the line, per its CHANGELOG.`
        : `Added in ${AXES[axis].crate} ${d.version}${prs}, per its CHANGELOG.`];
    }
    entries.push(e);
  }
  for (const axis of Object.keys(AXES)) {
    for (const [id, d] of facts[axis].later) {
      entries.push({
        id,
        kind: d.kind,
        summary: `Added in ${AXES[axis].crate} ${d.version}, after the version this catalog read the API of; known from the CHANGELOG, which does not record its signature${d.kind === 'item' ? ' or kind' : ''}.`,
        since: { [axis]: axisVersion(axis, d.version) },
        notes: [`Added in ${AXES[axis].crate} ${d.version}${d.prs.length ? ` (${d.prs.map((n) => `#${n}`).join(', ')})` : ''}, per its CHANGELOG.`],
        provenance: [{ source: `${AXES[axis].crate}-changelog`, fields: ['kind', 'summary', 'since', 'notes'] }],
      });
    }
  }
  const withNotes = curated.entries.filter((c) => c.notes?.length).map((c) => ({ id: c.id, notes: c.notes }));
  const merged = mergeCurated(entries, withNotes, 'rust').map(orderEntry);
  merged.sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
  const crateList = Object.entries(rd.crates).filter(([n]) => AXES[n]).map(([n, c]) => `${n} ${c.version} (${c.features})`).join(', ');
  return {
    language: 'rust',
    coverage: `Every public path of ${crateList}, as rustdoc documents them for x86_64 Linux from Debian's crate sources: modules, re-exports, functions, macros, types with their inherent methods, variants and fields, traits with their items, and the trait items each type gets from its impls; plus the items the crates' CHANGELOGs add in later versions (through tokio ${cl.crates.tokio.newest}, futures ${cl.crates.futures.newest}, tokio-util ${cl.crates['tokio-util'].newest}). Other crates and std paths are not covered.`,
    sources: [
      { id: 'rustdoc', name: `rustdoc JSON (format ${rd.formatVersion}, ${rd.toolchain}) of Debian's crate sources: ${Object.entries(rd.crates).map(([n, c]) => `${n} ${c.version}`).join(', ')}`, version: crateList, license: 'MIT', url: 'https://docs.rs' },
      ...Object.keys(AXES).map((axis) => ({ id: `${AXES[axis].crate}-changelog`, name: `${AXES[axis].crate} CHANGELOG.md (${cl.sources.filter((s) => s.crate === AXES[axis].crate).map((s) => s.from).join('; ')})`, version: cl.crates[AXES[axis].crate].newest, license: 'MIT' })),
      { id: 'curated', name: 'async-expert-mcp curated notes (scripts/catalog/curated/rust.json)', version: '1', license: 'project' },
    ],
    versions,
    completeness: {
      'rustdoc-module': { source: 'rustdoc', rule: 'every public item and re-export of the module (globs expanded), as rustdoc lists them for x86_64 Linux' },
      'rustdoc-type': { source: 'rustdoc', rule: 'inherent methods and constants, enum variants, public fields, and the items of every trait rustdoc lists the type as implementing (explicit, blanket and auto-trait impls)' },
      'rustdoc-trait': { source: 'rustdoc', rule: "the trait's own items (required and provided)" },
      'rustdoc-std-trait': { source: 'rustdoc', rule: 'the items of this std trait, from the impls rustdoc lists (the items each impl defines plus its provided_trait_methods)' },
    },
    axisScope: Object.fromEntries(Object.entries(AXES).map(([axis, a]) => [axis, a.prefix])),
    checkedThrough,
    unplacedNames: Object.fromEntries(Object.entries(unplacedNames).sort(([a], [b]) => (a < b ? -1 : 1))),
    entries: merged,
  };
}
