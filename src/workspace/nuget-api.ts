/**
 * Third-party .NET APIs checked against the NuGet package versions the project references: `PackageReference`
 * items of the nearest .csproj (versions from the item, else `Directory.Packages.props` central versions, else
 * obj/project.assets.json for ranges), read from the global packages folder (`NUGET_PACKAGES`, else
 * ~/.nuget/packages/<id lowercase>/<version>/). That folder lies outside the roots by nature: only
 * `<id>/<version>/{lib,ref}/<tfm>/` of a referenced package is read there, the TFM folder nearest the project's
 * TargetFramework.
 *
 * Facts come from the package's XML documentation files (member ids `T:Ns.Type`, `M:Ns.Type.Method(args)`, `P:`,
 * `F:`, `E:`). XML lists only documented members and no base types, so "does not exist" needs more: no other type of
 * the package documents that name (it could be inherited), no extension method of that name could apply, and the
 * name is absent from the package's assemblies altogether (every metadata name is stored as a NUL-terminated UTF-8
 * string in the #Strings heap; we scan the bytes for it, no metadata parser). A base type from another assembly
 * could still declare it, which the answer says. A package without XML docs answers cannot_verify.
 */
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { homedir } from 'node:os';
import { dirname, isAbsolute, join, relative } from 'node:path';
import { XMLParser } from 'fast-xml-parser';
import { loadCatalog } from '../catalog/index.js';
import type { EntryKind } from '../catalog/types.js';
import { DEFAULT_INSTALLED_LIMITS, nearNames, packageVerdict, SmallCache, type InstalledLimits, type PackageVerdict, type ReadStats } from './installed.js';

export interface NugetRef {
  id: string;
  version: string;
  /** Where the version came from: `App.csproj`, `Directory.Packages.props`, `obj/project.assets.json`. */
  from: string;
}

export interface NugetProject {
  csproj: string;
  targetFramework?: string;
  refs: NugetRef[];
}

function readSmall(path: string, limit = 2 * 1024 * 1024): string | undefined {
  try {
    const text = readFileSync(path, 'utf8');
    return text.length > limit ? undefined : text;
  } catch {
    return undefined;
  }
}

const xml = new XMLParser({ ignoreAttributes: false, attributeNamePrefix: '@', processEntities: false, isArray: (name) => ['ItemGroup', 'PropertyGroup', 'PackageReference', 'PackageVersion'].includes(name) });

type XmlItem = Record<string, unknown>;

function items(doc: unknown, kind: string): XmlItem[] {
  const project = (doc as { Project?: { ItemGroup?: XmlItem[] } }).Project;
  return (project?.ItemGroup ?? []).flatMap((g) => (g?.[kind] as XmlItem[] | undefined) ?? []);
}

function str(v: unknown): string | undefined {
  return typeof v === 'string' && v.trim() !== '' ? v.trim() : typeof v === 'number' ? String(v) : undefined;
}

/** The nearest .csproj at or above `from` (never above `stopAt`), its TargetFramework(s) and package references. */
export function readNugetProject(from: string, stopAt?: string): NugetProject | undefined {
  for (let d = from; ; d = dirname(d)) {
    let names: string[] = [];
    try {
      names = readdirSync(d).filter((n) => n.endsWith('.csproj')).sort();
    } catch {
      // unreadable: nothing here
    }
    if (names.length > 0) return parseCsproj(join(d, names[0]!), stopAt);
    if (d === stopAt || dirname(d) === d) return undefined;
  }
}

const projects = new SmallCache<{ stamp: string; project: NugetProject }>(32);

/** A project's references, read again when the .csproj, the central versions or the assets file change. */
function parseCsproj(csproj: string, stopAt?: string): NugetProject {
  const mtime = (f: string) => {
    try {
      return statSync(f).mtimeMs;
    } catch {
      return 0;
    }
  };
  const stamp = `${mtime(csproj)}:${mtime(join(dirname(csproj), 'obj', 'project.assets.json'))}:${stopAt ?? ''}:${process.env.NUGET_PACKAGES ?? ''}`;
  const hit = projects.get(csproj);
  if (hit && hit.stamp === stamp) return hit.project;
  const project = parseCsprojUncached(csproj, stopAt);
  projects.set(csproj, { stamp, project });
  return project;
}

