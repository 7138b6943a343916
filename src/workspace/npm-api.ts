/**
 * Third-party npm APIs checked against the installed version: the package's own declarations (or its @types/*) in
 * the project's node_modules, resolved the way TypeScript resolves an import (`exports`, `types`, `typesVersions`,
 * then @types), and read with ts-morph's checker. Nothing is run or imported. "Does not exist" is answered only when
 * the declarations were read whole and the container is closed (no index signature, no `any`, every base and
 * re-export resolved); otherwise `cannot_verify`.
 */
import { existsSync, readFileSync, realpathSync, statSync } from 'node:fs';
import { builtinModules } from 'node:module';
import { dirname, isAbsolute, join, relative } from 'node:path';
import { Project, ts } from 'ts-morph';
import type { EntryKind } from '../catalog/types.js';
import {
  DEFAULT_INSTALLED_LIMITS,
  nearNames,
  packageVerdict,
  SmallCache,
  type InstalledLimits,
  type PackageVerdict,
  type ReadStats,
  type VerdictParts,
} from './installed.js';
import { MODULE, runtimeIndex } from './npm-runtime.js';

const NPM_NAME = /^(@[a-z0-9][a-z0-9._-]*\/)?[a-z0-9][a-z0-9._-]*$/;
const BUILTINS = new Set(builtinModules.flatMap((m) => [m, `node:${m}`]));

export interface NpmPackage {
  name: string;
  version: string;
  /** The folder holding its package.json. */
  dir: string;
}

/** The package folder a bare specifier names, looked up like Node does (node_modules at `from` and above, up to `stopAt`). */
export function findNpmPackage(name: string, from: string, stopAt?: string): NpmPackage | undefined {
  for (let d = from; ; d = dirname(d)) {
    const dir = join(d, 'node_modules', name);
    const manifest = join(dir, 'package.json');
    if (existsSync(manifest)) {
      try {
        const version = (JSON.parse(readFileSync(manifest, 'utf8')) as { version?: unknown }).version;
        return { name, version: typeof version === 'string' ? version : 'unknown', dir };
      } catch {
        return { name, version: 'unknown', dir };
      }
    }
    if (d === stopAt || dirname(d) === d) return undefined;
  }
}

/** True when the nearest package.json at or above `from` declares `name` in any dependency field. */
function declaredDependency(name: string, from: string, stopAt?: string): string | undefined {
  for (let d = from; ; d = dirname(d)) {
    const manifest = join(d, 'package.json');
    if (existsSync(manifest)) {
      try {
        const pkg = JSON.parse(readFileSync(manifest, 'utf8')) as Record<string, unknown>;
        for (const field of ['dependencies', 'devDependencies', 'peerDependencies', 'optionalDependencies']) {
          const deps = pkg[field];
          if (deps && typeof deps === 'object' && name in deps) return manifest;
        }
      } catch {
        // a broken package.json declares nothing
      }
      return undefined;
    }
    if (d === stopAt || dirname(d) === d) return undefined;
  }
}

/** `@scope/pkg/sub` -> `@scope/pkg`; `pkg/sub` -> `pkg`. */
export function packageNameOf(specifier: string): string {
  const parts = specifier.split('/');
  return specifier.startsWith('@') ? parts.slice(0, 2).join('/') : parts[0]!;
}

/**
 * Splits `socket.io.Server.prototype.close` or `@scope/pkg.helper` into the module specifier and the member path,
 * taking the longest dotted prefix that names an installed (or declared) package. Undefined when none does.
 */
export function splitNpmSymbol(symbol: string, from: string, stopAt?: string): { specifier: string; members: string[]; pkg?: NpmPackage; declaredIn?: string } | undefined {
  const tokens = symbol.trim().split('.');
  for (let k = tokens.length; k >= 1; k--) {
    const specifier = tokens.slice(0, k).join('.');
    const name = packageNameOf(specifier);
    // npm names are lower case: `Promise.withResolvers` must never find a `promise` package on a case-insensitive disk.
    if (BUILTINS.has(name) || BUILTINS.has(specifier) || !NPM_NAME.test(name)) continue;
    const pkg = findNpmPackage(name, from, stopAt);
    if (pkg) return { specifier, members: tokens.slice(k), pkg };
  }
  for (let k = tokens.length; k >= 1; k--) {
    const specifier = tokens.slice(0, k).join('.');
    const name = packageNameOf(specifier);
    if (BUILTINS.has(name) || !NPM_NAME.test(name)) continue;
    const declaredIn = declaredDependency(name, from, stopAt);
    if (declaredIn) return { specifier, members: tokens.slice(k), declaredIn };
  }
  return undefined;
}

