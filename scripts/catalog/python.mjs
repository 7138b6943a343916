// Python catalog generator: asyncio, concurrent.futures, contextvars, threading and the standard-library modules async
// code leans on (contextlib, signal, time, ...) from the typeshed stubs bundled in pyright, evaluated per Python version (3.8..3.15) and platform, with doc URLs from the CPython 3.11 Sphinx
// inventory and curated behavioural notes from curated/python.json. Exports build() for scripts/catalog/build.mjs.
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import path from 'node:path';
import {
  StubWorld, pyrightVersion, decoratorNames, deprecationMessage, functionSignature, keywordParameters, oneLine,
} from './lib-python/py-stubs.mjs';
import { readInventory, PYTHON_DOCS_BASE } from './lib-python/py-inventory.mjs';
import { mergeCurated, orderEntry } from './lib-python/py-curated.mjs';
import { VersionAdded } from './lib-python/py-versionadded.mjs';

const here = path.dirname(fileURLToPath(import.meta.url));

export const PYTHON_VERSIONS = ['3.8', '3.9', '3.10', '3.11', '3.12', '3.13', '3.14', '3.15'];
export const PLATFORMS = ['linux', 'darwin', 'win32'];
/** Modules whose public attributes (and their classes' members) are catalogued. */
export const PYTHON_MODULES = [
  'asyncio', 'builtins', 'concurrent.futures', 'contextlib', 'contextvars', 'enum', 'functools', 'multiprocessing', 'random',
  'signal', 'threading', 'time',
];
/**
 * builtins is catalogued only where async code meets it: async iteration (`aiter`, `anext`) and the exception
 * hierarchy (`ExceptionGroup`, `BaseException.add_note`). Its ids carry no module prefix, as Python code spells them.
 */
const BUILTIN_FUNCTIONS = new Set(['aiter', 'anext']);
/** Names outside what the stubs enumerate as public: private ones, and dunders other than the protocol ones. */
const PRIVATE_NAMES = '^_(?!_(aenter|aexit|aiter|anext|await|enter|exit|init)__$)';
/** Dunder members worth answering for: they decide whether `async with`/`async for`/`await`/`with` work. */
const PROTOCOL_DUNDERS = new Set(['__aenter__', '__aexit__', '__aiter__', '__anext__', '__await__', '__enter__', '__exit__', '__init__']);

const versionTuple = (v) => v.split('.').map(Number);
/**
 * Classes whose members are listed: any class a covered module binds (multiprocessing.dummy.Queue is queue.Queue),
 * except builtins classes outside builtins itself (those are catalogued, if at all, under their builtins name).
 */
const listsMembers = (listingModule, classModule) => classModule !== 'builtins' || listingModule === 'builtins';
const idOf = (moduleName, name) => (moduleName === 'builtins' ? name : `${moduleName}.${name}`);

/** True when a builtins class is BaseException or derives from it. */
function isExceptionClass(world, classTarget, depth = 0) {
  if (classTarget.module === 'builtins' && classTarget.name === 'BaseException') return true;
  return depth < 20 && world.classBases(classTarget).some((base) => isExceptionClass(world, base, depth + 1));
}

/** Which builtins names are catalogued (see BUILTIN_FUNCTIONS); every public name of the other modules is. */
function catalogued(world, moduleName, name, d) {
  if (moduleName !== 'builtins') return true;
  if (d.kind === 'class') return isExceptionClass(world, d.classTarget);
  return BUILTIN_FUNCTIONS.has(name);
}

/**
 * `get_context = context._default_context.get_context`: a module attribute bound to a method of an annotated
 * instance (`_default_context: DefaultContext`). Returns the method's definition, or undefined for anything else.
 */
function boundMethodOf(world, target) {
  if (target.type !== 'variable' || target.annotation || target.right?.type !== 'attribute') return undefined;
  const owner = world.resolveExpression(target.right.childForFieldName('object'), target.ctx, target.module);
  const typeName = owner?.type === 'variable' ? owner.annotation?.namedChildren[0] : undefined;
  if (typeName?.type !== 'identifier') return undefined;
  const cls = world.resolveExpression(typeName, owner.ctx, owner.module);
  if (cls?.type !== 'class') return undefined;
  const method = membersWithInheritance(world, cls).get(target.right.childForFieldName('attribute').text);
  return method?.type === 'function' ? method : undefined;
}