function parseCsprojUncached(csproj: string, stopAt?: string): NugetProject {
  const out: NugetProject = { csproj, refs: [] };
  const text = readSmall(csproj);
  if (text === undefined) return out;
  let doc: unknown;
  try {
    doc = xml.parse(text);
  } catch {
    return out;
  }
  for (const g of ((doc as { Project?: { PropertyGroup?: XmlItem[] } }).Project?.PropertyGroup ?? [])) {
    const tf = str(g?.TargetFramework) ?? str(g?.TargetFrameworks)?.split(';')[0];
    if (tf && !out.targetFramework) out.targetFramework = tf;
  }
  const central = centralVersions(dirname(csproj), stopAt);
  const assets = assetsVersions(dirname(csproj));
  for (const r of items(doc, 'PackageReference')) {
    const id = str(r['@Include']) ?? str(r['@Update']);
    if (!id) continue;
    const own = str(r['@VersionOverride']) ?? str(r['@Version']) ?? str(r.Version) ?? str(r.VersionOverride);
    const exact = (v: string | undefined) => (v && /^\[?\d+(\.\d+){1,3}(-[0-9A-Za-z.-]+)?\]?$/.test(v) ? v.replace(/[[\]]/g, '') : undefined);
    const fromCentral = central?.versions.get(id.toLowerCase());
    const version = exact(own) ?? (own === undefined ? exact(fromCentral) : undefined) ?? assets?.get(id.toLowerCase());
    if (!version) continue;
    const from = exact(own) ? relative(dirname(csproj), csproj) : own === undefined && exact(fromCentral) ? relative(dirname(csproj), central!.file) || 'Directory.Packages.props' : 'obj/project.assets.json';
    out.refs.push({ id, version, from: from.split('\\').join('/') });
  }
  return out;
}

/** `Directory.Packages.props` at or above the project (never above `stopAt`): central PackageVersion items. */
function centralVersions(dir: string, stopAt?: string): { file: string; versions: Map<string, string> } | undefined {
  for (let d = dir; ; d = dirname(d)) {
    const file = join(d, 'Directory.Packages.props');
    const text = readSmall(file);
    if (text !== undefined) {
      const versions = new Map<string, string>();
      try {
        for (const p of items(xml.parse(text), 'PackageVersion')) {
          const id = str(p['@Include']);
          const v = str(p['@Version']) ?? str(p.Version);
          if (id && v) versions.set(id.toLowerCase(), v);
        }
      } catch {
        // a broken props file sets no versions
      }
      return { file, versions };
    }
    if (d === stopAt || dirname(d) === d) return undefined;
  }
}

/** The versions restore resolved (obj/project.assets.json `libraries`): exact even for floating references. */
function assetsVersions(dir: string): Map<string, string> | undefined {
  const text = readSmall(join(dir, 'obj', 'project.assets.json'), 32 * 1024 * 1024);
  if (text === undefined) return undefined;
  try {
    const libs = (JSON.parse(text) as { libraries?: Record<string, { type?: string }> }).libraries ?? {};
    const out = new Map<string, string>();
    for (const [key, lib] of Object.entries(libs)) {
      const [id, version] = key.split('/');
      if (id && version && lib?.type === 'package') out.set(id.toLowerCase(), version);
    }
    return out;
  } catch {
    return undefined;
  }
}

/** `NUGET_PACKAGES`, else ~/.nuget/packages. */
export function nugetPackagesFolder(): string {
  const env = process.env.NUGET_PACKAGES;
  return env && isAbsolute(env) ? env : join(homedir(), '.nuget', 'packages');
}

const SAFE_ID = /^[A-Za-z0-9_][A-Za-z0-9_.-]{0,127}$/;
const SAFE_VERSION = /^\d+(\.\d+){1,3}(-[0-9A-Za-z.-]+)?(\+[0-9A-Za-z.-]+)?$/;

/** NuGet's normalised folder version: lower case, at least three parts, a zero fourth part dropped. */
function versionFolders(version: string): string[] {
  const v = version.toLowerCase().replace(/\+.*$/, '');
  const [core, ...pre] = v.split('-');
  const parts = core!.split('.');
  while (parts.length < 3) parts.push('0');
  if (parts.length === 4 && parts[3] === '0') parts.pop();
  const normal = [parts.join('.'), ...pre].join('-');
  return [...new Set([v, normal])];
}

