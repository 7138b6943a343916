// Generator for the Node.js catalog: exports of the async-relevant Node modules and the members of their classes.
// Existence per major, signatures, @since/@deprecated/@experimental come from @types/node 20, 22 and 24 (npm
// aliases types-node-20/22/24); where @since is missing, Node's own doc JSON (Debian nodejs-doc) supplies `added`
// (a list per release line, because of backports) and the doc anchors. All of them are pinned inputs
// (scripts/sources/inputs.json), read through scripts/sources/inputs.mjs: never the doc of whatever Node the
// machine has, which would give another machine another catalog.
//
// Id spelling: `node:<module>.<export>`; class members `node:<module>.<Class>.prototype.<member>` (instance) and
// `node:<module>.<Class>.<member>` (static). Modules themselves are `node:<module>`.
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { gunzipSync } from 'node:zlib';
import { Project, ts } from 'ts-morph';
import { getInput, inputDir } from '../sources/inputs.mjs';

const ROOT = new URL('../../', import.meta.url).pathname;
const MAJORS = ['20', '22', '24', '26'];
export const NODE_MODULES = [
  'async_hooks', 'child_process', 'diagnostics_channel', 'dns/promises', 'events', 'fs/promises', 'http', 'https',
  'net', 'os', 'perf_hooks', 'process', 'readline/promises', 'stream', 'stream/promises', 'timers',
  'timers/promises', 'util', 'worker_threads',
];
/** Node's doc JSON writes module functions with a local name: `timersPromises.setTimeout`, `fsPromises.open`. */
const DOC_PREFIXES = {
  'async_hooks': ['async_hooks', 'asyncHooks'], 'child_process': ['child_process'], 'diagnostics_channel': ['diagnostics_channel'],
  'dns/promises': ['dnsPromises'], 'events': ['events', 'EventEmitter'], 'fs/promises': ['fsPromises'], 'http': ['http'],
  'https': ['https'], 'net': ['net'], 'os': ['os'], 'perf_hooks': ['perf_hooks', 'performance'], 'process': ['process'],
  'readline/promises': ['readlinePromises'], 'stream': ['stream'], 'stream/promises': [], 'timers': ['timers', ''],
  'timers/promises': ['timersPromises'], 'util': ['util'], 'worker_threads': ['worker', 'worker_threads'],
};
/** Doc page of each module (AsyncLocalStorage lives on async_context.html, found through the class index). */
const DOC_FILE = {
  'dns/promises': 'dns.html', 'fs/promises': 'fs.html', 'readline/promises': 'readline.html',
  'stream/promises': 'stream.html', 'timers/promises': 'timers.html',
};

const NODE_DOC_INPUT = 'nodejs-doc';

let docIndexCache;
/**
 * Index of Node's doc JSON: key -> [{ added, deprecated, file, anchor }]. Keys: `events.once`, `setTimeout`,
 * `FileHandle.prototype.close`, `AbortSignal.any`, and each also prefixed by its page (`fs.html|...`).
 */