const OPTIONS: ts.CompilerOptions = {
  target: ts.ScriptTarget.ES2022,
  module: ts.ModuleKind.ESNext,
  moduleResolution: ts.ModuleResolutionKind.Bundler,
  lib: ['lib.es2023.d.ts'],
  types: [],
  strict: true,
  skipLibCheck: true,
  noEmit: true,
  allowJs: false,
};

interface LoadedModule {
  checker: ts.TypeChecker;
  /** The module's symbol; undefined when TypeScript found no declarations for it. */
  module?: ts.Symbol;
  entryFile?: string;
  stats: ReadStats;
}

const cache = new SmallCache<LoadedModule>(6);

export function clearNpmCache(): void {
  cache.clear();
}

/** Builds a checker over `import * as m from "<specifier>"` from the project folder, counting what it reads. */
function loadModule(specifier: string, from: string, stopAt: string | undefined, pkg: NpmPackage, limits: InstalledLimits): LoadedModule {
  const key = `${pkg.dir}\u0000${pkg.version}\u0000${specifier}\u0000${from}\u0000${limits.maxFiles}/${limits.maxBytes}`;
  const hit = cache.get(key);
  if (hit) return hit;
  const started = performance.now();
  const stats: ReadStats = { files: 0, bytes: 0, ms: 0 };
  const seen = new Set<string>();
  const admit = (file: string | undefined): boolean => {
    if (file === undefined || seen.has(file)) return file !== undefined;
    let size = 0;
    try {
      size = statSync(file).size;
      // Confinement: a declaration reached through a symlink or a hoisted node_modules outside the root is not read.
      const rel = stopAt === undefined ? '' : relative(stopAt, realpathSync(file));
      if (rel.startsWith('..') || isAbsolute(rel)) {
        stats.truncated ??= `declarations outside the root (${file})`;
        return false;
      }
    } catch {
      return false;
    }
    if (stats.files + 1 > limits.maxFiles) stats.truncated = `more than ${limits.maxFiles} declaration files (maxFiles)`;
    else if (stats.bytes + size > limits.maxBytes) stats.truncated = `more than ${limits.maxBytes} bytes of declarations (maxBytes)`;
    if (stats.truncated) return false;
    seen.add(file);
    stats.files += 1;
    stats.bytes += size;
    return true;
  };
  // typeRoots named explicitly: TypeScript's default starts from the process's working directory, which would let
  // this server's own @types/node stand in for the project's.
  const typeRoots: string[] = [];
  for (let d = from; ; d = dirname(d)) {
    if (existsSync(join(d, 'node_modules', '@types'))) typeRoots.push(join(d, 'node_modules', '@types'));
    if (d === stopAt || dirname(d) === d) break;
  }
  const project = new Project({
    compilerOptions: { ...OPTIONS, typeRoots },
    skipAddingFilesFromTsConfig: true,
    // Every module and type reference goes through here, so the budget holds before a file is read.
    resolutionHost: (host, getOptions) => ({
      resolveModuleNames: (names, containingFile) =>
        names.map((n) => {
          const r = ts.resolveModuleName(n, containingFile, getOptions(), host).resolvedModule;
          return r && admit(r.resolvedFileName) ? r : undefined;
        }),
      resolveTypeReferenceDirectives: (names, containingFile, redirected, options) =>
        names.map((n) => {
          const name = typeof n === 'string' ? n : n.fileName;
          const r = ts.resolveTypeReferenceDirective(name, containingFile, options, host, redirected).resolvedTypeReferenceDirective;
          return r?.resolvedFileName && admit(r.resolvedFileName) ? r : undefined;
        }),
    }),
  });
  const probePath = join(from, `__async_expert_probe_${process.pid}__.ts`);
  const probe = project.createSourceFile(probePath, `import * as m from ${JSON.stringify(specifier)};\nexport { m };\n`, { overwrite: true });
  project.resolveSourceFileDependencies();
  const program = project.getProgram().compilerObject;
  const checker = program.getTypeChecker();
  const sf = program.getSourceFile(probe.getFilePath())!;
  const spec = (sf.statements[0] as ts.ImportDeclaration).moduleSpecifier;
  const module = checker.getSymbolAtLocation(spec);
  const entryFile = module?.declarations?.[0]?.getSourceFile().fileName;
  stats.ms = Math.round(performance.now() - started);
  const loaded: LoadedModule = { checker, stats, ...(module ? { module } : {}), ...(entryFile ? { entryFile } : {}) };
  cache.set(key, loaded);
  return loaded;
}