/** Kind, signatures and keyword parameters of a definition as seen at one (version, platform). */
function describe(world, target, inClass) {
  const bound = inClass ? undefined : boundMethodOf(world, target);
  if (bound) {
    // Called as a plain function: the declared signature keeps `self`, the keyword parameters do not.
    const signature = bound.items.map((i) => functionSignature(i.node));
    const parameters = [...new Set(bound.items.flatMap((i) => keywordParameters(i.node, true)))];
    const deprecated = bound.items.map((i) => deprecationMessage(i.decorators)).find(Boolean);
    return { kind: 'function', signature, parameters, deprecated, rel: bound.rel, defKey: `${bound.module}:${bound.name}` };
  }
  const resolved = world.resolveAlias(target);
  if (resolved.type === 'class') {
    const supers = resolved.node.childForFieldName('superclasses');
    // An alias (`Lock = _thread.LockType`) shows as declared: the class header would carry the other name.
    const signature = target.type === 'variable' ? oneLine(target.node.text) : oneLine(`class ${resolved.name}${supers ? supers.text : ''}`);
    return { kind: 'class', signature: [signature], classTarget: resolved, rel: target.type === 'variable' ? target.rel : resolved.rel, defKey: `${resolved.module}:${resolved.name}` };
  }
  if (resolved.type === 'function') {
    const decorators = resolved.items.flatMap((i) => decoratorNames(i.decorators));
    const isProperty = decorators.includes('property') || decorators.includes('cached_property');
    const isStatic = decorators.includes('staticmethod');
    const signature = resolved.items.map((i) => functionSignature(i.node));
    const parameters = isProperty ? undefined : [...new Set(resolved.items.flatMap((i) => keywordParameters(i.node, inClass && !isStatic)))];
    const deprecated = resolved.items.map((i) => deprecationMessage(i.decorators)).find(Boolean);
    return { kind: isProperty ? 'property' : inClass ? 'method' : 'function', signature, parameters, deprecated, rel: resolved.rel, defKey: `${resolved.module}:${resolved.name}` };
  }
  if (resolved.type === 'variable') {
    const annotation = resolved.annotation?.text;
    const sig = oneLine(resolved.node.text);
    let kind = inClass ? 'property' : 'constant';
    if (annotation === 'TypeAlias' || annotation?.endsWith('.TypeAlias')) kind = 'type';
    return { kind, signature: [sig], rel: resolved.rel, defKey: `${resolved.module}:${resolved.name}` };
  }
  return undefined;
}

/** Members of a class including those inherited from covered base classes; the nearest definition wins. */
function membersWithInheritance(world, classTarget, seen = new Set()) {
  const key = `${classTarget.module}.${classTarget.name}`;
  if (seen.has(key)) return new Map();
  seen.add(key);
  const merged = new Map();
  // Every base counts (typing.Mapping gives contextvars.Context its items(); int gives signal.Signals its
  // bit_length()): a class's member list is closed only with all of them. `object` adds dunders alone.
  for (const base of world.classBases(classTarget).reverse()) {
    if (base.module === 'builtins' && base.name === 'object') continue;
    for (const [name, member] of membersWithInheritance(world, base, seen)) merged.set(name, member);
  }
  for (const [name, member] of world.classMembers(classTarget)) merged.set(name, member);
  return merged;
}

function isPublicMember(name) {
  return !name.startsWith('_') || PROTOCOL_DUNDERS.has(name);
}

/** Bases a class may have without adding public members: its member list stays closed. */
const SILENT_BASES = new Set(['Generic', 'Protocol', 'typing.Generic', 'typing.Protocol', 'object']);

/** Why a class's members cannot be listed completely, or undefined when they can. */
function openReason(world, classTarget, seen = new Set()) {
  const key = `${classTarget.module}.${classTarget.name}`;
  if (seen.has(key)) return undefined;
  seen.add(key);
  if (world.classMembers(classTarget).has('__getattr__')) return `${key} defines __getattr__: any attribute may exist`;
  const { resolved, unresolved } = world.classBasesDetailed(classTarget);
  const unknown = unresolved.filter((b) => !SILENT_BASES.has(b));
  if (unknown.length) return `a base of ${key} (${unknown.join(', ')}) is not a class in the stubs`;
  for (const b of resolved) {
    const r = openReason(world, b, seen);
    if (r) return r;
  }
  return undefined;
}

/**
 * Public submodules of the covered packages (asyncio.subprocess, concurrent.futures.thread...): real import paths,
 * each a module of its own. Private ones (`_base`) are left out, as private names are everywhere.
 */