export function readNodeDocIndex() {
  if (docIndexCache) return docIndexCache;
  const index = new Map();
  const docDir = inputDir(NODE_DOC_INPUT); // throws, naming `npm run setup:sources`, when it was not fetched
  const all = JSON.parse(gunzipSync(readFileSync(join(docDir, 'all.json.gz'))).toString('utf8'));
  const idsByFile = new Map();
  const anchorsOf = (file) => {
    if (!idsByFile.has(file)) {
      const p = join(docDir, file);
      // Heading text -> anchor, read from the page itself: repeated headings get `_1` suffixes we cannot guess.
      const ids = new Map();
      const html = existsSync(p) ? readFileSync(p, 'utf8') : '';
      for (const m of html.matchAll(/<h[1-6][^>]*>([\s\S]*?)<span><a class="mark" href="#([^"]+)"/g)) {
        const text = m[1].replace(/<[^>]+>/g, '').replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&quot;/g, '"')
          .replace(/&#39;/g, "'").replace(/&amp;/g, '&').trim();
        if (!ids.has(text)) ids.set(text, m[2]);
      }
      idsByFile.set(file, ids);
    }
    return idsByFile.get(file);
  };
  const add = (key, value) => {
    for (const k of [key, `${value.file}|${key}`]) {
      if (!index.has(k)) index.set(k, []);
      index.get(k).push(value);
    }
  };
  const walk = (node, file, klass, collection) => {
    const f = node.source ? node.source.replace(/^.*\//, '').replace(/\.md$/, '.html') : file;
    const raw = (node.textRaw ?? '').replace(/`/g, '');
    let k = klass;
    const type = node.type;
    const fact = () => {
      return {
        added: node.meta?.added ?? [],
        deprecated: node.meta?.deprecated ?? [],
        file: f,
        anchor: anchorsOf(f).get(raw.trim()),
      };
    };
    if (type === 'class' || /^Class: /.test(raw)) {
      const name = raw.replace(/^Class:\s*/, '').split(/\s+extends\s+/)[0].trim();
      k = name.split('.').pop();
      add(k, fact());
    } else if (['method', 'property', 'classMethod', 'ctor', 'global'].includes(type) || /^Static method: /.test(raw)
      || ['methods', 'properties', 'classMethods'].includes(collection)) {
      const isStatic = type === 'classMethod' || /^Static method: /.test(raw);
      const head = raw.replace(/^Static method:\s*/, '').replace(/^new\s+/, '').split('(')[0].trim();
      const parts = head.split('.');
      const member = parts.pop();
      if (member && /^[\w$]+$/.test(member)) {
        if (klass && type !== 'global' && !(parts.length === 1 && parts[0] === klass && isStatic)) {
          add(`${klass}.prototype.${member}`, fact());
        }
        if (klass && isStatic) add(`${klass}.${member}`, fact());
        if (!klass || type === 'global') add(parts.length ? `${parts.join('.')}.${member}` : member, fact());
      }
    }
    for (const key of ['globals', 'modules', 'classes', 'methods', 'properties', 'miscs', 'classMethods', 'ctors']) {
      for (const child of node[key] ?? []) walk(child, f, k, key);
    }
  };
  for (const g of all.globals ?? []) walk(g, 'globals.html', undefined, 'globals');
  for (const m of all.modules ?? []) walk(m, undefined, undefined, 'modules');
  const { version } = getInput(NODE_DOC_INPUT);
  docIndexCache = Object.assign(index, {
    line: Number(version.split('.')[0]) || Infinity,
    source: { id: 'nodejs-doc', name: "Node.js API doc JSON (Debian nodejs-doc, api/all.json)", version, license: 'MIT', url: 'https://nodejs.org/api/' },
  });
  return docIndexCache;
}

function listDts(dir, out = [], rel = '') {
  for (const name of readdirSync(dir)) {
    if (name === 'node_modules') continue;
    const p = join(dir, name);
    const r = rel ? `${rel}/${name}` : name;
    if (statSync(p).isDirectory()) listDts(p, out, r);
    else if (name.endsWith('.d.ts') || name === 'package.json') out.push(r);
  }
  return out;
}

/** One in-memory Project per @types/node major, so undici-types cannot pull in a second copy of @types/node. */
function loadMajor(major) {
  const pkgDir = inputDir(`types-node-${major}`);
  const nested = join(pkgDir, 'node_modules', 'undici-types');
  const undiciDir = existsSync(nested) ? nested : join(ROOT, 'node_modules', 'undici-types');
  const project = new Project({
    useInMemoryFileSystem: true,
    compilerOptions: {
      target: ts.ScriptTarget.ESNext, lib: ['lib.esnext.d.ts'], strict: true, types: ['node'],
      typeRoots: ['/node_modules/@types'], moduleResolution: ts.ModuleResolutionKind.Node10,
    },
  });
  const fs = project.getFileSystem();
  for (const f of listDts(pkgDir)) fs.writeFileSync(`/node_modules/@types/node/${f}`, readFileSync(join(pkgDir, f), 'utf8'));
  for (const f of listDts(undiciDir)) fs.writeFileSync(`/node_modules/undici-types/${f}`, readFileSync(join(undiciDir, f), 'utf8'));
  project.createSourceFile('/probe.ts', NODE_MODULES.map((m, i) => `import * as m${i} from 'node:${m}';`).join('\n') + '\nexport {};\n');
  const pkg = JSON.parse(readFileSync(join(pkgDir, 'package.json'), 'utf8'));
  const program = project.getProgram().compilerObject;
  return { program, checker: program.getTypeChecker(), version: pkg.version, probe: program.getSourceFile('/probe.ts') };
}

function tagsOf(symbol, checker) {
  const out = {};
  for (const t of symbol.getJsDocTags(checker)) {
    const text = ts.displayPartsToString(t.text ?? []).trim();
    if (!(t.name in out)) out[t.name] = text;
  }
  return out;
}

function firstSentence(text) {
  const flat = text.replace(/```[\s\S]*?```/g, ' ').replace(/\s+/g, ' ').trim();
  if (!flat) return undefined;
  const m = /^(.+?[.!?])(\s|$)/.exec(flat);
  return m ? m[1] : flat;
}

/** `v11.13.0, v10.16.0` -> ['11.13.0', '10.16.0']; anything not a version is dropped. */
function parseSince(text) {
  if (!text) return [];
  return [...text.matchAll(/v?(\d+\.\d+\.\d+)/g)].map((m) => m[1]);
}

const FMT = ts.TypeFormatFlags.NoTruncation | ts.TypeFormatFlags.UseFullyQualifiedType;

/** Facts for one symbol in one major. */
function describe(ctx, sym, name) {
  const { checker, probe } = ctx;
  const decls = sym.getDeclarations() ?? [];
  const flags = sym.getFlags();
  let kind;
  let signature = [];
  let parameters = [];
  const t = flags & ts.SymbolFlags.Value ? checker.getTypeOfSymbolAtLocation(sym, probe) : undefined;
  const construct = t?.getConstructSignatures() ?? [];
  const calls = t?.getCallSignatures() ?? [];
  if (flags & ts.SymbolFlags.Class || (construct.length && flags & ts.SymbolFlags.Variable)) {
    kind = 'class';
    signature = construct.map((s) => `new ${name}${checker.signatureToString(s, undefined, FMT)}`);
  } else if (flags & (ts.SymbolFlags.Function | ts.SymbolFlags.Method) || calls.length) {
    kind = flags & ts.SymbolFlags.Method ? 'method' : 'function';
    signature = calls.map((s) => `${name}${checker.signatureToString(s, undefined, FMT)}`);
    const keys = new Set();
    for (const s of calls) {
      for (const p of s.getParameters()) {
        if (!/^opt(ion)?s$/i.test(p.getName())) continue;
        const pt = checker.getNonNullableType(checker.getTypeOfSymbolAtLocation(p, probe));
        const parts = pt.isUnion() ? pt.types : [pt];
        for (const part of parts) {
          if (!(part.flags & ts.TypeFlags.Object)) continue;
          for (const prop of part.getProperties()) keys.add(prop.getName());
        }
      }
    }
    parameters = [...keys].sort();
  } else if (flags & ts.SymbolFlags.Interface) {
    kind = 'interface';
  } else if (flags & ts.SymbolFlags.TypeAlias) {
    kind = 'type';
  } else if (flags & ts.SymbolFlags.Enum) {
    kind = 'enum';
  } else if (flags & (ts.SymbolFlags.Module | ts.SymbolFlags.Namespace)) {
    kind = 'namespace';
  } else if (flags & (ts.SymbolFlags.Variable | ts.SymbolFlags.Property)) {
    const isConst = decls.some((d) => ts.isVariableDeclaration(d) && (ts.getCombinedNodeFlags(d) & ts.NodeFlags.Const))
      || decls.some((d) => (ts.isPropertyDeclaration(d) || ts.isPropertySignature(d)) && d.modifiers?.some((m) => m.kind === ts.SyntaxKind.ReadonlyKeyword) && /^[A-Z_0-9]+$/.test(sym.getName()));
    kind = isConst ? 'constant' : 'property';
    signature = t ? [`${name}: ${checker.typeToString(t, undefined, FMT)}`] : [];
  } else {
    return undefined;
  }
  const tags = tagsOf(sym, checker);
  const summary = firstSentence(ts.displayPartsToString(sym.getDocumentationComment(checker)));
  const file = decls[0]?.getSourceFile().fileName.replace('/node_modules/@types/node/', '');
  return {
    kind, signature: [...new Set(signature)], parameters, summary, file,
    since: parseSince(tags.since),
    deprecated: 'deprecated' in tags ? tags.deprecated || 'Deprecated.' : undefined,
    experimental: 'experimental' in tags,
  };
}

/** Marks class members declared on a base class (`ClientRequest.end` comes from Writable, with Writable's @since). */
function withOwner(facts, member, ownerSymbol) {
  if (!facts) return facts;
  const own = new Set(ownerSymbol.getDeclarations() ?? []);
  return { ...facts, inherited: !(member.getDeclarations() ?? []).some((d) => own.has(d.parent)) };
}

/** Release line of a Node version: the major; all of 0.x counts as one line (nobody targets a 0.x minor). */
function releaseLine(v) {
  return Number(v.split('.')[0]);
}

function compareVersions(a, b) {
  const pa = a.split('.').map(Number);
  const pb = b.split('.').map(Number);
  for (let i = 0; i < 3; i++) if ((pa[i] ?? 0) !== (pb[i] ?? 0)) return (pa[i] ?? 0) - (pb[i] ?? 0);
  return 0;
}

/**
 * Folds "added" versions from several sources into one list per release line, newest line first
 * (['20.3.0', '18.17.0'] for a backport). Per line the earliest version wins. Backports only go to release lines
 * still maintained, never more than five majors back: a version on a line that far above an older one is not
 * the first release (it marks a later change), so the older version is the origin and the newer lines drop out.
 */
export function normaliseNodeSince(versions, preferred = [], preferredUpTo = Infinity) {
  const byLine = new Map();
  const fold = (list, map) => {
    for (const raw of list) {
      const v = raw.replace(/^v/, '');
      if (!/^\d+\.\d+\.\d+$/.test(v)) continue;
      const line = releaseLine(v);
      if (!map.has(line) || compareVersions(v, map.get(line)) < 0) map.set(line, v);
    }
  };
  // Node's own doc JSON is authoritative for the release lines it knows (up to its own, 18 for Debian's copy):
  // there the secondary source only fills in when the doc has nothing. Newer lines come from the secondary.
  // Lines the doc does not mention at all keep the secondary source's version (MDN's backport row for 18.x when
  // the doc at hand is a newer line's and lists only 20.3.0).
  // Only a nearby line counts as a backport (at most five majors from a line the doc names); a far older one marks
  // an earlier API the doc has re-dated (net.Socket#remoteAddress: 0.5.10 in the types, 12.0.0 in the doc).
  const docLines = preferred.map((p) => releaseLine(p.replace(/^v/, '')));
  const backport = (v) => { const l = releaseLine(v.replace(/^v/, '')); return !docLines.includes(l) && docLines.some((d) => Math.abs(d - l) <= 5); };
  fold(preferred.length ? versions.filter((v) => releaseLine(v.replace(/^v/, '')) > preferredUpTo || backport(v)) : versions, byLine);
  const first = new Map();
  fold(preferred, first);
  for (const [line, v] of first) byLine.set(line, v);
  const asc = [...byLine.values()].sort(compareVersions);
  const kept = [];
  for (const v of asc) {
    const prev = kept[kept.length - 1];
    if (prev !== undefined && releaseLine(v) - releaseLine(prev) > 5) break;
    kept.push(v);
  }
  return kept.reverse();
}

function resolveAlias(checker, sym) {
  return sym.getFlags() & ts.SymbolFlags.Alias ? checker.getAliasedSymbol(sym) : sym;
}

/** `__@asyncIterator@42` -> `[Symbol.asyncIterator]`; other names unchanged. */
function memberName(name) {
  const m = /^__@(\w+)@\d+$/.exec(name);
  return m ? `[Symbol.${m[1]}]` : name;
}

/** `X.y`, or `X[Symbol.y]` for symbol-keyed members. */
function memberId(owner, name) {
  return name.startsWith('[') ? `${owner}${name}` : `${owner}.${name}`;
}

/** How many levels of value members are listed below a module export (`process.hrtime.bigint`). */
const VALUE_DEPTH = 2;

/** All facts of one major: id -> { facts, docKeys } */
function collectMajor(major) {
  const ctx = loadMajor(major);
  const { checker } = ctx;
  const out = new Map();
  const moduleSyms = new Map(checker.getAmbientModules().map((m) => [m.getName().replace(/^"|"$/g, ''), m]));
  const put = (id, facts, docKeys, module) => { if (facts && !out.has(id)) out.set(id, { ...facts, docKeys, module }); };
  /** Declaration file of a symbol's first declaration, relative to @types/node. */
  const fileOf = (sym) => sym?.getDeclarations()?.[0]?.getSourceFile().fileName.replace('/node_modules/@types/node/', '');
  const exportedAt = new Map(); // symbol of an exported class/interface -> its id, for links from values

  /**
   * Members of a value whose type is an object or a function with properties (`performance`, `util.types`,
   * `process.hrtime`): listed inline, or linked to the catalogued class or interface that is its type. A type with
   * an index signature (process.env) stays open: any key may exist.
   */
  const valueMembers = (id, sym, facts, module, docPrefix, depth) => {
    const type = checker.getTypeOfSymbolAtLocation(sym, ctx.probe);
    if (type.getStringIndexType() || type.getNumberIndexType()) { facts.open = 'its type has an index signature: any key may exist'; return; }
    const typeSym = type.getSymbol() ?? type.aliasSymbol;
    const linked = typeSym && exportedAt.get(typeSym);
    if (linked && !(type.getCallSignatures().length && type.getProperties().length)) { facts.ext = [linked]; facts.closed = 'value'; return; }
    const props = type.getProperties().filter((p) => !p.getName().startsWith('#'));
    const declaredElsewhere = typeSym && typeSym.getName() !== '__type' && typeSym.getName() !== '__object' && !(typeSym.getFlags() & ts.SymbolFlags.ValueModule)
      && (typeSym.getFlags() & (ts.SymbolFlags.Class | ts.SymbolFlags.Interface)) && !type.getCallSignatures().length;
    if (depth >= VALUE_DEPTH || (declaredElsewhere && props.length > 40)) {
      if (props.length) facts.open = `its type ${checker.typeToString(type)} is not enumerated here`;
      return;
    }
    facts.closed = 'value';
    for (const raw of props) {
      const m = memberName(raw.getName());
      const p = resolveAlias(checker, raw); // namespace-merged members (`setTimeout.__promisify__`) may be aliases
      const pid = memberId(id, m);
      const pf = describe(ctx, p, m);
      if (!pf) continue;
      put(pid, pf, [`${docPrefix}.${m}`], module);
      if (pf.kind !== 'class' && pf.kind !== 'interface') valueMembers(pid, p, out.get(pid), module, `${docPrefix}.${m}`, depth + 1);
    }
  };

  /** The catalogued class or interface that declares a member, when it is not `sym` itself. */
  const declaringExport = (member, sym) => {
    for (const d of member.getDeclarations() ?? []) {
      const parent = d.parent?.symbol ?? (d.parent && checker.getSymbolAtLocation(d.parent.name ?? d.parent));
      const at = parent && parent !== sym ? exportedAt.get(parent) : undefined;
      if (at) return at;
    }
    return undefined;
  };

  /**
   * Static and instance members of a class, or the members of an interface (FileHandle: `.prototype.`). Members
   * declared by a catalogued base (stream.Readable for http.IncomingMessage) are marked, so build() can leave them
   * to the base through the `extends` link unless Node's docs describe them for this class.
   */
  const typeMembers = (id, name, sym, facts, module) => {
    const inst = checker.getDeclaredTypeOfSymbol(sym);
    // The nearest catalogued ancestors, looking through bases outside the catalog (https.ServerOptions extends
    // tls.TlsOptions, which extends net.ServerOpts...).
    const bases = [];
    const seenBases = new Set();
    const climb = (t) => {
      for (const b of t.getBaseTypes?.() ?? []) {
        const bs = b.getSymbol();
        if (!bs || seenBases.has(bs)) continue;
        seenBases.add(bs);
        const at = exportedAt.get(bs);
        if (at) { if (!bases.includes(at)) bases.push(at); } else climb(b);
      }
    };
    climb(inst);
    if (bases.length) facts.ext = bases;
    if (facts.kind === 'class') {
      const ctorType = checker.getTypeOfSymbolAtLocation(sym, ctx.probe);
      for (const raw of ctorType.getProperties()) {
        const m = memberName(raw.getName());
        if (m === 'prototype') continue;
        // Statics merged in from a namespace (`Readable.promises`, `EventEmitter.EventEmitter`) may be aliases.
        const p = resolveAlias(checker, raw);
        const f = withOwner(describe(ctx, p, m), p, sym);
        if (f && bases.length) f.inheritedFrom = declaringExport(p, sym);
        put(memberId(id, m), f, [`${name}.${m}`], module);
      }
    }
    // Instance members are `X.prototype.m` for interfaces too: @types/node turns interfaces into classes between
    // majors (perf_hooks.Performance in 26), and the id must not change with that. Lookups accept `X.m` as well.
    const owner = `${id}.prototype`;
    for (const p of inst.getProperties()) {
      const m = memberName(p.getName());
      if (m.startsWith('#')) continue;
      const f = withOwner(describe(ctx, p, m), p, sym);
      if (f && bases.length) f.inheritedFrom = declaringExport(p, sym);
      put(memberId(owner, m), f, [`${name}.prototype.${m}`], module);
    }
    if (inst.getStringIndexType() || inst.getNumberIndexType()) facts.open = 'its type has an index signature: any key may exist';
    else facts.closed = facts.kind;
  };

  /** The exports of a module or namespace; their members are listed by membersOf once every module is read. */
  const pending = [];
  const exportsOf = (prefix, module, exported, docPrefixes, depth) => {
    const later = [];
    for (const raw of exported) {
      const name = memberName(raw.getName());
      if (name === 'default' || name === 'export=') continue;
      const sym = resolveAlias(checker, raw);
      const facts = describe(ctx, sym, name);
      if (!facts) continue;
      const id = `${prefix}.${name}`;
      put(id, facts, docPrefixes.map((p) => (p ? `${p}.${name}` : name)), module);
      if (facts.kind === 'class' || facts.kind === 'interface') exportedAt.set(sym, id);
      later.push({ id, name, sym, facts: out.get(id), module });
      if (out.get(id).kind === 'namespace' && depth < 2) exportsOf(id, module, checker.getExportsOfModule(sym), [name], depth + 1);
    }
    pending.push(...later);
  };
  /** Classes and interfaces first (values typed by them link to them, subclasses to their bases), then values. */
  const membersOf = () => {
    for (const x of pending) if (x.facts.kind === 'class' || x.facts.kind === 'interface') typeMembers(x.id, x.name, x.sym, x.facts, x.module);
    for (const x of pending) {
      if (x.facts.kind === 'class' || x.facts.kind === 'interface' || x.facts.kind === 'type' || x.facts.kind === 'enum') continue;
      if (x.facts.kind === 'namespace') { x.facts.closed = 'namespace'; continue; }
      if (x.sym.getFlags() & ts.SymbolFlags.Value) valueMembers(x.id, x.sym, x.facts, x.module, x.name, 0);
    }
  };

  for (const mod of NODE_MODULES) {
    const msym = moduleSyms.get(mod);
    if (!msym) continue;
    put(`node:${mod}`, { kind: 'module', signature: [], parameters: [], since: [], experimental: false, closed: 'module' }, [], mod);
    const prefixes = DOC_PREFIXES[mod] ?? [mod];
    let exported = checker.getExportsOfModule(msym);
    const exportEquals = msym.exports?.get('export=');
    const target = exportEquals ? resolveAlias(checker, exportEquals) : undefined;
    if (target && target.getFlags() & ts.SymbolFlags.Variable && !(target.getFlags() & ts.SymbolFlags.Class)) {
      // `export = process`: the module's members are the properties of the variable's type.
      exported = checker.getTypeOfSymbolAtLocation(target, ctx.probe).getProperties();
    }
    exportsOf(`node:${mod}`, mod, exported, prefixes, 0);
  }
  membersOf();
  void fileOf;
  return { facts: out, version: ctx.version };
}

export async function build() {
  const perMajor = MAJORS.map((m) => ({ major: m, ...collectMajor(m) }));
  const doc = readNodeDocIndex();
  const ids = new Set(perMajor.flatMap((p) => [...p.facts.keys()]));
  const entries = [];
  for (const id of [...ids].sort()) {
    const present = perMajor.filter((p) => p.facts.has(id));
    const latest = present[present.length - 1];
    const f = latest.facts.get(id);
    const src = `types-node-${latest.major}`;
    const e = { id, kind: f.kind };
    const fields = ['kind'];
    const prov = [];
    if (f.summary) { e.summary = f.summary; fields.push('summary'); }
    if (f.signature.length) { e.signature = f.signature; fields.push('signature'); }
    // @since from the newest major that states it (older @types/node sometimes lacked the tag).
    const sinceFrom = [...present].reverse().find((p) => p.facts.get(id).since.length);
    const docFact = f.docKeys
      .map((k) => doc.get(`${DOC_FILE[f.module] ?? `${f.module.split('/')[0]}.html`}|${k}`) ?? (doc.get(k)?.length === 1 ? doc.get(k) : undefined))
      .find((x) => x)?.[0];
    // A member a catalogued base declares, which Node's docs do not describe for this class, is answered through
    // the class's `extends` link (with the base's facts) rather than copied here.
    if (f.inheritedFrom && !docFact && present.every((p) => p.facts.get(id).inheritedFrom)) continue;
    let since;
    // An inherited member's @since is the base class's; the doc's entry for this class is the better fact.
    const typeSince = f.inherited && docFact?.added.length ? [] : present.flatMap((p) => p.facts.get(id).since);
    const docSince = docFact?.added ?? [];
    if (typeSince.length || docSince.length) {
      since = normaliseNodeSince(typeSince, docSince, doc.line);
      if (typeSince.length) prov.push({ source: `types-node-${sinceFrom.major}`, file: sinceFrom.facts.get(id).file, fields: ['since.node'] });
      if (docSince.length) prov.push({ source: 'nodejs-doc', file: docFact.file, fields: ['since.node'] });
    } else if (present[0].major !== MAJORS[0]) {
      // Absent from the older @types/node majors: it exists from this major on (as far as the types can tell).
      since = [`${present[0].major}.0.0`];
      prov.push({ source: `types-node-${present[0].major}`, fields: ['since.node'] });
    }
    if (since?.length) e.since = { node: since };
    else {
      // In the oldest @types/node checked and dated by no source: it may be older than that line.
      e.atOrBefore = { node: MAJORS[0] };
      prov.push({ source: `types-node-${MAJORS[0]}`, fields: ['atOrBefore.node'] });
    }
    const gone = MAJORS.find((m, i) => i > 0 && perMajor[i - 1].facts.has(id) && !perMajor[i].facts.has(id)
      && perMajor.slice(i).every((p) => !p.facts.has(id)));
    if (gone) {
      e.removed = { node: gone };
      prov.push({ source: `types-node-${gone}`, fields: ['removed'] });
    }
    if (f.deprecated) { e.deprecated = { message: f.deprecated }; fields.push('deprecated'); }
    if (f.experimental) { e.experimental = true; fields.push('experimental'); }
    if (f.parameters.length) { e.parameters = f.parameters; fields.push('parameters'); }
    const page = docFact?.file ?? DOC_FILE[f.module] ?? `${f.module.split('/')[0]}.html`;
    e.docUrl = `https://nodejs.org/api/${page}${docFact?.anchor ? `#${docFact.anchor}` : ''}`;
    // Scope facts come from the newest major: what it enumerates completely, what it links to, or why it is open.
    if (f.closed) { e.closed = f.closed; fields.push('closed'); }
    if (f.ext) { e.extends = f.ext; fields.push('extends'); }
    if (f.open) { e.notes = [`Members not enumerated: ${f.open}.`]; fields.push('notes'); }
    prov.unshift({ source: src, file: f.file, fields });
    prov.push({ source: docFact ? 'nodejs-doc' : 'derived', fields: ['docUrl'] });
    e.provenance = mergeProvenance(prov);
    entries.push(e);
  }
  return {
    language: 'node',
    coverage: `Node.js built-in modules relevant to async code (${NODE_MODULES.join(', ')}): every export, every member of their classes, interfaces and namespaces, and the members of values such as performance, scheduler and util.types, for Node ${MAJORS.join(', ')} as described by @types/node; web globals are answered from the javascript catalog; other modules and npm packages are not covered.`,
    sources: [
      ...perMajor.map((p) => ({ id: `types-node-${p.major}`, name: '@types/node', version: p.version, license: 'MIT', url: 'https://github.com/DefinitelyTyped/DefinitelyTyped/tree/master/types/node' })),
      ...(doc.source ? [doc.source] : []),
      { id: 'derived', name: 'Node.js doc URL built from the module name (https://nodejs.org/api/<module>.html)', version: '1', license: 'project' },
    ],
    versions: { node: MAJORS },
    completeness: Object.fromEntries(Object.entries({
      module: { source: `types-node-${MAJORS.at(-1)}`, rule: "every export TypeScript's checker lists for the module (for `export =` modules, every property of the exported value)" },
      class: { source: `types-node-${MAJORS.at(-1)}`, rule: "every property of the class's constructor type (statics) and of its instance type, inherited members included; every object also has Object.prototype's members" },
      interface: { source: `types-node-${MAJORS.at(-1)}`, rule: 'every property of the interface, inherited members included' },
      namespace: { source: `types-node-${MAJORS.at(-1)}`, rule: 'every export of the namespace' },
      value: { source: `types-node-${MAJORS.at(-1)}`, rule: "every property of the value's declared type (listed inline, or through the catalogued class or interface that is its type)" },
    }).map(([k, r]) => [k, { ...r, from: { node: MAJORS[0] } }])),
    entries,
  };
}

/** Joins provenance rows of the same source and file, keeping field order. */
function mergeProvenance(rows) {
  const out = [];
  for (const r of rows) {
    const same = out.find((o) => o.source === r.source && o.file === r.file);
    if (same) { for (const f of r.fields) if (!same.fields.includes(f)) same.fields.push(f); }
    else out.push({ source: r.source, ...(r.file ? { file: r.file } : {}), fields: [...r.fields] });
  }
  return out;
}