function kindOf(sym: ts.Symbol): EntryKind {
  const f = sym.flags;
  if (f & ts.SymbolFlags.Class) return 'class';
  if (f & ts.SymbolFlags.Interface) return 'interface';
  if (f & ts.SymbolFlags.Enum) return 'enum';
  if (f & ts.SymbolFlags.Function) return 'function';
  if (f & ts.SymbolFlags.Method) return 'method';
  if (f & (ts.SymbolFlags.ValueModule | ts.SymbolFlags.NamespaceModule)) return 'namespace';
  if (f & ts.SymbolFlags.TypeAlias) return 'type';
  if (f & ts.SymbolFlags.Property) return 'property';
  return 'constant';
}

/** Why a type could hold members its declarations do not list, or undefined when it is closed. */
function openness(checker: ts.TypeChecker, type: ts.Type): string | undefined {
  if (type.flags & (ts.TypeFlags.Any | ts.TypeFlags.Unknown)) return `its type is \`${checker.typeToString(type)}\``;
  if (type.flags & (ts.TypeFlags.TypeParameter | ts.TypeFlags.Index | ts.TypeFlags.IndexedAccess | ts.TypeFlags.Conditional | ts.TypeFlags.Substitution)) return 'its type is generic';
  if (type.isUnionOrIntersection()) {
    for (const t of type.types) {
      const why = openness(checker, t);
      if (why) return why;
    }
    if (type.isUnion()) return 'its type is a union';
  }
  if (checker.getIndexInfosOfType(type).length > 0) return 'its type has an index signature';
  const sym = type.getSymbol();
  for (const decl of sym?.declarations ?? []) {
    if (!ts.isClassLike(decl) && !ts.isInterfaceDeclaration(decl)) continue;
    for (const clause of decl.heritageClauses ?? []) {
      for (const t of clause.types) {
        const base = checker.getTypeAtLocation(t.expression);
        if (base.flags & ts.TypeFlags.Any) return `its base \`${t.expression.getText()}\` could not be resolved`;
        const baseInstance = checker.getTypeAtLocation(t);
        const why = baseInstance === type ? undefined : openness(checker, baseInstance);
        if (why) return `its base \`${t.expression.getText()}\`: ${why}`;
      }
    }
  }
  return undefined;
}

/** Why a module could export names its declarations do not list (an unresolved `export *`, `export =` any). */
function moduleOpenness(checker: ts.TypeChecker, module: ts.Symbol): string | undefined {
  for (const decl of module.declarations ?? []) {
    if (ts.isModuleDeclaration(decl) && decl.body === undefined) return 'it is declared as `declare module` without a body';
    const sf = decl.getSourceFile();
    const body = ts.isModuleDeclaration(decl) ? decl.body : undefined;
    const statements = ts.isSourceFile(decl) ? decl.statements : body && ts.isModuleBlock(body) ? body.statements : [];
    for (const st of statements) {
      if (ts.isExportDeclaration(st) && st.exportClause === undefined && st.moduleSpecifier) {
        const target = checker.getSymbolAtLocation(st.moduleSpecifier);
        if (!target) return `its \`export * from ${st.moduleSpecifier.getText(sf)}\` could not be resolved`;
        const why = target === module ? undefined : moduleOpenness(checker, target);
        if (why) return why;
      }
    }
  }
  const exportEquals = module.exports?.get(ts.InternalSymbolName.ExportEquals);
  if (exportEquals) {
    const t = checker.getTypeOfSymbol(checker.getAliasedSymbol(exportEquals));
    if (t.flags & (ts.TypeFlags.Any | ts.TypeFlags.Unknown)) return 'its `export =` is `any`';
  }
  return undefined;
}

