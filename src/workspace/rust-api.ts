/**
 * Third-party Rust APIs checked against the crate versions the project locks: `Cargo.lock` names each crate's
 * version; its source is read from the project's `vendor/` folder (inside the root) or from the cargo registry's
 * source folder (`$CARGO_HOME/registry/src/<index>/<name>-<version>/`, CARGO_HOME defaulting to ~/.cargo), parsed
 * with tree-sitter, never compiled. The registry lies outside the roots by nature: only a folder named exactly by a
 * lock entry's name and version is read there, and no file whose real path leaves that folder.
 *
 * What a crate exposes is read from its public items: `pub` fns, structs, enums (variants), unions, traits (their
 * methods), type aliases, consts, statics, `pub mod` (inline or `mod x;` files), `#[macro_export]` macros, `pub use`
 * re-exports (followed within the crate, and into a locked dependency), and methods of `impl` blocks anywhere in the
 * crate. "Does not exist" needs the whole crate read and nothing that could add the name unseen: an item-level macro
 * invocation (other than a pass-through `$($item:item)*` macro of the crate, whose items are read), a derive or an
 * attribute macro not from std, an unfollowed glob or re-export, a trait from another crate with provided methods.
 */
import { existsSync, readdirSync, readFileSync, realpathSync, statSync } from 'node:fs';
import { homedir } from 'node:os';
import { basename, dirname, isAbsolute, join, relative, resolve } from 'node:path';
import type { Node } from 'web-tree-sitter';
import { parse as parseToml } from 'smol-toml';
import type { EntryKind } from '../catalog/types.js';
import {
  DEFAULT_INSTALLED_LIMITS,
  nearNames,
  packageVerdict,
  SmallCache,
  type InstalledLimits,
  type PackageVerdict,
  type ReadStats,
} from './installed.js';
import { parseWith } from './parser.js';

const WASM = 'tree-sitter-rust/tree-sitter-rust.wasm';

/** Path heads that name no dependency: the language's own crates and relative paths. */
const NOT_DEPENDENCIES = new Set(['std', 'core', 'alloc', 'proc_macro', 'test', 'crate', 'self', 'super', 'Self']);

/** Attributes that add no item and no member. Anything else on an item may be a macro that does. */
const INERT_ATTRIBUTES = /^(cfg|cfg_attr|doc|inline|must_use|deprecated|allow|warn|deny|forbid|expect|non_exhaustive|repr|track_caller|cold|rustfmt::skip|rustfmt::\w+|clippy::\w+|automatically_derived|no_mangle|export_name|link_section|macro_export|macro_use|path|test|ignore|should_panic|async_trait::async_trait|async_trait|diagnostic::\w+|rustc_\w+|stable|unstable|const_trait|target_feature|instrument|tracing::instrument)$/;

/** Item-level macros of std that generate no item. */
const NO_ITEM_MACROS = new Set(['compile_error', 'assert', 'debug_assert', 'const_assert']);

/** Derives from std: they implement a std trait, whose methods the reviewer never judges (STD_TRAIT_METHODS). */
const STD_DERIVES = new Set(['Debug', 'Clone', 'Copy', 'Default', 'PartialEq', 'Eq', 'PartialOrd', 'Ord', 'Hash']);

/**
 * Std traits whose methods are all known (required and provided, from the std docs; hand-curated): implementing one
 * adds exactly these names. Any other trait from outside the crate may bring provided methods we do not read.
 */
const STD_TRAIT_MEMBERS: Record<string, readonly string[]> = {
  Debug: ['fmt'], Display: ['fmt'], Clone: ['clone', 'clone_from'], Copy: [], Default: ['default'], Drop: ['drop'],
  From: ['from'], Into: ['into'], TryFrom: ['try_from', 'Error'], TryInto: ['try_into', 'Error'], AsRef: ['as_ref'],
  AsMut: ['as_mut'], Borrow: ['borrow'], BorrowMut: ['borrow_mut'], Hash: ['hash', 'hash_slice'], PartialEq: ['eq', 'ne'],
  Eq: [], PartialOrd: ['partial_cmp', 'lt', 'le', 'gt', 'ge'], Ord: ['cmp', 'max', 'min', 'clamp'], Send: [], Sync: [],
  Unpin: [], Future: ['poll', 'Output'], Index: ['index', 'Output'], IndexMut: ['index_mut'],
  Extend: ['extend', 'extend_one', 'extend_reserve'], Add: ['add', 'Output'], Sub: ['sub', 'Output'], Mul: ['mul', 'Output'],
  Div: ['div', 'Output'], Rem: ['rem', 'Output'], Neg: ['neg', 'Output'], Not: ['not', 'Output'], BitAnd: ['bitand', 'Output'],
  BitOr: ['bitor', 'Output'], BitXor: ['bitxor', 'Output'], AddAssign: ['add_assign'], SubAssign: ['sub_assign'],
  BitOrAssign: ['bitor_assign'], BitAndAssign: ['bitand_assign'], FromStr: ['from_str', 'Err'], Error: ['source', 'description', 'cause', 'provide'],
  FromIterator: ['from_iter'], IntoIterator: ['into_iter', 'Item', 'IntoIter'], UnwindSafe: [], RefUnwindSafe: [],
};

export interface LockedCrate {
  name: string;
  version: string;
  /** Dependencies as the lock lists them: `name` or `name version`. */
  dependencies: string[];
  /** A registry or git source; undefined for the project's own (path) crates. */
  source?: string;
}

/** The nearest Cargo.lock at or above `from` (never above `stopAt`) and its packages. */
export function readCargoLock(from: string, stopAt?: string): { dir: string; crates: LockedCrate[] } | undefined {
  for (let d = from; ; d = dirname(d)) {
    const path = join(d, 'Cargo.lock');
    if (existsSync(path)) {
      try {
        const text = readFileSync(path, 'utf8');
        if (text.length > 8 * 1024 * 1024) return undefined;
        const pkgs = (parseToml(text) as { package?: Array<Record<string, unknown>> }).package ?? [];
        const crates = pkgs
          .filter((p) => typeof p.name === 'string' && typeof p.version === 'string')
          .map((p) => ({
            name: p.name as string,
            version: p.version as string,
            dependencies: Array.isArray(p.dependencies) ? p.dependencies.filter((x): x is string => typeof x === 'string') : [],
            ...(typeof p.source === 'string' ? { source: p.source } : {}),
          }));
        return { dir: d, crates };
      } catch {
        return undefined; // a broken lock file locks nothing we can trust
      }
    }
    if (d === stopAt || dirname(d) === d) return undefined;
  }
}