export function submodulesOf(world, pkg) {
  const dir = path.join(world.stdlibDir, ...pkg.split('.'));
  if (!existsSync(path.join(dir, '__init__.pyi'))) return [];
  const out = [];
  for (const e of readdirSync(dir, { withFileTypes: true })) {
    const name = e.isDirectory() ? e.name : e.name.replace(/\.pyi$/, '');
    if (name.startsWith('_') || (!e.isDirectory() && !e.name.endsWith('.pyi'))) continue;
    if (e.isDirectory() && !existsSync(path.join(dir, e.name, '__init__.pyi'))) continue;
    const mod = `${pkg}.${name}`;
    if (PYTHON_MODULES.includes(mod)) continue;
    out.push(mod, ...(e.isDirectory() ? submodulesOf(world, mod) : []));
  }
  return out.sort();
}

/**
 * Collects observations: id -> list of { version, platform, ...describe() }. Package-level modules come first (builtins
 * before the rest), so that a name a submodule or another module binds to the same definition (asyncio.tasks.gather,
 * asyncio.TimeoutError, which is builtins.TimeoutError from 3.11) becomes an alias of the first id, and its members
 * are listed once.
 */
function observe(world, modules) {
  const observations = new Map();
  const add = (id, obs) => {
    if (!observations.has(id)) observations.set(id, []);
    observations.get(id).push(obs);
  };
  for (const version of PYTHON_VERSIONS) {
    for (const platform of PLATFORMS) {
      const vt = versionTuple(version);
      const canonical = new Map();
      for (const moduleName of modules) {
        const ns = world.module(moduleName, vt, platform);
        if (!ns) continue;
        const moduleOpen = ns.names.has('__getattr__') ? `${moduleName} defines __getattr__: any attribute may exist` : undefined;
        add(moduleName, { version, platform, kind: 'module', rel: ns.rel, open: moduleOpen });
        for (const binding of ns.names.values()) {
          // Submodules bound as attributes are catalogued as modules of their own (see submodulesOf).
          if (!binding.exported || binding.name.startsWith('_')) continue;
          const target = binding.target.type === 'import' ? world.resolveAlias(binding.target) : binding.target;
          if (target.type === 'module' || target.type === 'import') continue;
          const id = idOf(moduleName, binding.name);
          const d = describe(world, target, false);
          if (!d || !catalogued(world, moduleName, binding.name, d)) continue;
          const first = canonical.get(d.defKey);
          if (first !== undefined && first !== id) {
            add(id, { version, platform, ...d, classTarget: undefined, aliasOf: first });
            continue;
          }
          if (first === undefined) canonical.set(d.defKey, id);
          add(id, { version, platform, ...d, classTarget: undefined });
          // Classes of builtins outside the exception hierarchy, and classes of modules the catalog does not cover
          // (multiprocessing.dummy.Queue is queue.Queue), are not catalogued scopes: their members stay open.
          if (d.kind === 'class' && !listsMembers(moduleName, d.classTarget.module)) {
            observations.get(id).at(-1).open = `it is ${d.classTarget.module}.${d.classTarget.name}, from a module this catalog does not cover`;
          }
          if (d.kind !== 'class' || !listsMembers(moduleName, d.classTarget.module)) continue;
          observations.get(id).at(-1).open = openReason(world, d.classTarget);
          const members = membersWithInheritance(world, d.classTarget);
          const init = members.get('__init__');
          if (init) {
            const initDesc = describe(world, init, true);
            if (initDesc?.parameters) observations.get(id).at(-1).parameters = initDesc.parameters;
          }
          for (const [name, member] of members) {
            if (!isPublicMember(name) || name === '__init__') continue;
            const md = describe(world, member, true);
            if (md) add(`${id}.${name}`, { version, platform, ...md, classTarget: undefined });
          }
        }
      }
    }
  }
  return observations;
}

const versionIndex = (v) => PYTHON_VERSIONS.indexOf(v);
const compareVersions = (a, b) => Number(a.split('.')[1]) - Number(b.split('.')[1]);
const sameList = (a, b) => JSON.stringify(a ?? null) === JSON.stringify(b ?? null);

/**
 * The oldest Python version the stubs' `sys.version_info` gates distinguish, read from every parsed stub: typeshed
 * drops gates for versions it no longer supports, so a name present ungated may be older or newer than that version.
 */
function gateFloor(world) {
  let floor;
  for (const { file } of world.files.values()) {
    for (const m of readFileSync(file, 'utf8').matchAll(/sys\.version_info\s*[<>=!]=?\s*\(3,\s*(\d+)\)/g)) {
      const v = `3.${m[1]}`;
      if (floor === undefined || versionIndex(v) < versionIndex(floor)) floor = v;
    }
  }
  if (floor === undefined || versionIndex(floor) < 0) throw new Error('No sys.version_info gate found in the stubs');
  return floor;
}