const INHERITED_FROM_OBJECT = new Set(['toString', 'toLocaleString', 'valueOf', 'hasOwnProperty', 'isPrototypeOf', 'propertyIsEnumerable', 'constructor']);

const resolveAlias = (checker: ts.TypeChecker, s: ts.Symbol): ts.Symbol => (s.flags & ts.SymbolFlags.Alias ? checker.getAliasedSymbol(s) : s);

interface Container {
  /** The names one more segment may take, each to its symbol. */
  members: Map<string, ts.Symbol>;
  /** Why absence proves nothing here, or undefined when the container is closed. */
  open?: string;
  /** The instance side of a class, reached by `.prototype`. */
  instance?: ts.Type;
  /** Names the package's JavaScript may use for this container: MODULE, the class or function and its bases. */
  owners: string[];
}

/** The declared names of a class or interface type and of its bases, nearest first. */
function chainNames(checker: ts.TypeChecker, type: ts.Type, out: Set<string> = new Set()): Set<string> {
  if (type.isIntersection()) {
    for (const t of type.types) chainNames(checker, t, out);
    return out;
  }
  const sym = type.getSymbol();
  // The declared name, not the symbol's: an `export default class Commander` symbol is called "default".
  const decl = sym?.declarations?.find((d) => (ts.isClassLike(d) || ts.isInterfaceDeclaration(d)) && d.name !== undefined) as ts.ClassLikeDeclaration | ts.InterfaceDeclaration | undefined;
  const name = decl?.name?.text ?? sym?.getName();
  if (!sym || name === undefined || out.has(name)) return out;
  out.add(name);
  if (type.isClassOrInterface()) for (const b of checker.getBaseTypes(type)) chainNames(checker, b, out);
  return out;
}

function addProperties(checker: ts.TypeChecker, type: ts.Type, into: Map<string, ts.Symbol>): void {
  for (const p of checker.getPropertiesOfType(type)) if (!into.has(p.getName())) into.set(p.getName(), p);
}

/** What one more segment may name under a module: its exports, and for `export =` the members of the value. */
function moduleContainer(checker: ts.TypeChecker, module: ts.Symbol): Container {
  const members = new Map<string, ts.Symbol>();
  const owners = new Set([MODULE]);
  for (const e of checker.getExportsOfModule(module)) members.set(e.getName(), e);
  const exportEquals = module.exports?.get(ts.InternalSymbolName.ExportEquals);
  if (exportEquals) {
    const target = resolveAlias(checker, exportEquals);
    addProperties(checker, checker.getTypeOfSymbol(target), members);
    owners.add(target.getName());
    if (target.flags & ts.SymbolFlags.Class) chainNames(checker, checker.getDeclaredTypeOfSymbol(target), owners);
  }
  const open = moduleOpenness(checker, module);
  return { members, owners: [...owners], ...(open ? { open } : {}) };
}

/** What one more segment may name under a symbol: namespace exports, static (value) members, or a type's members. */
function symbolContainer(checker: ts.TypeChecker, sym: ts.Symbol): Container {
  const members = new Map<string, ts.Symbol>();
  let open: string | undefined;
  const f = sym.flags;
  if (f & (ts.SymbolFlags.ValueModule | ts.SymbolFlags.NamespaceModule | ts.SymbolFlags.Enum)) {
    for (const e of checker.getExportsOfModule(sym)) members.set(e.getName(), e);
  }
  if (f & ts.SymbolFlags.Value) {
    const t = checker.getTypeOfSymbol(sym);
    addProperties(checker, checker.getApparentType(t), members);
    if (!(f & ts.SymbolFlags.Class)) open = openness(checker, t);
  } else if (f & (ts.SymbolFlags.Interface | ts.SymbolFlags.TypeAlias)) {
    const t = checker.getDeclaredTypeOfSymbol(sym);
    addProperties(checker, t, members);
    open = openness(checker, t);
  }
  const instance = f & ts.SymbolFlags.Class ? checker.getDeclaredTypeOfSymbol(sym) : undefined;
  // Statics are inherited too (`class B extends A`: B.x reaches A.x), so the bases own B's static side as well.
  const owners = instance ? [...chainNames(checker, instance)] : [sym.getName()];
  return { members, owners, ...(open ? { open } : {}), ...(instance ? { instance } : {}) };
}