const norm = (s: string) => s.replace(/-/g, '_');

/** Dependency names the nearest Cargo.toml declares, keyed by the name code uses (renames through `package`). */
function manifestDependencies(from: string, stopAt?: string): { file: string; deps: Map<string, { pkg: string; req?: string }> } | undefined {
  for (let d = from; ; d = dirname(d)) {
    const path = join(d, 'Cargo.toml');
    if (existsSync(path)) {
      const deps = new Map<string, { pkg: string; req?: string }>();
      try {
        const doc = parseToml(readFileSync(path, 'utf8')) as Record<string, unknown>;
        const tables = [doc.dependencies, doc['dev-dependencies'], doc['build-dependencies'], (doc.workspace as Record<string, unknown> | undefined)?.dependencies];
        for (const t of Object.values((doc.target as Record<string, Record<string, unknown>> | undefined) ?? {})) tables.push(t.dependencies, t['dev-dependencies']);
        for (const table of tables) {
          if (typeof table !== 'object' || table === null) continue;
          for (const [key, spec] of Object.entries(table as Record<string, unknown>)) {
            const s = typeof spec === 'object' && spec !== null ? (spec as { package?: unknown; version?: unknown }) : undefined;
            const pkg = typeof s?.package === 'string' ? s.package : key;
            const req = typeof spec === 'string' ? spec : typeof s?.version === 'string' ? s.version : undefined;
            deps.set(norm(key), { pkg, ...(req ? { req } : {}) });
          }
        }
      } catch {
        // a broken manifest declares nothing
      }
      return { file: path, deps };
    }
    if (d === stopAt || dirname(d) === d) return undefined;
  }
}

/** `$CARGO_HOME` (default ~/.cargo). */
function cargoHome(): string {
  return process.env.CARGO_HOME && isAbsolute(process.env.CARGO_HOME) ? process.env.CARGO_HOME : join(homedir(), '.cargo');
}

/** The version a crate folder's own Cargo.toml declares. */
function folderVersion(dir: string): string | undefined {
  try {
    const doc = parseToml(readFileSync(join(dir, 'Cargo.toml'), 'utf8')) as { package?: { version?: unknown } };
    return typeof doc.package?.version === 'string' ? doc.package.version : undefined;
  } catch {
    return undefined;
  }
}

const SAFE_NAME = /^[A-Za-z0-9_-]{1,64}$/;
const SAFE_VERSION = /^[0-9A-Za-z.+-]{1,64}$/;

/**
 * The folder holding a crate's source at a version: `vendor/<name>-<version>` or `vendor/<name>` (as `cargo vendor`
 * lays them out) under the lock's folder, inside the root; else the registry's `src/<index>/<name>-<version>`.
 */
export function crateFolder(lockDir: string, crate: { name: string; version: string }, stopAt?: string): { dir: string; where: 'vendor' | 'registry' } | undefined {
  if (!SAFE_NAME.test(crate.name) || !SAFE_VERSION.test(crate.version)) return undefined;
  for (const sub of [`${crate.name}-${crate.version}`, crate.name]) {
    const dir = join(lockDir, 'vendor', sub);
    if (!existsSync(join(dir, 'Cargo.toml'))) continue;
    const real = realpathSync(dir);
    if (stopAt !== undefined && !within(stopAt, real)) continue; // a vendored folder that leads out of the root
    if (folderVersion(real) === crate.version) return { dir: real, where: 'vendor' };
  }
  const src = join(cargoHome(), 'registry', 'src');
  let indexes: string[] = [];
  try {
    indexes = readdirSync(src);
  } catch {
    return undefined;
  }
  for (const index of indexes.sort()) {
    const dir = join(src, index, `${crate.name}-${crate.version}`);
    if (existsSync(join(dir, 'Cargo.toml'))) return { dir: realpathSync(dir), where: 'registry' };
  }
  return undefined;
}

function within(parent: string, path: string): boolean {
  const rel = relative(parent, path);
  return rel === '' || (!rel.startsWith('..') && !isAbsolute(rel));
}

interface RsItem {
  kind: EntryKind;
  pub: boolean;
  file: string;
  line: number;
  /** Enum variants; a trait's own items. */
  members?: string[];
  /** Why members of this item may exist unseen (a derive or attribute macro not from std). */
  open?: string;
  /** A `#[cfg(...)]` the item sits under, said with a found answer. */
  cfg?: string;
  /** For `mod`: the module's path. */
  module?: string;
  /** For a trait: macros invoked in its body, not expanded. */
  sites?: MacroSite[];
}

interface RsUse {
  pub: boolean;
  path: string[];
  /** The name the use binds (alias or last segment); undefined for a glob. */
  name?: string;
}

interface RsModule {
  path: string;
  file: string;
  items: Map<string, RsItem>;
  uses: RsUse[];
  open?: string;
}

interface TypeMembers {
  /** Method and associated-item names, public ones (inherent `pub`, or any trait impl's). */
  names: Map<string, { file: string; line: number; via?: string }>;
  traits: Set<string>;
  /** Macros invoked in its impl blocks, not expanded. */
  sites: MacroSite[];
  open?: string;
}

interface MacroSite {
  macro: string;
  tokens: Set<string>;
}

function tokensOf(text: string): Set<string> {
  return new Set(text.match(/[A-Za-z_]\w*/g) ?? []);
}

interface ModDecl {
  name: string;
  pub: boolean;
  line: number;
  path?: string;
}

interface Deferred {
  module: RsModule;
  file: string;
  childDir: string;
  macro: string;
  text: string;
}