/** Folds per-(version, platform) observations into one entry. */
function fold(id, list, inventory, typeshedVersion, dating) {
  const present = [...new Set(list.map((o) => o.version))].sort((a, b) => versionIndex(a) - versionIndex(b));
  const platforms = [...new Set(list.map((o) => o.platform))];
  const byPreference = (o) => versionIndex(o.version) * 10 + (2 - PLATFORMS.indexOf(o.platform));
  const latest = [...list].sort((a, b) => byPreference(b) - byPreference(a))[0];
  const entry = { id, kind: latest.kind, provenance: [] };
  const fromStubs = ['kind'];
  if (latest.signature) {
    entry.signature = latest.signature;
    fromStubs.push('signature');
  }
  // Below the oldest version the stubs' gates distinguish, a name present ungated may be older or newer: the docs'
  // versionadded note dates it when there is one (asyncio.run: 3.7, anext: 3.10); otherwise it is present "at or
  // before" that version, never "since" it.
  const docUri = inventory.entries.get(id)?.uri ?? inventory.entries.get(latest.aliasOf ?? '')?.uri;
  const added = dating && docUri ? dating.versionAdded.of(docUri) : undefined;
  const gated = dating && versionIndex(present[0]) > versionIndex(dating.oldest);
  const datedByDocs = !gated && added !== undefined && compareVersions(added, dating.oldest) <= 0;
  if (gated || !dating) {
    entry.since = { python: present[0] };
    fromStubs.push('since');
  } else if (datedByDocs) {
    // typeshed's VERSIONS file may still bound it from below (a module added in 3.9): the later of the two holds.
    const bounded = present[0] !== PYTHON_VERSIONS[0];
    entry.since = { python: bounded && compareVersions(added, present[0]) < 0 ? present[0] : added };
  } else {
    entry.atOrBefore = { python: dating.oldest };
    fromStubs.push('atOrBefore');
  }
  const last = present.at(-1);
  if (last !== PYTHON_VERSIONS.at(-1)) {
    entry.removed = { python: PYTHON_VERSIONS[versionIndex(last) + 1] };
    fromStubs.push('removed');
  }
  const deprecatedObs = list.filter((o) => o.deprecated);
  if (deprecatedObs.length > 0 && deprecatedObs.some((o) => o.version === last)) {
    const message = deprecatedObs.at(-1).deprecated;
    const stated = /since Python (3\.\d+)/i.exec(message)?.[1];
    const firstGated = deprecatedObs.map((o) => o.version).sort((a, b) => versionIndex(a) - versionIndex(b))[0];
    const since = stated ?? (firstGated !== present[0] ? firstGated : undefined);
    entry.deprecated = since ? { since: { python: since }, message } : { message };
    fromStubs.push('deprecated');
  }
  if (platforms.length < PLATFORMS.length) {
    entry.platforms = [...platforms].sort();
    fromStubs.push('platforms');
  }
  if (latest.parameters) {
    entry.parameters = latest.parameters;
    fromStubs.push('parameters');
  }
  // Signatures that differ in older versions, on the same platform as the latest one, become notes.
  const notes = [];
  const samePlatform = list.filter((o) => o.platform === latest.platform).sort((a, b) => versionIndex(a.version) - versionIndex(b.version));
  const groups = [];
  for (const o of samePlatform) {
    const g = groups.at(-1);
    if (g && sameList(g.signature, o.signature)) g.to = o.version;
    else groups.push({ from: o.version, to: o.version, signature: o.signature });
  }
  for (const g of groups.slice(0, -1)) {
    if (!g.signature) continue;
    const range = g.from === g.to ? `Python ${g.from}` : `Python ${g.from}-${g.to}`;
    notes.push(`${range} declares: ${g.signature.join(' | ')}`);
  }
  if (notes.length > 0) {
    entry.notes = notes;
    fromStubs.push('notes');
  }
  entry.provenance.push({ source: 'typeshed', file: latest.rel, fields: fromStubs });
  const doc = docUrlFor(id, inventory);
  if (doc) {
    entry.docUrl = doc;
    entry.provenance.push({ source: 'python-docs', file: 'objects.inv', fields: ['docUrl'] });
  }
  if (datedByDocs) entry.provenance.push({ source: 'python-docs', file: docUri.split('#')[0], fields: ['since'] });
  if (latest.aliasOf) {
    entry.aliasOf = latest.aliasOf;
    fromStubs.push('aliasOf');
  } else if (latest.kind === 'module' || latest.kind === 'class') {
    if (latest.open) {
      entry.notes = [...(entry.notes ?? []), `Members not enumerated: ${latest.open}.`];
    } else {
      entry.closed = latest.kind;
      fromStubs.push('closed');
    }
  }
  void typeshedVersion;
  return entry;
}