/** The TFM folders of a package (`net8.0`, `netstandard2.0`, `net462`) ordered nearest-first for the project's. */
export function nearestTfm(available: readonly string[], project: string | undefined): string | undefined {
  const parse = (t: string) => {
    const m = /^(net|netcoreapp|netstandard)(\d+)(?:\.(\d+))?/.exec(t.toLowerCase());
    if (!m) return undefined;
    const major = Number(m[2]);
    if (m[1] === 'net' && m[3] === undefined && major >= 20) return { family: 'netfx', v: Number(m[2]!.padEnd(3, '0')) }; // net462, net48 (480)
    if (m[1] === 'netstandard') return { family: 'netstandard', v: major * 10 + Number(m[3] ?? 0) };
    return { family: 'net', v: major * 10 + Number(m[3] ?? 0) };
  };
  const p = project ? parse(project) : undefined;
  const scored = available
    .map((t) => ({ t, f: parse(t) }))
    .filter((x): x is { t: string; f: { family: string; v: number } } => x.f !== undefined)
    .map(({ t, f }) => {
      // Same family at or below the project's version first (newest), then netstandard (newest), then the rest.
      let rank: number;
      if (!p) rank = f.family === 'net' ? 1000 + f.v : f.family === 'netstandard' ? 500 + f.v : f.v;
      else if (f.family === p.family && f.v <= p.v) rank = 2000 + f.v;
      else if (f.family === 'netstandard') rank = 1000 + f.v;
      else rank = -Math.abs(f.v - p.v);
      return { t, rank };
    })
    .sort((a, b) => b.rank - a.rank);
  return scored[0]?.t;
}

interface TypeFacts {
  /** Member name → kind. */
  members: Map<string, EntryKind>;
  file: string;
}

interface PackageIndex {
  id: string;
  version: string;
  dir: string;
  tfm?: string;
  xmlFiles: string[];
  dlls: string[];
  types: Map<string, TypeFacts>;
  /** Methods of `…Extensions` types by name: the type their first parameter names, or `*` for a generic one. */
  extensions: Map<string, Array<{ target: string; in: string }>>;
  /** Every documented member name → the types that document it. */
  names: Map<string, string[]>;
  namespaces: Set<string>;
  stats: ReadStats;
  /** The assemblies' bytes, read on the first absence check and kept (counted against maxBytes). */
  dllBytes?: Buffer[] | null;
  limits: InstalledLimits;
}

/** A project's packages are all loaded for each lookup: room for a large project's references. */
const cache = new SmallCache<PackageIndex | null>(96);

/** Assembly bytes kept across lookups, all packages together; beyond it they are read again per absence check. */
const MAX_RETAINED_DLL_BYTES = 64 * 1024 * 1024;
let retainedDllBytes = 0;

export function clearNugetCache(): void {
  cache.clear();
  projects.clear();
  retainedDllBytes = 0;
}

/** Strips generic arity and arguments: ``Foo`1`` → Foo, ``Bar``1`` → Bar, `Ns.T{System.Int32}` → Ns.T. */
function bare(name: string): string {
  return name.replace(/\{.*\}$/, '').replace(/``?\d+$/, '');
}

const KINDS: Record<string, EntryKind> = { M: 'method', P: 'property', F: 'constant', E: 'event', T: 'class' };