/** One crate at one version, read whole (every module reachable from its root), once. */
class CrateIndex {
  readonly stats: ReadStats = { files: 0, bytes: 0, ms: 0 };
  readonly modules = new Map<string, RsModule>();
  readonly types = new Map<string, TypeMembers>();
  /** Traits implemented for every `T` (blanket impls) in this crate: their items may exist on any type. */
  readonly blanket = new Set<string>();
  /** Item-level macro invocations that were not expanded: the identifiers each names. */
  readonly macroSites: MacroSite[] = [];
  /** Identifiers in the body of each macro_rules! of the crate that is not a pass-through. */
  readonly defs = new Map<string, Set<string>>();
  /** Pass-through macros of the crate, with the `cfg(...)` their expansion puts on each item, if any. */
  readonly passThrough = new Map<string, string | undefined>();
  /** The pass-through macro whose body is being read: its cfg applies to the items. */
  private expanding: string | undefined;
  private readonly deferred: Deferred[] = [];
  private readonly seenFiles = new Set<string>();
  /** Edition 2015 (no `edition` key): `use a::b` is relative to the crate root. */
  edition2015 = false;

  constructor(readonly name: string, readonly version: string, readonly dir: string, readonly limits: InstalledLimits) {}

  private admit(file: string): string | undefined {
    if (this.stats.truncated) return undefined;
    let real: string;
    try {
      real = realpathSync(file);
    } catch {
      return undefined;
    }
    if (!within(this.dir, real)) {
      this.stats.truncated = `a module file outside the crate folder (${file})`;
      return undefined;
    }
    if (this.seenFiles.has(real)) return undefined;
    const size = statSync(real).size;
    if (this.stats.files + 1 > this.limits.maxFiles) this.stats.truncated = `more than ${this.limits.maxFiles} files (maxFiles)`;
    else if (this.stats.bytes + size > this.limits.maxBytes) this.stats.truncated = `more than ${this.limits.maxBytes} bytes (maxBytes)`;
    if (this.stats.truncated) return undefined;
    this.seenFiles.add(real);
    this.stats.files += 1;
    this.stats.bytes += size;
    return real;
  }

  /** Reads the crate from its library root (Cargo.toml `[lib] path`, else src/lib.rs). */
  async load(): Promise<void> {
    const started = performance.now();
    let libPath = 'src/lib.rs';
    try {
      const doc = parseToml(readFileSync(join(this.dir, 'Cargo.toml'), 'utf8')) as { lib?: { path?: unknown }; package?: { edition?: unknown } };
      if (typeof doc.lib?.path === 'string') libPath = doc.lib.path;
      this.edition2015 = doc.package?.edition === undefined || doc.package.edition === '2015';
    } catch {
      // the default root
    }
    const root: RsModule = { path: '', file: join(this.dir, libPath), items: new Map(), uses: [] };
    this.modules.set('', root);
    const file = this.admit(root.file);
    if (!file) {
      root.open = this.stats.truncated ?? `no library root at ${libPath}`;
      if (!this.stats.truncated) this.stats.truncated = `no library root at ${libPath}`;
    } else {
      await this.readFile(file, root, dirname(file));
      // Pass-through macros (`cfg_rt! { ... }`) may be defined after their first use: expand once all are known.
      for (let round = 0; round < 4 && this.deferred.length > 0; round++) {
        const todo = this.deferred.splice(0);
        for (const d of todo) {
          if (this.passThrough.has(d.macro)) {
            this.expanding = this.passThrough.get(d.macro);
            await this.readText(d.text, d.file, d.module, d.childDir);
            this.expanding = undefined;
          } else this.unexpanded(d);
        }
      }
      for (const d of this.deferred.splice(0)) this.unexpanded(d);
    }
    this.stats.ms += Math.round(performance.now() - started);
  }

  private unexpanded(d: Deferred): void {
    d.module.open ??= `\`${d.macro}!\` generates items in \`${d.module.path || 'the crate root'}\` that are not read`;
    this.macroSites.push({ macro: d.macro, tokens: tokensOf(d.text) });
  }

  private async readFile(file: string, module: RsModule, childDir: string): Promise<void> {
    await this.readText(readFileSync(file, 'utf8'), file, module, childDir);
  }

  private async readText(code: string, file: string, module: RsModule, childDir: string): Promise<void> {
    const tree = await parseWith(WASM, code, 'Rust');
    try {
      await this.readBlock(tree.rootNode, file, module, childDir);
    } finally {
      tree.delete();
    }
  }

  /** The items of a file or an inline `mod x { ... }` body, then its inline and file modules. */
  private async readBlock(body: Node, file: string, module: RsModule, childDir: string): Promise<void> {
    const mods: ModDecl[] = [];
    const inline = this.collect(body, file, module, childDir, mods);
    for (const m of inline) {
      const child: RsModule = { path: join2(module.path, m.name), file, items: new Map(), uses: [] };
      this.modules.set(child.path, child);
      await this.readBlock(m.body, file, child, join(childDir, m.name));
    }
    for (const m of mods) await this.readModFile(m, file, module, childDir);
  }

  /** `mod x;`: `x.rs` or `x/mod.rs` in the module's folder, or a `#[path]` inside the crate folder. */
  private async readModFile(m: { name: string; path?: string }, parentFile: string, parent: RsModule, childDir: string): Promise<void> {
    const candidates = m.path !== undefined ? [resolve(dirname(parentFile), m.path)] : [join(childDir, `${m.name}.rs`), join(childDir, m.name, 'mod.rs')];
    const path = join2(parent.path, m.name);
    const found = candidates.find((c) => existsSync(c));
    const seen = this.modules.get(path);
    if (seen) {
      // cfg alternatives naming the same module: read once; a different file for it may hold other items.
      if (!found || realpathSync(found) !== seen.file) seen.open ??= `module \`${path}\` has several cfg-dependent sources; one was read`;
      return;
    }
    const module: RsModule = { path, file: candidates[0]!, items: new Map(), uses: [] };
    this.modules.set(path, module);
    if (!found) {
      // Generated at build time (OUT_DIR) or left out of the package: this module's items are unknown.
      module.open = `the file of module \`${path}\` is not in the crate folder`;
      return;
    }
    const real = this.admit(found);
    if (!real) {
      module.open = this.stats.truncated ? `reading stopped at ${this.stats.truncated}` : `its file is read as another module too (${found})`;
      return;
    }
    module.file = real;
    const isModRs = /(^|[\\/])(mod|lib|main)\.rs$/.test(real) || m.path !== undefined;
    await this.readFile(real, module, isModRs ? dirname(real) : join(dirname(real), basename(real, '.rs')));
  }