function instanceContainer(checker: ts.TypeChecker, type: ts.Type): Container {
  const members = new Map<string, ts.Symbol>();
  addProperties(checker, type, members);
  const open = openness(checker, type);
  return { members, owners: [...chainNames(checker, type)], ...(open ? { open } : {}) };
}

/**
 * Why the package's JavaScript leaves room for `segment` on a container its declarations close, or undefined when
 * the JavaScript is as silent as the declarations: it names the member somewhere, or adds members to the container
 * (or a base) under computed names, or a bound cut the read short.
 */
function runtimeOpenness(pkg: NpmPackage, segment: string, container: Container, path: string): string | undefined {
  if (segment === 'default' && container.owners.includes(MODULE)) {
    // Node and bundlers hand a CommonJS module's module.exports to a default import whatever its types declare.
    return 'a default import reaches module.exports of a CommonJS module whatever its declarations say';
  }
  const index = runtimeIndex(pkg.dir, pkg.version);
  if (index.files === 0 && !index.truncated) return undefined; // a types-only package: its declarations are all there is
  if (index.truncated) return `reading ${pkg.name}'s JavaScript stopped at ${index.truncated}`;
  const named = index.names.get(segment);
  if (named) return `${pkg.name}'s own JavaScript names a member \`${segment}\` (${named}), which its declarations may leave out`;
  const write = index.computed.find((w) => container.owners.includes(w.owner));
  if (write) {
    const on = write.owner === MODULE ? 'the module\'s exports' : `\`${write.owner}\` (\`${path}\` or one of its bases)`;
    return `${pkg.name}'s JavaScript adds members to ${on} under names computed at run time (${write.place}: \`${write.text}\`), which no declaration can list`;
  }
  return undefined;
}

function signaturesOf(checker: ts.TypeChecker, sym: ts.Symbol): string[] | undefined {
  const decl = sym.valueDeclaration ?? sym.declarations?.[0];
  if (!decl) return undefined;
  const sigs = checker.getTypeOfSymbolAtLocation(sym, decl).getCallSignatures();
  const out = sigs.slice(0, 3).map((s) => checker.signatureToString(s).slice(0, 300));
  return out.length > 0 ? out : undefined;
}

export interface NpmLookup {
  language: 'javascript' | 'node';
  symbol: string;
  /** The folder the project's imports resolve from (a file's folder or the project's). */
  from: string;
  /** Never look above this folder (a root). */
  stopAt?: string;
  limits?: InstalledLimits;
}

/**
 * The verdict of the installed version for a symbol whose first segment names an npm dependency of the project, or
 * undefined when it names none (then the standard catalog answers).
 */