/**
 * The documented anchor when the 3.11 inventory has the name; otherwise the page of the nearest documented parent
 * (names newer than 3.11, inherited members), without an anchor we could not check.
 */
export function docUrlFor(id, inventory) {
  const exact = inventory.entries.get(id);
  if (exact) return PYTHON_DOCS_BASE + exact.uri;
  // The docs describe event-loop methods once, as `asyncio.loop.<method>`, for every loop class.
  const loopMethod = /^asyncio\.(?:AbstractEventLoop|BaseEventLoop|SelectorEventLoop|ProactorEventLoop)\.(\w+)$/.exec(id);
  const asLoop = loopMethod && inventory.entries.get(`asyncio.loop.${loopMethod[1]}`);
  if (asLoop) return PYTHON_DOCS_BASE + asLoop.uri;
  const parts = id.split('.');
  for (let i = parts.length - 1; i > 0; i--) {
    const parent = inventory.entries.get(parts.slice(0, i).join('.'));
    if (parent) return PYTHON_DOCS_BASE + parent.uri.replace(/#.*$/, '');
  }
  return undefined;
}

export async function build() {
  const world = await StubWorld.create();
  const inventory = readInventory();
  const typeshedVersion = pyrightVersion();
  const modules = ['builtins', ...PYTHON_MODULES.filter((m) => m !== 'builtins'), ...PYTHON_MODULES.flatMap((m) => submodulesOf(world, m))];
  const observations = observe(world, modules);
  const versionAdded = new VersionAdded();
  const floor = gateFloor(world);
  // The oldest version the gates tell apart: the one just below the lowest gate (gates from 3.11 tell 3.10 apart).
  const oldest = PYTHON_VERSIONS[versionIndex(floor) - 1] ?? floor;
  const built = [...observations].map(([id, list]) => fold(id, list, inventory, typeshedVersion, { versionAdded, oldest }));
  // Members observed under a name that is an alias now (asyncio.TimeoutError, builtins.TimeoutError from 3.11) are
  // reached through the alias; copies from the versions when it was a class of its own would read as removed.
  const aliases = new Set(built.filter((e) => e.aliasOf).map((e) => e.id));
  const entries = built.filter((e) => !aliases.has(e.id.slice(0, e.id.lastIndexOf('.'))));
  const curated = JSON.parse(readFileSync(path.join(here, 'curated', 'python.json'), 'utf8'));
  const merged = mergeCurated(entries, curated.entries, 'python').map(orderEntry);
  merged.sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
  const covered = PYTHON_MODULES.filter((m) => m !== 'builtins');
  return {
    language: 'python',
    coverage: `Python ${PYTHON_VERSIONS[0]}-${PYTHON_VERSIONS.at(-1)} standard-library modules ${covered.join(', ')} and their public submodules (asyncio.subprocess, concurrent.futures.thread...): public module attributes and class members (inherited ones included), per typeshed as bundled in pyright ${typeshedVersion}, which describes Python up to ${PYTHON_VERSIONS.at(-1)} as far as typeshed has caught up with it; of builtins, ${[...BUILTIN_FUNCTIONS].join(', ')} and the exception classes with their members (unprefixed: ExceptionGroup, BaseException.add_note). Versions below ${oldest} are dated by the 3.11 documentation's "New in version" notes where it has them. Other modules and builtins are not covered.`,
    sources: [
      { id: 'typeshed', name: 'typeshed stdlib stubs (bundled in the pyright npm package)', version: `pyright ${typeshedVersion}`, license: 'Apache-2.0', url: 'https://github.com/python/typeshed' },
      { id: 'python-docs', name: 'Python documentation Sphinx inventory (Debian python3.11-doc objects.inv)', version: inventory.version, license: 'PSF-2.0', url: 'https://docs.python.org/3/' },
      { id: 'curated', name: 'async-expert-mcp curated facts (scripts/catalog/curated/python.json)', version: '1', license: 'project' },
    ],
    versions: { python: [...PYTHON_VERSIONS] },
    completeness: {
      module: { source: 'typeshed', rule: `every public name the module's stub binds for some platform at Python ${oldest} to ${PYTHON_VERSIONS.at(-1)} (re-exports and star imports followed)`, excludes: PRIVATE_NAMES, from: { python: oldest } },
      class: { source: 'typeshed', rule: `every public member of the class's stub and of its bases, for some platform at Python ${oldest} to ${PYTHON_VERSIONS.at(-1)}`, excludes: PRIVATE_NAMES, from: { python: oldest } },
    },
    entries: merged,
  };
}