function loadPackage(ref: NugetRef, tfmWanted: string | undefined, limits: InstalledLimits): PackageIndex | undefined {
  if (!SAFE_ID.test(ref.id) || !SAFE_VERSION.test(ref.version) || ref.id.includes('..')) return undefined;
  const root = join(nugetPackagesFolder(), ref.id.toLowerCase());
  // Keyed by package and version (and what shapes the read), looked up before touching the disk.
  const key = `${root}\u0000${ref.version}\u0000${tfmWanted ?? ''}\u0000${limits.maxFiles}/${limits.maxBytes}`;
  const hit = cache.get(key);
  if (hit !== undefined) return hit ?? undefined;
  const dir = versionFolders(ref.version).map((v) => join(root, v)).find((d) => existsSync(d));
  if (!dir) return undefined; // not restored: asked again next time (a restore may have run since)
  const started = performance.now();
  const tfms = new Set<string>();
  for (const kind of ['ref', 'lib']) {
    try {
      for (const t of readdirSync(join(dir, kind))) tfms.add(t);
    } catch {
      // no such folder
    }
  }
  const tfm = nearestTfm([...tfms], tfmWanted);
  const index: PackageIndex = { id: ref.id, version: ref.version, dir, xmlFiles: [], dlls: [], types: new Map(), extensions: new Map(), names: new Map(), namespaces: new Set(), stats: { files: 0, bytes: 0, ms: 0 }, limits, ...(tfm ? { tfm } : {}) };
  if (tfm) {
    for (const kind of ['ref', 'lib']) {
      let files: string[] = [];
      try {
        files = readdirSync(join(dir, kind, tfm));
      } catch {
        continue;
      }
      for (const f of files) {
        const path = join(dir, kind, tfm, f);
        if (f.endsWith('.dll')) index.dlls.push(path);
        if (!f.endsWith('.xml')) continue;
        const size = statSync(path).size;
        if (index.stats.files + 1 > limits.maxFiles || index.stats.bytes + size > limits.maxBytes) {
          index.stats.truncated = `more than ${limits.maxBytes} bytes or ${limits.maxFiles} files (maxBytes/maxFiles)`;
          continue;
        }
        index.stats.files += 1;
        index.stats.bytes += size;
        index.xmlFiles.push(path);
        readDocIds(readFileSync(path, 'utf8'), path, index);
      }
    }
  }
  index.stats.ms = Math.round(performance.now() - started);
  cache.set(key, index);
  return index;
}