export function verifyNpmSymbol(q: NpmLookup): (PackageVerdict & { stats?: ReadStats }) | undefined {
  const split = splitNpmSymbol(q.symbol, q.from, q.stopAt);
  if (!split) return undefined;
  const name = packageNameOf(split.specifier);
  if (!split.pkg) {
    return {
      status: 'cannot_verify',
      symbol: q.symbol,
      language: q.language,
      package: { name, version: 'not installed' },
      reason: `\`${name}\` is declared in ${relative(q.from, split.declaredIn!) || 'package.json'} but not installed: run \`npm install\` in the project, then ask again.`,
    };
  }
  const pkg = split.pkg;
  const rel = (file: string) => relative(q.stopAt ?? q.from, file).split('\\').join('/');
  const loaded = loadModule(split.specifier, q.from, q.stopAt, pkg, q.limits ?? DEFAULT_INSTALLED_LIMITS);
  const parts: VerdictParts = { language: q.language, symbol: q.symbol, pkg: { name: pkg.name, version: pkg.version }, source: 'npm-types', ...(loaded.entryFile ? { file: rel(loaded.entryFile) } : {}) };
  const withStats = (v: PackageVerdict) => ({ ...v, stats: loaded.stats });
  if (!loaded.module) {
    const typesName = `@types/${name.startsWith('@') ? name.slice(1).replace('/', '__') : name}`;
    return withStats(packageVerdict(parts, {
      status: 'cannot_verify',
      reason: loaded.stats.truncated
        ? `Reading the declarations of ${pkg.name}@${pkg.version} stopped at ${loaded.stats.truncated}.`
        : `${pkg.name}@${pkg.version} is installed but ships no type declarations for \`${split.specifier}\`${split.specifier === name ? ` and ${typesName} is not installed: install it (npm i -D ${typesName}) to check its API` : ' (is the subpath exported?)'}.`,
    }));
  }
  const { checker } = loaded;
  let container = moduleContainer(checker, loaded.module);
  let current: ts.Symbol = loaded.module;
  let path = split.specifier;
  let containerFile = loaded.entryFile;
  for (const [i, segment] of split.members.entries()) {
    if (segment === 'prototype' && container.instance) {
      container = instanceContainer(checker, container.instance);
      path += '.prototype';
      continue;
    }
    const next = container.members.get(segment);
    if (!next && INHERITED_FROM_OBJECT.has(segment)) {
      // Every object has these (Object.prototype), though a declared type rarely lists them.
      return withStats(packageVerdict(parts, { status: 'verified', symbol: `${path}.${segment}`, kind: 'method', notes: ['inherited from Object.prototype'] }));
    }
    if (!next) {
      if (containerFile) parts.file = rel(containerFile);
      // A cut-short read explains any other openness it causes, so it is named first.
      const open = loaded.stats.truncated ? `reading stopped at ${loaded.stats.truncated}` : container.open ?? runtimeOpenness(pkg, segment, container, path);
      const suggestions = nearNames(segment, [...container.members.keys()].filter((n) => !n.startsWith('__'))).map((n) => `${path}.${n}`);
      if (open) {
        return withStats(packageVerdict(parts, {
          status: 'cannot_verify',
          reason: `\`${segment}\` is not declared on \`${path}\` in ${pkg.name}@${pkg.version}, but absence proves nothing there: ${open}.`,
          ...(suggestions.length ? { suggestions } : {}),
        }));
      }
      return withStats(packageVerdict(parts, {
        status: 'not_found',
        reason: `The declarations of ${pkg.name}@${pkg.version} (as installed) give \`${path}\` no member \`${segment}\`${i < split.members.length - 1 ? ` (asked for \`${split.members.slice(i).join('.')}\`)` : ''}; TypeScript rejects it, and the package's own JavaScript neither names it nor adds members there under computed names.`,
        ...(suggestions.length ? { suggestions } : {}),
      }));
    }
    current = resolveAlias(checker, next);
    containerFile = current.declarations?.[0]?.getSourceFile().fileName ?? containerFile;
    path += `.${segment}`;
    container = symbolContainer(checker, current);
  }
  const declFile = current.declarations?.[0]?.getSourceFile().fileName;
  const found: VerdictParts = declFile ? { ...parts, file: rel(declFile) } : parts;
  const signature = current === loaded.module ? undefined : signaturesOf(checker, current);
  const deprecated = current.declarations?.some((d) => ts.getJSDocTags(d).some((t) => t.tagName.text === 'deprecated'));
  return withStats(packageVerdict(found, {
    status: 'verified',
    symbol: path,
    kind: current === loaded.module ? 'module' : kindOf(current),
    ...(signature ? { signature } : {}),
    ...(deprecated ? { deprecated: { message: `marked @deprecated in ${pkg.name}@${pkg.version}` } } : {}),
  }));
}

const owners = new Map<string, string | undefined>();

/**
 * The installed package a declaration file belongs to (`.../node_modules/@scope/pkg/dist/x.d.ts` -> `@scope/pkg`
 * and its package.json version), with the file from `node_modules/` on; undefined outside node_modules.
 */
export function packageOfFile(fileName: string): { name: string; version: string; file: string } | undefined {
  const at = fileName.lastIndexOf('/node_modules/');
  if (at < 0) return undefined;
  const rest = fileName.slice(at + '/node_modules/'.length).split('/');
  const name = rest[0]?.startsWith('@') ? rest.slice(0, 2).join('/') : rest[0];
  if (!name) return undefined;
  const manifest = `${fileName.slice(0, at)}/node_modules/${name}/package.json`;
  if (!owners.has(manifest)) {
    let version: string | undefined;
    try {
      const v = (JSON.parse(readFileSync(manifest, 'utf8')) as { version?: unknown }).version;
      version = typeof v === 'string' ? v : undefined;
    } catch {
      version = undefined;
    }
    owners.set(manifest, version);
  }
  const version = owners.get(manifest);
  return version === undefined ? undefined : { name, version, file: `node_modules/${rest.join('/')}` };
}
