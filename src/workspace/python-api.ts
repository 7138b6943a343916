/**
 * Third-party Python APIs checked against the installed version: the project's virtualenv (`.venv`, `venv`, a folder
 * holding pyvenv.cfg, or VIRTUAL_ENV inside the root), its site-packages read as text and parsed with tree-sitter;
 * nothing is imported or run. Stubs (`<pkg>-stubs`, `.pyi`) come before sources. The version comes from the
 * distribution's `*.dist-info/METADATA`. "Does not exist" needs a closed container: a module without `__getattr__`,
 * unresolved star imports or writes to its own namespace; a class whose bases all resolve inside site-packages,
 * without `__getattr__` or a metaclass. Otherwise `cannot_verify`.
 */
import { existsSync, readdirSync, readFileSync, realpathSync, statSync } from 'node:fs';
import { dirname, isAbsolute, join, relative } from 'node:path';
import type { Node } from 'web-tree-sitter';
import { verifyApi } from '../catalog/index.js';
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
import { parseWith } from './parser.js';

const WASM = 'tree-sitter-python/tree-sitter-python.wasm';

/** The project's virtualenv at or above `from` (never above `stopAt`), or undefined. */
export function findVenv(from: string, stopAt?: string): string | undefined {
  const env = process.env.VIRTUAL_ENV;
  for (let d = from; ; d = dirname(d)) {
    for (const name of ['.venv', 'venv']) if (existsSync(join(d, name, 'pyvenv.cfg'))) return join(d, name);
    try {
      for (const e of readdirSync(d, { withFileTypes: true })) {
        if (e.isDirectory() && !e.name.startsWith('node_modules') && existsSync(join(d, e.name, 'pyvenv.cfg'))) return join(d, e.name);
      }
    } catch {
      // an unreadable folder holds no virtualenv we can use
    }
    if (d === stopAt || dirname(d) === d) break;
  }
  if (env && existsSync(join(env, 'pyvenv.cfg'))) {
    const rel = stopAt === undefined ? '' : relative(stopAt, env);
    if (!rel.startsWith('..') && !isAbsolute(rel)) return env;
  }
  return undefined;
}

/** `<venv>/lib/python3.X/site-packages` (the newest when several) or `<venv>/Lib/site-packages`. */
export function sitePackagesOf(venv: string): string | undefined {
  const win = join(venv, 'Lib', 'site-packages');
  if (existsSync(win)) return win;
  try {
    const pys = readdirSync(join(venv, 'lib')).filter((n) => /^python3\.\d+$/.test(n)).sort((a, b) => Number(b.split('.')[1]) - Number(a.split('.')[1]));
    for (const py of pys) if (existsSync(join(venv, 'lib', py, 'site-packages'))) return join(venv, 'lib', py, 'site-packages');
  } catch {
    return undefined;
  }
  return undefined;
}

/**
 * Distribution name and version owning a top-level import name: `*.dist-info` (RECORD, top_level.txt, METADATA) as
 * pip installs them, or `*.egg-info` (top_level.txt, SOURCES.txt, PKG-INFO) as distribution packages ship them.
 */
function distributionOf(site: string, top: string): { name: string; version: string } | undefined {
  let dirs: string[];
  try {
    dirs = readdirSync(site).filter((n) => n.endsWith('.dist-info') || n.endsWith('.egg-info'));
  } catch {
    return undefined;
  }
  const norm = (s: string) => s.toLowerCase().replace(/[-_.]+/g, '_');
  // The distribution named like the import first (cheap), then any whose RECORD lists the package's files.
  dirs.sort((a, b) => Number(norm(b).startsWith(`${norm(top)}-`)) - Number(norm(a).startsWith(`${norm(top)}-`)));
  for (const d of dirs) {
    const read = (f: string) => {
      try {
        // An egg-info may be a single PKG-INFO file rather than a folder.
        const path = statSync(join(site, d)).isFile() ? (f === 'PKG-INFO' ? join(site, d) : '') : join(site, d, f);
        const text = readFileSync(path, 'utf8');
        return text.length > 4 * 1024 * 1024 ? text.slice(0, 4 * 1024 * 1024) : text;
      } catch {
        return '';
      }
    };
    const owns =
      read('top_level.txt').split('\n').some((l) => l.trim() === top) ||
      new RegExp(`^(${top}|${top}-stubs)(/|\\.pyi?,|\\.pyi?$)`, 'm').test(read('RECORD') || read('SOURCES.txt'));
    if (!owns) continue;
    const meta = read('METADATA') || read('PKG-INFO');
    const stem = d.replace(/\.(dist|egg)-info$/, '');
    const name = /^Name:\s*(.+)$/m.exec(meta)?.[1]?.trim() ?? stem.replace(/-[^-]+$/, '');
    const version = /^Version:\s*(.+)$/m.exec(meta)?.[1]?.trim() ?? stem.split('-')[1] ?? 'unknown';
    return { name, version };
  }
  return undefined;
}