/** Reads `<member name="X:...">` ids of an XML doc file into the index. */
function readDocIds(text: string, file: string, index: PackageIndex): void {
  for (const m of text.matchAll(/<member\s+name="([TMPFE]):([^"(~]+)(\(([^"]*)\))?(~[^"]*)?"/g)) {
    const [, kind, id, , args] = m as unknown as [string, string, string, string | undefined, string | undefined];
    if (kind === 'T') {
      const t = bare(id).replace(/`\d+/g, '');
      if (!index.types.has(t)) index.types.set(t, { members: new Map(), file });
      index.namespaces.add(t.slice(0, t.lastIndexOf('.')));
      continue;
    }
    const dot = id.lastIndexOf('.');
    const owner = id.slice(0, dot).replace(/`\d+/g, '');
    const name = bare(id.slice(dot + 1));
    if (name.includes('#')) {
      // An explicit interface implementation: not callable by its name on the type; counts as a name the package has.
      const short = name.split('#').pop()!;
      index.names.set(short, [...(index.names.get(short) ?? []), owner]);
      continue;
    }
    if (name === '#ctor' || name === '#cctor') continue;
    let t = index.types.get(owner);
    if (!t) {
      t = { members: new Map(), file };
      index.types.set(owner, t);
    }
    t.members.set(name, KINDS[kind] ?? 'method');
    index.names.set(name, [...(index.names.get(name) ?? []), owner]);
    if (kind === 'M' && /Extensions$/.test(owner) && args) {
      const first = args.split(',')[0] ?? '';
      const target = /^``\d+/.test(first) ? '*' : bare(first.replace(/@$/, '')).replace(/`\d+/g, '');
      index.extensions.set(name, [...(index.extensions.get(name) ?? []), { target, in: owner }]);
    }
  }
}

let frameworkNames: Set<string> | undefined;

/**
 * Member names of the framework types the .NET catalog lists (`ReadAsync`, `Dispose`, `ToString`): a package type
 * deriving from one inherits them without naming them in its own docs or metadata.
 */
function frameworkMemberNames(): Set<string> {
  if (!frameworkNames) {
    frameworkNames = new Set();
    const r = loadCatalog('csharp');
    if (r.ok) for (const e of r.catalog.file.entries) if (e.kind !== 'class' && e.kind !== 'namespace' && e.kind !== 'struct' && e.kind !== 'interface') frameworkNames.add(e.id.replace(/\(.*$/, '').split('.').pop()!);
  }
  return frameworkNames;
}

/**
 * True when `name` is a NUL-terminated string in one of the package's assemblies (every metadata name is, in
 * #Strings); undefined when there are none or they exceed the byte bound.
 */
function inAssemblies(name: string, index: PackageIndex): boolean | undefined {
  let bytes = index.dllBytes ?? undefined;
  if (index.dllBytes === undefined) {
    const read: Buffer[] = [];
    let total = 0;
    for (const dll of index.dlls) {
      try {
        const b = readFileSync(dll);
        total += b.length;
        if (total > index.limits.maxBytes) {
          index.dllBytes = null; // larger than the bound: absence stays unproven, and is not read again
          return undefined;
        }
        read.push(b);
      } catch {
        index.dllBytes = null;
        return undefined;
      }
    }
    if (read.length === 0) {
      index.dllBytes = null;
      return undefined;
    }
    bytes = read;
    if (retainedDllBytes + total <= MAX_RETAINED_DLL_BYTES) {
      index.dllBytes = read;
      retainedDllBytes += total;
    }
  }
  if (!bytes) return undefined;
  const needle = Buffer.from(`\u0000${name}\u0000`, 'utf8');
  return bytes.some((b) => b.includes(needle));
}

export interface NugetLookup {
  symbol: string;
  from: string;
  stopAt?: string;
  limits?: InstalledLimits;
}

type Answer = PackageVerdict & { stats?: ReadStats };

/**
 * The verdict of the referenced package version for `Ns.Type.Member`, or undefined when no referenced package
 * documents a prefix of the symbol (then the .NET catalog answers).
 */
export function verifyNugetSymbol(q: NugetLookup): Answer | undefined {
  const tokens = q.symbol.trim().split('.');
  if (tokens.length < 2 || tokens.some((t) => !/^[A-Za-z_]\w*$/.test(t))) return undefined;
  const project = readNugetProject(q.from, q.stopAt);
  if (!project || project.refs.length === 0) return undefined;
  const limits = q.limits ?? DEFAULT_INSTALLED_LIMITS;
  const loaded = project.refs.map((ref) => ({ ref, index: loadPackage(ref, project.targetFramework, limits) }));
  const rel = (file: string) => {
    const base = q.stopAt ?? q.from;
    const r = relative(base, file);
    return !r.startsWith('..') && !isAbsolute(r) ? r.split('\\').join('/') : file;
  };
  // The longest prefix that is a documented type of a referenced package.
  for (let k = tokens.length; k >= 1; k--) {
    const typeId = tokens.slice(0, k).join('.');
    // Several packages may document the same type (polyfills, internal `System.SR`): a member of any of them counts.
    const owners = loaded.filter((l) => l.index?.types.has(typeId));
    const owner = owners.find((l) => l.index!.types.get(typeId)!.members.has(tokens[k] ?? '')) ?? owners[0];
    if (!owner?.index) continue;
    const index = owner.index;
    const pkg = { name: owner.ref.id, version: owner.ref.version };
    const facts = index.types.get(typeId)!;
    const answer = (fields: Parameters<typeof packageVerdict>[1], file = facts.file): Answer => ({
      ...packageVerdict({ language: 'csharp', symbol: q.symbol, pkg, source: 'nuget-xml', file: rel(file) }, fields),
      stats: { ...index.stats },
    });
    if (k === tokens.length) return answer({ status: 'verified', symbol: typeId, kind: 'class' });
    const member = tokens[k]!;
    const full = `${typeId}.${member}`;
    if (k < tokens.length - 1) return answer({ status: 'cannot_verify', reason: `Members of \`${full}\` are not followed (XML docs do not give member types).` });
    const kind = facts.members.get(member);
    if (kind) return answer({ status: 'verified', symbol: full, kind });
    const exts = loaded.flatMap((l) => (l.index?.extensions.get(member) ?? []).map((e) => ({ ...e, index: l.index! })));
    const direct = exts.find((e) => e.target === typeId);
    if (direct) return answer({ status: 'verified', symbol: full, kind: 'method', via: `extension method ${direct.in}.${member}` }, direct.index.types.get(direct.in)?.file ?? facts.file);
    const suggestions = nearNames(member, [...facts.members.keys(), ...[...index.extensions].filter(([, es]) => es.some((e) => e.target === typeId)).map(([n]) => n)]).map((n) => `${typeId}.${n}`);
    const sugg = suggestions.length ? { suggestions } : {};
    const generic = exts.find((e) => e.target === '*' || e.target !== typeId && !index.types.has(e.target));
    if (generic) return answer({ status: 'cannot_verify', reason: `\`${member}\` is not documented on \`${typeId}\` in ${pkg.name} ${pkg.version}, but the extension method ${generic.in}.${member} may apply to it (its first parameter is ${generic.target === '*' ? 'generic' : `\`${generic.target}\``}).`, ...sugg });
    const elsewhere = loaded.flatMap((l) => l.index?.names.get(member) ?? []).filter((t) => t !== typeId);
    if (elsewhere.length) return answer({ status: 'cannot_verify', reason: `\`${member}\` is not documented on \`${typeId}\` in ${pkg.name} ${pkg.version}, but ${elsewhere[0]} documents a \`${member}\`; XML docs list no base types, so \`${typeId}\` may inherit it.`, ...sugg });
    if (frameworkMemberNames().has(member)) return answer({ status: 'cannot_verify', reason: `\`${member}\` is not documented on \`${typeId}\` in ${pkg.name} ${pkg.version}, but framework types declare a \`${member}\`; XML docs list no base types, so \`${typeId}\` may inherit it.`, ...sugg });
    const inDlls = owners.map((o) => inAssemblies(member, o.index!));
    const inDll = inDlls.includes(true) ? true : inDlls.includes(undefined) ? undefined : false;
    if (inDll !== false) {
      return answer({ status: 'cannot_verify', reason: inDll ? `\`${member}\` is not documented on \`${typeId}\` in ${pkg.name} ${pkg.version}, but the name is in the package's assembly metadata (an undocumented member, or a reference to another assembly).` : `\`${member}\` is not documented on \`${typeId}\` in ${pkg.name} ${pkg.version}, and the package's assemblies could not be read (none, or more than ${index.limits.maxBytes} bytes) to confirm absence.`, ...sugg });
    }
    return answer({
      status: 'not_found',
      reason: `\`${typeId}\` in ${pkg.name} ${pkg.version} (as restored, ${index.tfm}) has no \`${member}\`: no documented member or extension method has that name, and no metadata name of its assemblies is \`${member}\`. Only a base type from another assembly could still declare it.`,
      ...sugg,
    });
  }
  // No documented type: a namespace of a referenced package, a package without XML docs, or not restored.
  const ns = tokens.slice(0, -1).join('.');
  const inNs = loaded.find((l) => l.index?.namespaces.has(ns));
  if (inNs?.index) {
    const near = nearNames(tokens.at(-1)!, [...inNs.index.types.keys()].filter((t) => t.startsWith(`${ns}.`) && !t.slice(ns.length + 1).includes('.')).map((t) => t.slice(ns.length + 1))).map((n) => `${ns}.${n}`);
    return {
      ...packageVerdict({ language: 'csharp', symbol: q.symbol, pkg: { name: inNs.ref.id, version: inNs.ref.version }, source: 'nuget-xml', file: rel(inNs.index.xmlFiles[0] ?? inNs.index.dir) }, {
        status: 'cannot_verify',
        reason: `${inNs.ref.id} ${inNs.ref.version} documents no type \`${q.symbol}\`${tokens.length > 2 ? ' (nor the type of a prefix)' : ''}; another assembly may declare types in namespace \`${ns}\`, so its absence is not proven.`,
        ...(near.length ? { suggestions: near } : {}),
      }),
    };
  }
  const head = tokens[0]!.toLowerCase();
  // A package whose id the symbol starts with (`Polly.Core` for `Polly.Core.X`), or whose first segment it shares, except
  // the framework's own `System` / `Microsoft` (those symbols belong to the catalog).
  const named = loaded.find((l) => q.symbol.toLowerCase().startsWith(`${l.ref.id.toLowerCase()}.`) || (l.ref.id.toLowerCase().split('.')[0] === head && head !== 'system' && head !== 'microsoft'));
  if (!named) return undefined;
  const pkg = { name: named.ref.id, version: named.ref.version };
  if (!named.index) {
    return { status: 'cannot_verify', symbol: q.symbol, language: 'csharp', package: pkg, reason: `${pkg.name} ${pkg.version} (referenced in ${named.ref.from}) is not in the NuGet packages folder (${nugetPackagesFolder()}): run \`dotnet restore\`, then ask again.` };
  }
  if (named.index.xmlFiles.length === 0) {
    return { status: 'cannot_verify', symbol: q.symbol, language: 'csharp', package: pkg, reason: `${pkg.name} ${pkg.version} ships no XML documentation${named.index.tfm ? ` for ${named.index.tfm}` : ''}, and its assemblies' metadata is not read: nothing to check against.` };
  }
  return undefined;
}