  /** Binds an item; a name bound twice is cfg alternatives (`cfg_sync! { pub mod sync; }` / `mod sync;`): public if either is. */
  private bind(module: RsModule, name: string, item: RsItem): void {
    const old = module.items.get(name);
    module.items.set(name, old ? { ...old, pub: old.pub || item.pub, ...(old.open || item.open ? { open: old.open ?? item.open } : {}) } : item);
  }

  private collect(block: Node, file: string, module: RsModule, childDir: string, mods: ModDecl[]): Array<{ name: string; body: Node }> {
    const inline: Array<{ name: string; body: Node }> = [];
    let attrs: string[] = [];
    for (const child of block.namedChildren) {
      // `make_items!();` parses as an expression statement holding the invocation.
      const st = child?.type === 'expression_statement' && child.namedChild(0)?.type === 'macro_invocation' ? child.namedChild(0) : child;
      if (!st) continue;
      if (st.type === 'attribute_item') {
        attrs.push(st.text.replace(/^#\[\s*|\s*\]$/g, ''));
        continue;
      }
      if (st.type === 'line_comment' || st.type === 'block_comment' || st.type === 'inner_attribute_item') continue;
      const here = attrs;
      attrs = [];
      const pub = st.namedChildren.some((c) => c?.type === 'visibility_modifier' && c.text === 'pub');
      const name = st.childForFieldName('name')?.text;
      const line = st.startPosition.row + 1;
      const cfg = here.find((a) => /^cfg\s*\(/.test(a)) ?? this.expanding;
      const base = { pub, file, line, ...(cfg ? { cfg } : {}) };
      const macroAttr = openingAttribute(here);
      switch (st.type) {
        case 'function_item':
        case 'function_signature_item': {
          // A proc-macro crate exports its derives under the derive's name, not the function's.
          const derive = here.map((a) => /^proc_macro_derive\s*\(\s*([A-Za-z_]\w*)/.exec(a)?.[1]).find((d) => d !== undefined);
          if (derive) this.bind(module, derive, { kind: 'macro', ...base, pub: true });
          else if (name) this.bind(module, name, { kind: here.some((a) => /^proc_macro(_attribute)?$/.test(a)) ? 'macro' : 'function', ...base });
          break;
        }
        case 'struct_item':
        case 'union_item':
        case 'enum_item': {
          if (!name) break;
          const variants = st.type === 'enum_item' ? (st.childForFieldName('body')?.namedChildren ?? []).filter((v) => v?.type === 'enum_variant').map((v) => v!.childForFieldName('name')?.text ?? '') : undefined;
          this.bind(module, name, { kind: st.type === 'enum_item' ? 'enum' : 'struct', ...base, ...(variants ? { members: variants } : {}), ...(macroAttr ? { open: macroAttr } : {}) });
          if (macroAttr) this.typeOf(name).open ??= macroAttr;
          break;
        }
        case 'trait_item': {
          if (!name) break;
          const body = st.childForFieldName('body')?.namedChildren ?? [];
          const members = body.map((c) => c?.childForFieldName('name')?.text).filter((n): n is string => !!n);
          const sites = body.filter((c) => c?.type === 'macro_invocation').map((c) => ({ macro: c!.childForFieldName('macro')?.text ?? '', tokens: tokensOf(c!.text) }));
          this.bind(module, name, { kind: 'trait', ...base, members, ...(sites.length ? { sites } : {}), ...(macroAttr ? { open: macroAttr } : {}) });
          break;
        }
        case 'type_item':
          if (name) this.bind(module, name, { kind: 'type', ...base });
          break;
        case 'const_item':
        case 'static_item':
          if (name) this.bind(module, name, { kind: 'constant', ...base });
          break;
        case 'macro_definition': {
          if (!name) break;
          // `#[macro_export]` puts the macro at the crate root, whatever module defines it.
          if (here.some((a) => /^macro_export\b/.test(a))) this.modules.get('')!.items.set(name, { kind: 'macro', ...base, pub: true });
          if (isPassThrough(st)) this.passThrough.set(name, /#\[\s*(cfg\s*\((?:[^()]|\([^()]*\))*\))\s*\]/.exec(st.text)?.[1]);
          else this.defs.set(name, tokensOf(st.text));
          break;
        }
        case 'mod_item': {
          if (!name) break;
          this.bind(module, name, { kind: 'module', ...base, module: join2(module.path, name) });
          const body = st.childForFieldName('body');
          const pathAttr = here.map((a) => /^path\s*=\s*"([^"]+)"/.exec(a)?.[1]).find((p) => p !== undefined);
          if (body) inline.push({ name, body });
          else mods.push({ name, pub, line, ...(pathAttr ? { path: pathAttr } : {}) });
          break;
        }
        case 'use_declaration': {
          const arg = st.childForFieldName('argument');
          if (arg) for (const u of useTree(arg, [])) module.uses.push({ pub, ...u });
          break;
        }
        case 'extern_crate_declaration': {
          const crate = st.childForFieldName('name')?.text;
          const alias = st.childForFieldName('alias')?.text;
          if (crate) module.uses.push({ pub, path: [crate], name: alias ?? crate });
          break;
        }
        case 'impl_item':
          this.impl(st, file, here);
          break;
        case 'macro_invocation': {
          const macro = st.childForFieldName('macro')?.text ?? '';
          if (NO_ITEM_MACROS.has(macro)) break;
          const tt = st.namedChildren.find((c) => c?.type === 'token_tree');
          const text = tt ? tt.text.slice(1, -1) : '';
          // A pass-through body's `mod x;` resolve against this module's folder, as if written here.
          this.deferred.push({ module, file, childDir, macro, text });
          break;
        }
        default:
          break;
      }
    }
    return inline;
  }

  private typeOf(name: string): TypeMembers {
    let t = this.types.get(name);
    if (!t) {
      t = { names: new Map(), traits: new Set(), sites: [] };
      this.types.set(name, t);
    }
    return t;
  }

  private impl(st: Node, file: string, attrs: string[]): void {
    const typeNode = st.childForFieldName('type');
    const traitNode = st.childForFieldName('trait');
    const params = new Set((st.childForFieldName('type_parameters')?.namedChildren ?? []).map((p) => p?.childForFieldName('name')?.text ?? p?.text ?? ''));
    const selfName = typeNameOf(typeNode);
    const trait = traitNode ? lastSegment(typeNameOf(traitNode) ?? traitNode.text) : undefined;
    if (!selfName || params.has(selfName)) {
      if (trait) this.blanket.add(trait); // `impl<T: X> Trait for T`: on any type
      return;
    }
    const t = this.typeOf(selfName);
    const macroAttr = openingAttribute(attrs);
    if (macroAttr) t.open ??= macroAttr;
    for (const item of st.childForFieldName('body')?.namedChildren ?? []) {
      if (!item) continue;
      if (item.type === 'macro_invocation') {
        const macro = item.childForFieldName('macro')?.text ?? '';
        const text = item.namedChildren.find((c) => c?.type === 'token_tree')?.text ?? '';
        // A pass-through body (`cfg_not_wasi! { pub async fn connect(..) }`): its methods, by their `fn` names.
        if (this.passThrough.has(macro)) for (const m of text.matchAll(trait ? /\bfn\s+([A-Za-z_]\w*)/g : /\bpub\s+(?:(?:const|async|unsafe|extern\s+"[^"]*")\s+)*fn\s+([A-Za-z_]\w*)/g)) t.names.set(m[1]!, { file, line: item.startPosition.row + 1, ...(trait ? { via: `impl ${trait}` } : {}) });
        else t.sites.push({ macro, tokens: tokensOf(text) });
      }
      const name = item.childForFieldName('name')?.text;
      if (!name) continue;
      const pub = trait !== undefined || item.namedChildren.some((c) => c?.type === 'visibility_modifier' && c.text === 'pub');
      if (pub) t.names.set(name, { file, line: item.startPosition.row + 1, ...(trait ? { via: `impl ${trait}` } : {}) });
    }
    if (trait) {
      t.traits.add(trait);
      if (trait === 'Deref' || trait === 'DerefMut') t.open ??= `it implements \`Deref\`: methods of its target are callable on it`;
    }
  }

  /**
   * Could an unexpanded macro generate `asked`? Yes when the invocation or the crate's definition of the macro names
   * it, or the macro comes from another crate (its body is not read).
   */
  macroMayName(sites: readonly MacroSite[], asked: string): MacroSite | undefined {
    return sites.find((site) => {
      const def = this.defs.get(lastSegment(site.macro));
      return site.tokens.has(asked) || def?.has(asked) || (!def && !this.passThrough.has(lastSegment(site.macro)));
    });
  }

  /** Every name a type answers to in this crate, and what could add `asked` unseen. */
  membersOf(typeName: string, item: RsItem, asked: string): { names: Map<string, { file: string; line: number; via?: string }>; open?: string } {
    const t = this.types.get(typeName);
    const names = new Map(t?.names ?? []);
    let open = item.open ?? t?.open;
    for (const v of item.members ?? []) names.set(v, { file: item.file, line: item.line });
    const own = t ? this.macroMayName(t.sites, asked) : undefined;
    if (own) open ??= `\`${own.macro}!\` in one of its impl blocks generates members that are not read`;
    const blanket = [...this.blanket].filter((b) => !t?.traits.has(b));
    for (const trait of [...(t?.traits ?? []), ...blanket]) {
      const decl = this.traitItem(trait);
      const std = STD_TRAIT_MEMBERS[trait];
      const isBlanket = !t?.traits.has(trait);
      if (decl) {
        for (const m of decl.members ?? []) if (!names.has(m)) names.set(m, { file: decl.file, line: decl.line, via: `trait ${trait}` });
        if (decl.open) open ??= decl.open;
        const site = decl.sites ? this.macroMayName(decl.sites, asked) : undefined;
        if (site) open ??= `\`${site.macro}!\` in trait \`${trait}\` generates items that are not read`;
      } else if (std) {
        for (const m of std) if (!names.has(m)) names.set(m, { file: item.file, line: item.line, via: `std trait ${trait}` });
      } else if (!isBlanket) {
        open ??= `it implements \`${trait}\` from another crate, whose provided methods are not read`;
      }
    }
    const site = this.macroSites.find((m) => m.tokens.has(typeName) || this.defs.get(lastSegment(m.macro))?.has(typeName));
    if (site) open ??= `\`${site.macro}!\` in the crate names \`${typeName}\` and may generate an impl for it`;
    return { names, ...(open ? { open } : {}) };
  }

  private traitItem(name: string): RsItem | undefined {
    for (const m of this.modules.values()) {
      const it = m.items.get(name);
      if (it?.kind === 'trait') return it;
    }
    return undefined;
  }
}

function join2(a: string, b: string): string {
  return a ? `${a}::${b}` : b;
}

function lastSegment(path: string): string {
  return path.split('::').pop() ?? path;
}

/** The last segment of a type as written in an impl header (`Foo<T>`, `&'a foo::Bar`, `Box<dyn X>` gives Box). */
function typeNameOf(node: Node | null): string | undefined {
  if (!node) return undefined;
  switch (node.type) {
    case 'type_identifier':
    case 'identifier':
      return node.text;
    case 'scoped_type_identifier':
    case 'scoped_identifier':
      return node.childForFieldName('name')?.text;
    case 'generic_type':
      return typeNameOf(node.childForFieldName('type'));
    case 'reference_type':
      return typeNameOf(node.childForFieldName('type'));
    default:
      return undefined;
  }
}

/** A derive or attribute that is a macro outside std: it may add members the source does not show. */
function openingAttribute(attrs: readonly string[]): string | undefined {
  for (const a of attrs) {
    const head = /^([A-Za-z_][\w:]*)/.exec(a)?.[1] ?? '';
    if (head === 'derive' || (head === 'cfg_attr' && /\bderive\s*\(/.test(a))) {
      const list = /derive\s*\(([^)]*)\)/.exec(a)?.[1] ?? '';
      const foreign = list.split(',').map((s) => lastSegment(s.trim())).filter((s) => s && !STD_DERIVES.has(s));
      if (foreign.length) return `it derives \`${foreign.join('`, `')}\`, a macro that may add members`;
      continue;
    }
    if (head === 'cfg_attr') {
      const inner = /^cfg_attr\s*\((?:[^(),]|\([^()]*\))*,\s*(.*)\)$/s.exec(a)?.[1];
      const innerHead = inner ? /^([A-Za-z_][\w:]*)/.exec(inner.trim())?.[1] : undefined;
      if (innerHead && !INERT_ATTRIBUTES.test(innerHead) && innerHead !== 'derive') return `the attribute \`#[${a.slice(0, 60)}]\` may add members`;
      continue;
    }
    if (!INERT_ATTRIBUTES.test(head)) return `the attribute macro \`#[${head}]\` may add members`;
  }
  return undefined;
}

/** A macro_rules! whose every rule takes `$($x:item)*` and emits those items (with attributes) and nothing else. */
function isPassThrough(def: Node): boolean {
  const rules = def.namedChildren.filter((c) => c?.type === 'macro_rule');
  if (rules.length === 0) return false;
  return rules.every((r) => {
    const left = r!.childForFieldName('left')?.text ?? '';
    const right = r!.childForFieldName('right')?.text ?? '';
    const m = /\$\(\s*\$(\w+)\s*:\s*item\s*\)\s*\*/.exec(left);
    if (!m) return false;
    const rest = right
      .replace(/#!?\[(?:[^[\]]|\[[^\]]*\])*\]/g, '')
      .replace(new RegExp(`\\$${m[1]}\\b`, 'g'), '')
      .replace(/\$\(|\)\s*\*|[{}()\s;]/g, '');
    return rest === '';
  });
}

/** The bindings of a `use` tree: path and bound name (undefined for a glob). */
function useTree(n: Node, prefix: string[]): Array<{ path: string[]; name?: string }> {
  const segs = (node: Node) => node.text.replace(/\s+/g, '').split('::').filter((s) => s !== '');
  switch (n.type) {
    case 'identifier':
    case 'scoped_identifier':
    case 'self':
    case 'crate':
    case 'super': {
      const path = [...prefix, ...segs(n)];
      const last = path.at(-1) === 'self' ? path.at(-2) : path.at(-1);
      return [{ path: path.at(-1) === 'self' ? path.slice(0, -1) : path, ...(last ? { name: last } : {}) }];
    }
    case 'use_as_clause': {
      const p = n.childForFieldName('path');
      const alias = n.childForFieldName('alias')?.text;
      if (!p || alias === '_') return [];
      return [{ path: [...prefix, ...segs(p)], ...(alias ? { name: alias } : {}) }];
    }
    case 'use_wildcard': {
      const inner = n.namedChild(0);
      return [{ path: inner ? [...prefix, ...segs(inner)] : prefix }];
    }
    case 'scoped_use_list': {
      const p = n.childForFieldName('path');
      const np = p ? [...prefix, ...segs(p)] : prefix;
      return (n.childForFieldName('list')?.namedChildren ?? []).flatMap((k) => (k ? useTree(k, np) : []));
    }
    case 'use_list':
      return n.namedChildren.flatMap((k) => (k ? useTree(k, prefix) : []));
    default:
      return [];
  }
}

/** What a path resolves to inside a crate. */
type Resolved =
  | { kind: 'module'; module: RsModule }
  | { kind: 'item'; item: RsItem; name: string; owner: RsModule }
  | { kind: 'variant'; item: RsItem; name: string }
  | { kind: 'external'; crate: string; rest: string[] }
  | { kind: 'open'; reason: string; names: string[] }
  | { kind: 'missing'; names: string[]; private?: RsItem };

const cache = new SmallCache<CrateIndex>(8);

export function clearRustCache(): void {
  cache.clear();
}

async function loadCrate(name: string, version: string, dir: string, limits: InstalledLimits): Promise<CrateIndex> {
  const key = `${dir}\u0000${name}@${version}\u0000${limits.maxFiles}/${limits.maxBytes}`;
  let index = cache.get(key);
  if (!index) {
    index = new CrateIndex(name, version, dir, limits);
    await index.load();
    cache.set(key, index);
  }
  return index;
}

class Resolver {
  constructor(readonly crate: CrateIndex) {}

  /** A name in a module: its own items, then its `use`s, then globs. `outside`: only `pub` items and uses count. */
  lookup(module: RsModule, name: string, outside: boolean, depth: number): Resolved {
    const names = [...module.items.entries()].filter(([, it]) => !outside || it.pub).map(([n]) => n);
    for (const u of module.uses) if (u.name && (!outside || u.pub)) names.push(u.name);
    if (depth > 16) return { kind: 'open', reason: 're-exports nest too deep to follow', names };
    const own = module.items.get(name);
    if (own && (own.pub || !outside)) {
      if (own.kind === 'module' && own.module !== undefined) {
        const m = this.crate.modules.get(own.module);
        if (m) return { kind: 'module', module: m };
      }
      return { kind: 'item', item: own, name, owner: module };
    }
    for (const u of module.uses) {
      if (u.name !== name || (outside && !u.pub)) continue;
      return this.path(module, u.path, depth + 1);
    }
    let open = module.open;
    for (const u of module.uses) {
      if (u.name !== undefined || (outside && !u.pub)) continue;
      const target = this.path(module, u.path, depth + 1);
      if (target.kind === 'module') {
        // Inside the crate a glob imports what the importing module can see, not only `pub` items.
        const r = this.lookup(target.module, name, outside, depth + 1);
        if (r.kind !== 'missing') return r;
        names.push(...r.names);
      } else if (target.kind === 'item' && target.item.kind === 'enum') {
        if (target.item.members?.includes(name)) return { kind: 'variant', item: target.item, name };
        names.push(...(target.item.members ?? []));
      } else {
        open ??= target.kind === 'external' ? `its \`pub use ${u.path.join('::')}::*\` re-exports from crate \`${target.crate}\`` : `its \`use ${u.path.join('::')}::*\` could not be followed`;
      }
    }
    // A `#[macro_export]` macro defined by an unexpanded macro lands at the crate root, whatever module invoked it.
    if (!open && module.path === '') {
      const site = this.crate.macroSites.find((m) => {
        const def = this.crate.defs.get(lastSegment(m.macro));
        return (m.tokens.has(name) || def?.has(name)) && (m.tokens.has('macro_export') || def?.has('macro_export') || !def);
      });
      if (site) open = `\`${site.macro}!\` may define a \`#[macro_export]\` macro \`${name}\``;
    }
    if (open) return { kind: 'open', reason: open, names };
    return { kind: 'missing', names, ...(own ? { private: own } : {}) };
  }

  /** A path written inside the crate (in a `use`), from `module`. */
  path(module: RsModule, path: readonly string[], depth: number): Resolved {
    if (path.length === 0) return { kind: 'module', module };
    let [head, ...rest] = path as [string, ...string[]];
    let here: Resolved;
    if (head === 'crate' || head === '$crate') here = { kind: 'module', module: this.crate.modules.get('')! };
    else if (head === 'self') here = { kind: 'module', module };
    else if (head === 'super') {
      const parent = module.path.split('::').slice(0, -1).join('::');
      here = { kind: 'module', module: this.crate.modules.get(module.path.includes('::') ? parent : '') ?? module };
    } else if (head === '') {
      ([head, ...rest] = rest as [string, ...string[]]);
      return { kind: 'external', crate: head, rest };
    } else {
      here = this.lookup(module, head, false, depth);
      if (here.kind === 'missing' && this.crate.edition2015 && module.path !== '') here = this.lookup(this.crate.modules.get('')!, head, false, depth);
      if (here.kind === 'missing') {
        if (NOT_DEPENDENCIES.has(head) || /^[a-z_][a-z0-9_]*$/.test(head)) return { kind: 'external', crate: head, rest };
        return here;
      }
    }
    return this.walk(here, rest, false, depth);
  }

  /** Follows further segments from a resolved item or module. */
  walk(from: Resolved, segs: readonly string[], outside: boolean, depth: number): Resolved {
    let here = from;
    for (const [i, s] of segs.entries()) {
      if (here.kind === 'module') here = this.lookup(here.module, s, outside, depth + 1);
      else if (here.kind === 'item' && here.item.kind === 'enum' && here.item.members?.includes(s)) here = { kind: 'variant', item: here.item, name: s };
      else if (here.kind === 'external') return { kind: 'external', crate: here.crate, rest: [...here.rest, ...segs.slice(i)] };
      else return here.kind === 'item' ? { kind: 'open', reason: `members of \`${here.name}\` are not followed through a path`, names: [] } : here;
      if (here.kind === 'missing' || here.kind === 'open') return here;
    }
    return here;
  }
}

export interface RustLookup {
  symbol: string;
  from: string;
  stopAt?: string;
  limits?: InstalledLimits;
}

type Answer = PackageVerdict & { stats?: ReadStats };

/**
 * The verdict of the locked version for `crate::path::Item` / `crate::Type::method`, or undefined when the first
 * segment names no dependency of the project (std, the project's own crates, or a crate it does not use).
 */
export async function verifyRustSymbol(q: RustLookup): Promise<Answer | undefined> {
  const tokens = q.symbol.trim().replace(/^::/, '').split('::');
  const head = tokens[0] ?? '';
  if (tokens.length < 2 || !/^[A-Za-z_][\w]*$/.test(head) || NOT_DEPENDENCIES.has(head) || tokens.some((t) => !/^[A-Za-z_]\w*$/.test(t))) return undefined;
  const lock = readCargoLock(q.from, q.stopAt);
  const manifest = manifestDependencies(q.from, q.stopAt);
  const pkgName = manifest?.deps.get(head)?.pkg ?? head;
  const candidates = lock?.crates.filter((c) => norm(c.name) === norm(pkgName) && c.source !== undefined) ?? [];
  if (candidates.length === 0) {
    const declared = manifest?.deps.get(head);
    if (!declared) return undefined;
    return {
      status: 'cannot_verify', symbol: q.symbol, language: 'rust', package: { name: declared.pkg, version: 'not locked' },
      reason: `\`${declared.pkg}\` is declared in ${rel(q, manifest!.file)} but ${lock ? 'Cargo.lock has no registry entry for it' : 'the project has no Cargo.lock'}: run \`cargo fetch\` (or \`cargo generate-lockfile\`), then ask again.`,
    };
  }
  // Several locked versions: the one the manifest's requirement picks, else the newest.
  const crate = pickVersion(candidates, manifest?.deps.get(head)?.req);
  return verifyInCrate(q, crate, tokens.slice(1), lock!, 0, undefined);
}

function pickVersion(candidates: LockedCrate[], req: string | undefined): LockedCrate {
  const sorted = [...candidates].sort((a, b) => compareVersions(b.version, a.version));
  if (req && sorted.length > 1) {
    const major = /^[\^~=]?\s*(\d+)(?:\.(\d+))?/.exec(req);
    if (major) {
      const hit = sorted.find((c) => {
        const [M, m] = c.version.split('.').map(Number);
        return M === Number(major[1]) && (M !== 0 || major[2] === undefined || m === Number(major[2]));
      });
      if (hit) return hit;
    }
  }
  return sorted[0]!;
}

function compareVersions(a: string, b: string): number {
  const pa = a.split(/[.+-]/).map((x) => Number(x) || 0);
  const pb = b.split(/[.+-]/).map((x) => Number(x) || 0);
  for (let i = 0; i < Math.max(pa.length, pb.length); i++) if ((pa[i] ?? 0) !== (pb[i] ?? 0)) return (pa[i] ?? 0) - (pb[i] ?? 0);
  return 0;
}

function rel(q: { from: string; stopAt?: string }, file: string): string {
  const base = q.stopAt ?? q.from;
  return within(base, file) ? relative(base, file).split('\\').join('/') || '.' : file;
}

async function verifyInCrate(q: RustLookup, crate: LockedCrate, segs: string[], lock: { dir: string; crates: LockedCrate[] }, hops: number, via: string | undefined): Promise<Answer> {
  const pkg = { name: crate.name, version: crate.version };
  const folder = crateFolder(lock.dir, crate, q.stopAt);
  if (!folder) {
    return {
      status: 'cannot_verify', symbol: q.symbol, language: 'rust', package: pkg,
      reason: `${crate.name} ${crate.version} (from Cargo.lock) is not on disk: neither vendor/ nor the cargo registry (${join(cargoHome(), 'registry', 'src')}) holds its source. Run \`cargo fetch\` (or \`cargo vendor\`), then ask again.`,
    };
  }
  const index = await loadCrate(crate.name, crate.version, folder.dir, q.limits ?? DEFAULT_INSTALLED_LIMITS);
  const r = new Resolver(index);
  const stats = () => ({ ...index.stats });
  const answer = (fields: Parameters<typeof packageVerdict>[1], file?: string): Answer => ({
    ...packageVerdict({ language: 'rust', symbol: q.symbol, pkg, source: 'cargo-crate', ...(file ? { file: rel(q, file) } : {}) }, fields),
    ...(via ? { via } : {}),
    stats: stats(),
  });
  const full = (path: string[]) => [norm(crate.name), ...path].join('::');
  let here: Resolved = { kind: 'module', module: index.modules.get('')! };
  const walked: string[] = [];
  for (const [i, s] of segs.entries()) {
    const last = i === segs.length - 1;
    if (here.kind === 'module') {
      const next = r.lookup(here.module, s, true, 0);
      if (next.kind === 'missing' || next.kind === 'open') {
        const suggestions = nearNames(s, next.names).map((n) => full([...walked, n]));
        const scope = walked.length ? `\`${full(walked)}\`` : `the crate root of ${crate.name}`;
        const whyOpen = next.kind === 'open' ? next.reason : index.stats.truncated ? `reading stopped at ${index.stats.truncated}` : undefined;
        if (whyOpen) return answer({ status: 'cannot_verify', reason: `${scope} in ${crate.name} ${crate.version} has no public \`${s}\` in the source read, but absence proves nothing there: ${whyOpen}.`, ...(suggestions.length ? { suggestions } : {}) }, here.module.file);
        const privateNote = next.kind === 'missing' && next.private ? ` (it has a private \`${s}\`, not usable outside the crate)` : '';
        return answer({ status: 'not_found', reason: `${scope} in ${crate.name} ${crate.version} (as locked) has no public \`${s}\`${privateNote}.`, ...(suggestions.length ? { suggestions } : {}) }, here.module.file);
      }
      walked.push(s);
      if (next.kind === 'external') return followExternal(q, crate, lock, next, segs.slice(i + 1), hops, walked);
      here = next;
      continue;
    }
    if (here.kind !== 'item') return answer({ status: 'cannot_verify', reason: `\`${full(walked)}\` is an enum variant; its members are not followed.` });
    const item: RsItem = here.item;
    if (!['struct', 'enum', 'trait'].includes(item.kind)) {
      return answer({ status: 'cannot_verify', reason: `\`${full(walked)}\` is ${item.kind === 'type' ? 'a type alias: members of its target are not followed' : `a ${item.kind}, which has no members to look up`}.` }, item.file);
    }
    const { names, open } = item.kind === 'trait'
      ? { names: new Map((item.members ?? []).map((m) => [m, { file: item.file, line: item.line } as { file: string; line: number; via?: string }])), open: item.open ?? (item.sites && index.macroMayName(item.sites, s) ? `a macro in trait \`${here.name}\` generates items that are not read` : undefined) }
      : index.membersOf(here.name, item, s);
    const hit = names.get(s);
    if (hit) {
      walked.push(s);
      if (!last) return answer({ status: 'cannot_verify', reason: `\`${full(walked)}\` exists in ${crate.name} ${crate.version}; members of a member are not followed.` }, hit.file);
      return answer({ status: 'verified', symbol: full(walked), kind: item.kind === 'enum' && item.members?.includes(s) ? 'variant' : 'method', ...(hit.via ? { notes: [`from \`${hit.via}\``] } : {}) }, hit.file);
    }
    const suggestions = nearNames(s, names.keys()).map((n) => full([...walked, n]));
    const whyOpen = open ?? (index.stats.truncated ? `reading stopped at ${index.stats.truncated}` : undefined);
    if (whyOpen) return answer({ status: 'cannot_verify', reason: `\`${full(walked)}\` in ${crate.name} ${crate.version} has no \`${s}\` in the source read, but absence proves nothing there: ${whyOpen}.`, ...(suggestions.length ? { suggestions } : {}) }, item.file);
    return answer({
      status: 'not_found',
      reason: `\`${full(walked)}\` in ${crate.name} ${crate.version} (as locked) has no \`${s}\`: no inherent method or associated item, and no trait the crate implements for it declares one${item.kind === 'trait' ? '' : ' (a trait from another crate with a blanket impl, imported where it is called, could still add it)'}.`,
      ...(suggestions.length ? { suggestions } : {}),
    }, item.file);
  }
  if (here.kind === 'module') return answer({ status: 'verified', symbol: full(walked), kind: 'module' }, here.module.file);
  if (here.kind === 'item') {
    const it: RsItem = here.item;
    return answer({ status: 'verified', symbol: full(walked), kind: it.kind, ...(it.cfg ? { notes: [`only with \`#[${it.cfg}]\``] } : {}) }, it.file);
  }
  if (here.kind === 'variant') return answer({ status: 'verified', symbol: full(walked), kind: 'variant' }, here.item.file);
  return answer({ status: 'cannot_verify', reason: `\`${full(walked)}\` could not be followed.` });
}

/** A `pub use other_crate::…` re-export: answered from that crate at the version this crate locks, when on disk. */
async function followExternal(q: RustLookup, crate: LockedCrate, lock: { dir: string; crates: LockedCrate[] }, ext: { crate: string; rest: string[] }, remaining: string[], hops: number, walked: string[]): Promise<Answer> {
  const reexport = `${norm(crate.name)}::${walked.join('::')}`;
  const dep = crate.dependencies.map((d) => d.split(' ')).find(([n]) => norm(n!) === norm(ext.crate));
  const target = dep ? lock.crates.find((c) => c.name === dep[0] && (dep[1] === undefined || c.version === dep[1]) && c.source !== undefined) : undefined;
  const segs = [...ext.rest, ...remaining];
  if (!target || hops >= 3 || segs.length === 0) {
    return {
      status: 'cannot_verify', symbol: q.symbol, language: 'rust', package: { name: crate.name, version: crate.version },
      reason: `\`${reexport}\` is re-exported from crate \`${ext.crate}\`${NOT_DEPENDENCIES.has(ext.crate) ? ' (the standard library, not read)' : target ? '' : `, which ${crate.name} ${crate.version} does not lock a version of`}; it was not followed.`,
    };
  }
  return verifyInCrate(q, target, segs, lock, hops + 1, `re-exported by ${crate.name} ${crate.version} as \`${reexport}\``);
}