/** The file of a dotted module in site-packages: stubs first, then `.pyi`, then `.py` (or the source first). */
function moduleFile(site: string, dotted: readonly string[], preferSource = false): string | undefined {
  const [top, ...rest] = dotted;
  for (const head of [`${top}-stubs`, top!]) {
    const base = join(site, head, ...rest);
    const stubs = [join(base, '__init__.pyi'), `${base}.pyi`];
    const sources = [join(base, '__init__.py'), `${base}.py`];
    for (const f of preferSource && head === top ? [...sources, ...stubs] : [...stubs, ...sources]) if (existsSync(f)) return f;
  }
  return undefined;
}

/** A class as read: its own members, its bases as written, and what could add members it does not list. */
interface ClassFacts {
  name: string;
  members: Set<string>;
  bases: string[];
  open?: string;
}

type Binding =
  | { kind: 'def'; file: string; entry: EntryKind; cls?: ClassFacts }
  | { kind: 'value'; file: string }
  | { kind: 'import'; module: string[]; name?: string; file: string };

interface ModuleFacts {
  file: string;
  names: Map<string, Binding>;
  stars: string[][];
  open?: string;
  isPackage: boolean;
  dotted: string[];
}

/** Reads a class while its tree is alive: members it defines, sets on `self` (in .py), its bases and escapes. */
function classFacts(def: Node, name: string, file: string): ClassFacts {
  const members = new Set<string>();
  const body = def.childForFieldName('body');
  for (const st of body?.namedChildren ?? []) {
    if (!st) continue;
    const d = st.type === 'decorated_definition' ? st.childForFieldName('definition') : st;
    if (d && (d.type === 'function_definition' || d.type === 'class_definition')) members.add(d.childForFieldName('name')!.text);
    if (st.type === 'expression_statement') {
      for (const a of st.namedChildren) {
        const left = a?.type === 'assignment' ? a.childForFieldName('left') : null;
        if (left?.type === 'identifier') members.add(left.text);
      }
    }
  }
  // `__slots__` names are descriptors on the class.
  for (const m of /__slots__\s*=\s*[([]([^)\]]*)[)\]]/.exec(body?.text ?? '')?.[1]?.matchAll(/["']([A-Za-z_]\w*)["']/g) ?? []) members.add(m[1]!);
  // Attributes a .py class sets on `self` exist on its instances.
  if (file.endsWith('.py')) for (const m of (body?.text ?? '').matchAll(/\bself\.([A-Za-z_]\w*)\s*(?::[^=\n]+)?=(?!=)/g)) members.add(m[1]!);
  let open: string | undefined = members.has('__getattr__') || members.has('__getattribute__') ? `class ${name} defines __getattr__` : undefined;
  const bases: string[] = [];
  for (const arg of def.childForFieldName('superclasses')?.namedChildren ?? []) {
    if (!arg) continue;
    if (arg.type === 'keyword_argument') {
      if (arg.childForFieldName('name')?.text === 'metaclass' && !/ABCMeta$/.test(arg.childForFieldName('value')?.text ?? '')) open ??= `class ${name} has a metaclass`;
      continue;
    }
    const text = (arg.type === 'subscript' ? arg.childForFieldName('value')?.text : arg.text) ?? arg.text;
    if (/^(object|(typing\.|typing_extensions\.)?(Generic|Protocol)|(abc\.)?ABC)$/.test(text)) continue;
    if (!/^[A-Za-z_][\w.]*$/.test(text)) open ??= `its base \`${text.slice(0, 40)}\` is an expression`;
    else bases.push(text);
  }
  return { name, members, bases, ...(open ? { open } : {}) };
}

class Reader {
  readonly stats: ReadStats = { files: 0, bytes: 0, ms: 0 };
  private readonly modules = new Map<string, ModuleFacts | undefined>();
  /** A `.pyi` beside its own `.py` was read: the stub may leave out what the source defines. */
  sawInlineStub = false;
  constructor(readonly site: string, readonly limits: InstalledLimits, readonly stopAt: string | undefined, readonly preferSource = false) {}

  private admit(file: string, size: number): boolean {
    if (this.stats.truncated) return false;
    const rel = this.stopAt === undefined ? '' : relative(this.stopAt, realpathSync(file));
    if (rel.startsWith('..') || isAbsolute(rel)) this.stats.truncated = `a file outside the root (${file})`;
    else if (this.stats.files + 1 > this.limits.maxFiles) this.stats.truncated = `more than ${this.limits.maxFiles} files (maxFiles)`;
    else if (this.stats.bytes + size > this.limits.maxBytes) this.stats.truncated = `more than ${this.limits.maxBytes} bytes (maxBytes)`;
    if (this.stats.truncated) return false;
    this.stats.files += 1;
    this.stats.bytes += size;
    return true;
  }

  async module(dotted: string[]): Promise<ModuleFacts | undefined> {
    const key = dotted.join('.');
    if (this.modules.has(key)) return this.modules.get(key);
    this.modules.set(key, undefined); // a cycle of star imports ends here
    const file = moduleFile(this.site, dotted, this.preferSource);
    if (!file || !this.admit(file, statSync(file).size)) return undefined;
    if (file.endsWith('.pyi') && !dotted[0]!.endsWith('-stubs') && existsSync(file.slice(0, -1))) this.sawInlineStub = true;
    const code = readFileSync(file, 'utf8');
    const tree = await parseWith(WASM, code, 'Python');
    try {
      const facts: ModuleFacts = { file, names: new Map(), stars: [], isPackage: /__init__\.pyi?$/.test(file), dotted };
      this.collect(tree.rootNode, facts);
      if (facts.names.has('__getattr__')) facts.open = `${key} defines a module-level __getattr__`;
      else if (file.endsWith('.py') && /\bglobals\(\)\s*(\[|\.update)|sys\.modules\[__name__\]|\bexec\(/.test(code)) facts.open = `${key} writes to its own namespace at run time`;
      this.modules.set(key, facts);
      return facts;
    } finally {
      tree.delete();
    }
  }

  /** Absolute dotted path of `from <prefix><name> import ...` inside `facts`' package. */
  private absolute(facts: ModuleFacts, node: Node): string[] {
    if (node.type !== 'relative_import') return node.text.split('.');
    const dots = node.namedChildren.find((c) => c?.type === 'import_prefix')?.text.length ?? 0;
    const rest = node.namedChildren.find((c) => c?.type === 'dotted_name')?.text.split('.') ?? [];
    const pkg = facts.isPackage ? facts.dotted : facts.dotted.slice(0, -1);
    return [...pkg.slice(0, pkg.length - (dots - 1)), ...rest];
  }

  private collect(block: Node, facts: ModuleFacts): void {
    for (const st of block.namedChildren) {
      if (!st) continue;
      switch (st.type) {
        case 'decorated_definition': {
          const def = st.childForFieldName('definition');
          if (def) this.bindDef(def, facts);
          break;
        }
        case 'function_definition':
        case 'class_definition':
          this.bindDef(st, facts);
          break;
        case 'expression_statement':
          for (const a of st.namedChildren) if (a?.type === 'assignment') this.bindTargets(a.childForFieldName('left'), facts);
          break;
        case 'import_statement':
          for (const n of st.childrenForFieldName('name')) {
            if (!n) continue;
            if (n.type === 'aliased_import') facts.names.set(n.childForFieldName('alias')!.text, { kind: 'import', module: n.childForFieldName('name')!.text.split('.'), file: facts.file });
            else facts.names.set(n.text.split('.')[0]!, { kind: 'import', module: [n.text.split('.')[0]!], file: facts.file });
          }
          break;
        case 'import_from_statement': {
          const modNode = st.childForFieldName('module_name');
          if (!modNode) break;
          const module = this.absolute(facts, modNode);
          if (st.namedChildren.some((c) => c?.type === 'wildcard_import')) facts.stars.push(module);
          for (const n of st.childrenForFieldName('name')) {
            if (!n) continue;
            const name = n.type === 'aliased_import' ? n.childForFieldName('name')!.text : n.text;
            const local = n.type === 'aliased_import' ? n.childForFieldName('alias')!.text : n.text;
            facts.names.set(local, { kind: 'import', module, name, file: facts.file });
          }
          break;
        }
        case 'if_statement':
        case 'try_statement':
        case 'with_statement':
        case 'else_clause':
        case 'elif_clause':
        case 'except_clause':
        case 'finally_clause':
        case 'block':
          // Names bound on any branch exist on some runs: enough to say "exists", and absence needs every branch.
          this.collect(st, facts); // its blocks and clauses, one level down each
          break;
        default:
          break;
      }
    }
  }

  private bindDef(def: Node, facts: ModuleFacts): void {
    const name = def.childForFieldName('name')?.text;
    if (!name) return;
    if (def.type !== 'class_definition') facts.names.set(name, { kind: 'def', file: facts.file, entry: 'function' });
    else facts.names.set(name, { kind: 'def', file: facts.file, entry: 'class', cls: classFacts(def, name, facts.file) });
  }

  private bindTargets(left: Node | null, facts: ModuleFacts): void {
    if (!left) return;
    if (left.type === 'identifier') facts.names.set(left.text, { kind: 'value', file: facts.file });
    else if (left.type === 'pattern_list' || left.type === 'tuple_pattern') for (const c of left.namedChildren) this.bindTargets(c, facts);
  }

  /** A name in a module, following imports and star imports; `open` when absence proves nothing. */
  async lookup(facts: ModuleFacts, name: string, depth = 0): Promise<{ binding?: Binding; open?: string; names: string[] }> {
    const names = [...facts.names.keys()];
    const own = facts.names.get(name);
    if (own) return { binding: own, names };
    const sub = moduleFile(this.site, [...facts.dotted, name], this.preferSource);
    if (facts.isPackage && sub) return { binding: { kind: 'import', module: [...facts.dotted, name], file: sub }, names };
    let open = facts.open;
    for (const star of facts.stars) {
      const m = depth < 8 ? await this.module(star) : undefined;
      if (!m) {
        open ??= `its \`from ${star.join('.')} import *\` could not be read`;
        continue;
      }
      const found = await this.lookup(m, name, depth + 1);
      names.push(...found.names.filter((n) => !n.startsWith('_')));
      if (found.binding && !name.startsWith('_')) return { binding: found.binding, names };
      open ??= found.open;
    }
    return { ...(open ? { open } : {}), names };
  }

  /** Follows an import binding to the definition it names (bounded). */
  async settle(binding: Binding, depth = 0): Promise<{ binding: Binding; facts?: ModuleFacts }> {
    if (binding.kind !== 'import' || depth > 8) return { binding };
    const m = await this.module(binding.module);
    if (!m) return { binding };
    if (binding.name === undefined) return { binding, facts: m };
    const found = await this.lookup(m, binding.name);
    return found.binding ? this.settle(found.binding, depth + 1) : { binding };
  }

  /** The members of a class, its bases' included; `open` when a base, `__getattr__` or a metaclass could add more. */
  async classMembers(cls: ClassFacts, file: string, depth = 0): Promise<{ members: Set<string>; open?: string }> {
    const members = new Set(cls.members);
    let open = cls.open;
    const facts = [...this.modules.values()].find((m) => m?.file === file);
    for (const text of cls.bases) {
      const base = facts && depth < 8 ? await this.resolveDotted(facts, text.split('.')) : undefined;
      if (!base || base.binding.kind !== 'def' || !base.binding.cls) {
        open ??= `its base \`${text}\` could not be read`;
        continue;
      }
      const inherited = await this.classMembers(base.binding.cls, base.binding.file, depth + 1);
      for (const m of inherited.members) members.add(m);
      open ??= inherited.open;
    }
    return { members, ...(open ? { open } : {}) };
  }

  /** `a.b.C` in a module's scope: a local name, then attributes through modules. */
  async resolveDotted(facts: ModuleFacts, parts: string[]): Promise<{ binding: Binding; facts?: ModuleFacts } | undefined> {
    let scope: ModuleFacts | undefined = facts;
    let current: { binding: Binding; facts?: ModuleFacts } | undefined;
    for (const p of parts) {
      if (!scope) return undefined;
      const found = await this.lookup(scope, p);
      if (!found.binding) return undefined;
      current = await this.settle(found.binding);
      scope = current.facts;
    }
    return current;
  }
}

interface LoadedSite {
  reader: Reader;
}

const cache = new SmallCache<LoadedSite>(6);

export function clearPythonCache(): void {
  cache.clear();
}

/** True when the standard catalog knows the top-level name as a module (the standard library wins). */
function isStandardModule(top: string): boolean {
  try {
    const v = verifyApi('python', top);
    return v.status === 'verified' || v.status === 'too_new' || v.status === 'removed';
  } catch {
    return false;
  }
}

/** A project's declared dependency named like `top` (pyproject `project.dependencies`, requirements*.txt). */
function declaredPythonDependency(top: string, from: string, stopAt?: string): string | undefined {
  const norm = (s: string) => s.toLowerCase().replace(/[-_.]+/g, '-');
  const re = new RegExp(`^\\s*["']?${norm(top).replace(/-/g, '[-_.]')}\\s*(\\[|[<>=!~;"',]|$)`, 'im');
  for (let d = from; ; d = dirname(d)) {
    for (const f of ['pyproject.toml', 'requirements.txt', 'requirements-dev.txt', 'setup.cfg']) {
      try {
        const text = readFileSync(join(d, f), 'utf8');
        if (text.length < 1024 * 1024 && re.test(text)) return join(d, f);
      } catch {
        // not there
      }
    }
    if (d === stopAt || dirname(d) === d) return undefined;
  }
}

export interface PythonLookup {
  symbol: string;
  from: string;
  stopAt?: string;
  limits?: InstalledLimits;
}

/**
 * The verdict of the installed version for a symbol whose first segment is a package in the project's virtualenv,
 * or undefined when it names none (then the standard catalog answers).
 */
export async function verifyPythonSymbol(q: PythonLookup): Promise<(PackageVerdict & { stats?: ReadStats }) | undefined> {
  const tokens = q.symbol.trim().split('.');
  const top = tokens[0]!;
  if (!/^[A-Za-z_]\w*$/.test(top) || isStandardModule(top)) return undefined;
  const venv = findVenv(q.from, q.stopAt);
  const site = venv && sitePackagesOf(venv);
  if (!site || !moduleFile(site, [top])) {
    const declared = declaredPythonDependency(top, q.from, q.stopAt);
    if (!declared) return undefined;
    return {
      status: 'cannot_verify', symbol: q.symbol, language: 'python', package: { name: top, version: 'not installed' },
      reason: `\`${top}\` is declared in ${relative(q.from, declared) || declared} but ${site ? `not installed in ${relative(q.from, venv!)}` : 'no virtualenv (.venv, venv, or a folder with pyvenv.cfg) was found in the project'}: install the project's dependencies into one, then ask again.`,
    };
  }
  const dist = distributionOf(site, top) ?? { name: top, version: 'unknown' };
  const readerOf = (preferSource: boolean): Reader => {
    const key = `${site}\u0000${dist.name}@${dist.version}\u0000${preferSource}\u0000${q.limits?.maxFiles}/${q.limits?.maxBytes}`;
    let loaded = cache.get(key);
    if (!loaded) {
      loaded = { reader: new Reader(site, q.limits ?? DEFAULT_INSTALLED_LIMITS, q.stopAt, preferSource) };
      cache.set(key, loaded);
    }
    return loaded.reader;
  };
  const stubFirst = readerOf(false);
  const verdict = await resolveSymbol(stubFirst, site, tokens, dist, q);
  // An inline stub may leave out what its source defines: absence must hold in the source too.
  if (verdict.status !== 'not_found' || !stubFirst.sawInlineStub) return verdict;
  const fromSource = await resolveSymbol(readerOf(true), site, tokens, dist, q);
  return fromSource.status === 'not_found' ? verdict : fromSource;
}

async function resolveSymbol(reader: Reader, site: string, tokens: string[], dist: { name: string; version: string }, q: PythonLookup): Promise<PackageVerdict & { stats?: ReadStats }> {
  const started = performance.now();
  const rel = (file: string) => relative(q.stopAt ?? q.from, file).split('\\').join('/');
  const parts: VerdictParts = { language: 'python', symbol: q.symbol, pkg: dist, source: 'python-site-packages' };
  const done = (fields: Parameters<typeof packageVerdict>[1], file?: string) => {
    reader.stats.ms += Math.round(performance.now() - started);
    return { ...packageVerdict(file ? { ...parts, file: rel(file) } : parts, fields), stats: { ...reader.stats } };
  };
  // The longest dotted prefix that is a module file; then attributes.
  let k = tokens.length;
  while (k > 1 && !moduleFile(site, tokens.slice(0, k), reader.preferSource)) k--;
  let facts = await reader.module(tokens.slice(0, k));
  if (!facts) return done({ status: 'cannot_verify', reason: `Reading ${tokens.slice(0, k).join('.')} stopped: ${reader.stats.truncated ?? 'unreadable'}.` });
  let path = tokens.slice(0, k).join('.');
  let here: { binding: Binding; facts?: ModuleFacts } = { binding: { kind: 'import', module: tokens.slice(0, k), file: facts.file }, facts };
  for (const [i, segment] of tokens.slice(k).entries()) {
    const miss = (open: string | undefined, names: Iterable<string>, file: string) => {
      const suggestions = nearNames(segment, [...names].filter((n) => !n.startsWith('_'))).map((n) => `${path}.${n}`);
      const whyOpen = open ?? (reader.stats.truncated ? `reading stopped at ${reader.stats.truncated}` : undefined);
      const rest = i < tokens.length - k - 1 ? ` (asked for \`${tokens.slice(k + i).join('.')}\`)` : '';
      return done(whyOpen
        ? { status: 'cannot_verify', reason: `\`${segment}\` is not defined on \`${path}\` in ${dist.name} ${dist.version}, but absence proves nothing there: ${whyOpen}.`, ...(suggestions.length ? { suggestions } : {}) }
        : { status: 'not_found', reason: `\`${path}\` in ${dist.name} ${dist.version} (as installed) has no \`${segment}\`${rest}.`, ...(suggestions.length ? { suggestions } : {}) }, file);
    };
    if (here.facts) {
      const found = await reader.lookup(here.facts, segment);
      if (!found.binding) return miss(found.open, found.names, here.facts.file);
      here = await reader.settle(found.binding);
    } else if (here.binding.kind === 'def' && here.binding.cls) {
      const { members, open } = await reader.classMembers(here.binding.cls, here.binding.file);
      if (!members.has(segment)) return miss(open ?? (segment.startsWith('__') ? 'dunder names come from `object` and the data model' : undefined), members, here.binding.file);
      // A member's own members (a method's attributes, a nested class's) are not followed: say what is known.
      if (i < tokens.length - k - 1) return done({ status: 'cannot_verify', reason: `\`${path}.${segment}\` exists in ${dist.name} ${dist.version}; members of a class member are not followed.` }, here.binding.file);
      path += `.${segment}`;
      return done({ status: 'verified', symbol: path, kind: 'method' }, here.binding.file);
    } else {
      return done({ status: 'cannot_verify', reason: `\`${path}\` is ${here.binding.kind === 'def' ? 'a function' : here.binding.kind === 'value' ? 'a value' : 'imported from a module that could not be read'} in ${dist.name} ${dist.version}: its members are not declared.` }, here.binding.file);
    }
    path += `.${segment}`;
  }
  const b = here.binding;
  const kind: EntryKind = here.facts ? 'module' : b.kind === 'def' ? b.entry : b.kind === 'value' ? 'constant' : 'module';
  return done({ status: 'verified', symbol: path, kind }, here.facts?.file ?? b.file);
}

