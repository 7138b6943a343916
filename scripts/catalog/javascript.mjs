// Generator for the JavaScript/TypeScript catalog: async-relevant ECMAScript built-ins and web globals.
// Existence, signatures and the ECMAScript edition come from the TypeScript lib files bundled in ts-morph (read
// with the type checker); Node support and MDN urls from @mdn/browser-compat-data; Node's own doc JSON (Debian
// nodejs-doc) supplies backport lists for the web globals Node documents.
import { createRequire } from 'node:module';
import { Project, ts } from 'ts-morph';
import { normaliseNodeSince, readNodeDocIndex } from './node.mjs';

const require = createRequire(import.meta.url);

export const EDITIONS = [
  'ES5', 'ES2015', 'ES2016', 'ES2017', 'ES2018', 'ES2019', 'ES2020', 'ES2021', 'ES2022', 'ES2023', 'ES2024',
  'ES2025', 'ESNext',
];

/**
 * The globals we cover, each with every member TypeScript's lib declares for it (inherited ones included), so that
 * each global is a closed scope. `prototype: false` marks interface-only types, whose members are spelled
 * `Name.member`. Object and Function are here because every object and callable has their members.
 */
const GLOBALS = [
  { name: 'Object', bcd: 'javascript.builtins.Object' },
  { name: 'Function', bcd: 'javascript.builtins.Function' },
  { name: 'Promise', bcd: 'javascript.builtins.Promise' },
  { name: 'PromiseLike', prototype: false },
  { name: 'PromiseWithResolvers', prototype: false },
  { name: 'PromiseSettledResult', prototype: false },
  // The two shapes Promise.allSettled yields: code reads `status`, `value` and `reason` off them.
  { name: 'PromiseFulfilledResult', prototype: false },
  { name: 'PromiseRejectedResult', prototype: false },
  { name: 'AggregateError', bcd: 'javascript.builtins.AggregateError' },
  { name: 'SuppressedError', bcd: 'javascript.builtins.SuppressedError' },
  { name: 'AbortController', bcd: 'api.AbortController' },
  { name: 'AbortSignal', bcd: 'api.AbortSignal' },
  { name: 'Atomics', bcd: 'javascript.builtins.Atomics' },
  { name: 'SharedArrayBuffer', bcd: 'javascript.builtins.SharedArrayBuffer' },
  { name: 'Array', bcd: 'javascript.builtins.Array' },
  { name: 'Symbol', bcd: 'javascript.builtins.Symbol' },
  { name: 'AsyncIterator', prototype: false, bcd: 'javascript.builtins.AsyncIterator' },
  { name: 'AsyncIterable', prototype: false },
  { name: 'AsyncIterableIterator', prototype: false },
  { name: 'AsyncGenerator', prototype: false, bcd: 'javascript.builtins.AsyncGenerator' },
  { name: 'AsyncGeneratorFunction', prototype: false, bcd: 'javascript.builtins.AsyncGeneratorFunction' },
  { name: 'AsyncDisposable', prototype: false },
  { name: 'Disposable', prototype: false },
  { name: 'AsyncDisposableStack', bcd: 'javascript.builtins.AsyncDisposableStack' },
  { name: 'DisposableStack', bcd: 'javascript.builtins.DisposableStack' },
  { name: 'WeakRef', bcd: 'javascript.builtins.WeakRef' },
  { name: 'FinalizationRegistry', bcd: 'javascript.builtins.FinalizationRegistry' },
  { name: 'queueMicrotask', bcd: 'api.queueMicrotask' },
  { name: 'setTimeout', bcd: 'api.setTimeout' },
  { name: 'setInterval', bcd: 'api.setInterval' },
  { name: 'clearTimeout', bcd: 'api.clearTimeout' },
  { name: 'clearInterval', bcd: 'api.clearInterval' },
  { name: 'structuredClone', bcd: 'api.structuredClone' },
  { name: 'reportError', bcd: 'api.reportError' },
  { name: 'fetch', bcd: 'api.fetch' },
  { name: 'Request', bcd: 'api.Request' },
  { name: 'Response', bcd: 'api.Response' },
  { name: 'Headers', bcd: 'api.Headers' },
  { name: 'EventTarget', bcd: 'api.EventTarget' },
  { name: 'Event', bcd: 'api.Event' },
  { name: 'CustomEvent', bcd: 'api.CustomEvent' },
  { name: 'DOMException', bcd: 'api.DOMException' },
  { name: 'ReadableStream', bcd: 'api.ReadableStream' },
  { name: 'ReadableStreamDefaultReader', bcd: 'api.ReadableStreamDefaultReader' },
  { name: 'WritableStream', bcd: 'api.WritableStream' },
  { name: 'WritableStreamDefaultWriter', bcd: 'api.WritableStreamDefaultWriter' },
  { name: 'TransformStream', bcd: 'api.TransformStream' },
  { name: 'MessageChannel', bcd: 'api.MessageChannel' },
  { name: 'MessagePort', bcd: 'api.MessagePort' },
  { name: 'BroadcastChannel', bcd: 'api.BroadcastChannel' },
  { name: 'Worker', bcd: 'api.Worker' },
];

const LIBS = ['lib.esnext.d.ts', 'lib.dom.d.ts', 'lib.dom.iterable.d.ts', 'lib.dom.asynciterable.d.ts'];

/** `lib.es2024.promise.d.ts` -> 'ES2024'; web libs -> 'web'; `lib.d.ts`/`lib.es5.d.ts` -> 'ES5'. */
export function editionOfLibFile(fileName) {
  const base = fileName.split('/').pop() ?? fileName;
  if (/^lib\.(dom|webworker|scripthost)/.test(base)) return 'web';
  const m = /^lib\.(es\d{4}|esnext|es5|es6|decorators)/.exec(base);
  if (!m) return base === 'lib.d.ts' ? 'ES5' : undefined;
  const tag = m[1];
  if (tag === 'esnext' || tag === 'decorators') return 'ESNext';
  if (tag === 'es6') return 'ES2015';
  return tag.toUpperCase();
}

function earliest(editions) {
  const known = editions.filter((e) => e && e !== 'web');
  if (known.length === 0) return editions.includes('web') ? 'web' : undefined;
  return known.sort((a, b) => EDITIONS.indexOf(a) - EDITIONS.indexOf(b))[0];
}

/** A readonly, upper-case static such as `DOMException.ABORT_ERR`. */
function isConstant(symbol, name) {
  const readonly = (symbol.getDeclarations() ?? []).some((d) =>
    ts.isPropertySignature(d) && d.modifiers?.some((m) => m.kind === ts.SyntaxKind.ReadonlyKeyword));
  return readonly && /^[A-Z_]+$/.test(name);
}

/** `__@asyncIterator@42` -> `[Symbol.asyncIterator]`. */
export function readableMemberName(name) {
  const m = /^__@(\w+)@\d+$/.exec(name);
  return m ? `[Symbol.${m[1]}]` : name;
}

function firstSentence(text) {
  const flat = text.replace(/\s+/g, ' ').trim();
  if (!flat) return undefined;
  const m = /^(.+?[.!?])(\s|$)/.exec(flat);
  return m ? m[1] : flat;
}

function libFilesOf(symbol, onlyValues = false) {
  const decls = symbol.getDeclarations() ?? [];
  const chosen = onlyValues ? decls.filter((d) => ts.isVariableDeclaration(d) || ts.isFunctionDeclaration(d)) : decls;
  return (chosen.length ? chosen : decls).map((d) => d.getSourceFile().fileName.split('/').pop());
}

/** The interface that declares a member (`EventTarget` for AbortSignal's addEventListener), `Constructor` cut off. */
function declaringInterface(member, globalName) {
  const names = (member.getDeclarations() ?? []).map((d) => (ts.isTypeLiteralNode(d.parent) ? globalName : d.parent?.name?.getText?.()))
    .filter(Boolean).map((n) => n.replace(/Constructor$/, ''));
  return names.includes(globalName) ? globalName : names[0] ?? globalName;
}

function bcdNode(path) {
  const bcd = require('@mdn/browser-compat-data');
  let node = bcd;
  for (const part of path.split('.')) {
    node = node?.[part];
    if (!node) return undefined;
  }
  return node;
}

/**
 * Node support from one BCD compat statement. Plain rows give versions; partial-implementation rows give versions
 * too, with their notes as a caveat (never a silent gap); flagged rows give only a caveat; `false` says Node lacks
 * it; no row at all leaves Node undated.
 */
function bcdFacts(compat) {
  if (!compat) return undefined;
  const out = {};
  if (compat.mdn_url) out.docUrl = compat.mdn_url;
  if (compat.status?.deprecated) out.deprecated = true;
  const raw = compat.support?.nodejs;
  if (raw === undefined) return out;
  const statements = Array.isArray(raw) ? raw : [raw];
  const versions = [];
  const partial = [];
  const caveats = [];
  const clean = (html) => html.replace(/<[^>]+>/g, '').replace(/\s+/g, ' ').trim().replace(/\.$/, '');
  for (const st of statements) {
    const v = typeof st.version_added === 'string' && /^[≤]?\d/.test(st.version_added) ? st.version_added.replace('≤', '') : undefined;
    const notes = [st.notes].flat().filter(Boolean).map(clean).join(' ');
    if (st.flags) {
      if (v) caveats.push(`Behind the flag ${st.flags.map((f) => f.name).join(', ')} from Node ${v}${notes ? ` (${notes})` : ''}.`);
      continue;
    }
    if (st.prefix || st.alternative_name || !v) continue;
    if (st.partial_implementation) {
      partial.push(v);
      caveats.push(`Partial support from Node ${v}${notes ? `: ${notes}` : ''}.`);
    } else {
      versions.push(v);
    }
  }
  // A partial row dates the name: it exists from there on, with the caveat. BCD closes the partial rows of
  // Symbol.dispose/asyncDispose at 21.0.0 and dates full support 24.0.0, yet Node 20.20 and 22.23 define both
  // symbols (checked with each runtime): a full row newer than the partial ones would deny 21 to 23, so it
  // becomes part of the caveat instead of the date.
  const major = (x) => Number(x.split('.')[0]);
  const newestPartial = Math.max(-1, ...partial.map(major));
  const later = versions.filter((x) => major(x) > newestPartial && partial.length);
  if (later.length) caveats.push(`Full support from Node ${later.join(', ')}.`);
  const dated = [...versions.filter((x) => !later.includes(x)), ...partial];
  if (dated.length) out.node = dated;
  if (statements.every((st) => st.version_added === false)) out.absent = true;
  if (caveats.length) out.caveat = `MDN browser-compat-data: ${caveats.join(' ')}`;
  return out;
}

function bcdMember(base, member, isStatic) {
  if (!base) return undefined;
  const keys = member.startsWith('[Symbol.')
    ? [`@@${member.slice(8, -1)}`, `Symbol.${member.slice(8, -1)}`]
    : isStatic ? [`${member}_static`, member] : [member];
  for (const k of keys) if (base[k]?.__compat) return base[k].__compat;
  return undefined;
}

function normaliseVersion(v) {
  const parts = v.replace(/^v/, '').split('.');
  while (parts.length < 3) parts.push('0');
  return parts.join('.');
}

/** Node release lines the entries' versions name, oldest first: the node axis of this catalog. */
function nodeLines(entries) {
  const lines = new Set(entries.flatMap((e) => e.since?.node ?? []).map((v) => Number(v.split('.')[0])));
  return [...lines].sort((a, b) => a - b).map(String);
}

export async function build() {
  const project = new Project({
    useInMemoryFileSystem: true,
    compilerOptions: { target: ts.ScriptTarget.ESNext, lib: LIBS, strict: true },
  });
  project.createSourceFile('/probe.ts', 'export {};\n');
  const program = project.getProgram().compilerObject;
  const checker = program.getTypeChecker();
  const node = program.getSourceFile('/probe.ts');
  const inScope = new Map();
  for (const s of checker.getSymbolsInScope(node, ts.SymbolFlags.Value | ts.SymbolFlags.Type)) {
    if (!inScope.has(s.getName())) inScope.set(s.getName(), s);
  }
  const nodeDoc = readNodeDocIndex();
  const bcdMeta = require('@mdn/browser-compat-data').__meta;
  const fmt = ts.TypeFormatFlags.NoTruncation | ts.TypeFormatFlags.UseFullyQualifiedType;

  const entries = [];
  const seen = new Set();

  const sigStrings = (name, sigs, prefix = '') =>
    sigs.map((s) => `${prefix}${name}${checker.signatureToString(s, undefined, fmt)}`);

  function makeEntry(id, kind, symbol, libFiles, extras, compat, nodeDocKey, floor, info = {}) {
    if (seen.has(id)) return;
    seen.add(id);
    let edition = earliest(libFiles.map(editionOfLibFile));
    // An instance member cannot predate its constructor (lib.es5 types `Promise#then` for PromiseLike's sake).
    if (floor && edition && edition !== 'web' && EDITIONS.indexOf(floor) > EDITIONS.indexOf(edition)) edition = floor;
    // A web global's members are web API however they were declared (DOMException's `stack` comes from Error).
    if (floor === 'web') edition = 'web';
    const e = { id, kind };
    let summary = symbol ? firstSentence(ts.displayPartsToString(symbol.getDocumentationComment(checker))) : undefined;
    if (summary?.startsWith('[MDN Reference]')) summary = undefined; // lib.dom comments are only a link
    if (summary) e.summary = summary;
    if (extras.signature?.length) e.signature = [...new Set(extras.signature)];
    const since = {};
    const provenance = [];
    const tsFields = ['kind'];
    if (summary) tsFields.push('summary');
    if (e.signature) tsFields.push('signature');
    if (edition && edition !== 'web') {
      since.ecmascript = edition;
      tsFields.push('since.ecmascript');
    }
    const files = [...new Set(libFiles)].sort((a, b) => EDITIONS.indexOf(editionOfLibFile(a)) - EDITIONS.indexOf(editionOfLibFile(b)));
    provenance.push({ source: 'typescript-lib', file: files.join(', '), fields: tsFields });
    const facts = bcdFacts(compat);
    const doc = nodeDocKey ? nodeDoc.get(`globals.html|${nodeDocKey}`)?.[0] : undefined;
    const bcdFields = [];
    // BCD gives the first Node release; Node's doc JSON adds the backports to older release lines.
    const docVersions = doc?.added?.map(normaliseVersion) ?? [];
    const bcdVersions = (facts?.node ?? []).map(normaliseVersion);
    if (docVersions.length || bcdVersions.length) {
      since.node = normaliseNodeSince(bcdVersions, docVersions, nodeDoc.line);
      if (bcdVersions.length) bcdFields.push('since.node');
      if (docVersions.length) provenance.push({ source: 'nodejs-doc', file: doc.file, fields: ['since.node'] });
    }
    if (Object.keys(since).length) e.since = since;
    // Every axis gets a version or a reason why none applies (test/catalog/versions.test.ts checks it).
    const noVersion = {};
    if (!since.ecmascript) noVersion.ecmascript = edition === 'web' ? 'web-api' : 'no-edition';
    if (!since.node) {
      if (facts?.absent) {
        e.unavailable = { node: 'bcd-unsupported' };
        bcdFields.push('unavailable');
      } else noVersion.node = info.typeOnly ? 'type-only' : 'no-node-record';
    }
    if (Object.keys(noVersion).length) e.noVersion = noVersion;
    if (facts?.caveat) {
      e.caveats = { node: facts.caveat };
      bcdFields.push('caveats');
    }
    if (info.closed) {
      e.closed = 'ts-lib-members';
      tsFields.push('closed');
    }
    if (facts?.deprecated) {
      e.deprecated = { message: 'Marked deprecated in MDN browser-compat-data.' };
      bcdFields.push('deprecated');
    }
    if (facts?.docUrl) {
      e.docUrl = facts.docUrl;
      bcdFields.push('docUrl');
    }
    if (bcdFields.length) provenance.push({ source: 'mdn-bcd', file: compat.source_file, fields: bcdFields });
    e.provenance = provenance;
    entries.push(e);
  }

  const bcdFor = (name) => GLOBALS.find((g) => g.name === name)?.bcd ?? (bcdNode(`api.${name}`) ? `api.${name}` : bcdNode(`javascript.builtins.${name}`) ? `javascript.builtins.${name}` : undefined);
  for (const g of GLOBALS) {
    const sym = inScope.get(g.name);
    if (!sym) continue; // not in the TypeScript 6.0 libs
    const flags = sym.getFlags();
    const decls = sym.getDeclarations() ?? [];
    const base = g.bcd ? bcdNode(g.bcd) : undefined;
    const isFunction = decls.some((d) => ts.isFunctionDeclaration(d));
    const hasValue = (flags & ts.SymbolFlags.Value) !== 0;
    const staticType = hasValue ? checker.getTypeOfSymbolAtLocation(sym, node) : undefined;
    const construct = staticType?.getConstructSignatures() ?? [];
    const ownerEdition = hasValue ? earliest(libFilesOf(sym, true).map(editionOfLibFile)) : undefined;
    const typeOnly = !hasValue;
    if (isFunction) {
      makeEntry(g.name, 'function', sym, libFilesOf(sym, true), { signature: sigStrings(g.name, staticType.getCallSignatures()) },
        base?.__compat, g.name, undefined, { closed: true });
    } else {
      const kind = construct.length ? 'class' : hasValue ? 'namespace' : flags & ts.SymbolFlags.TypeAlias ? 'type' : 'interface';
      makeEntry(g.name, kind, sym, libFilesOf(sym, kind !== 'interface'), { signature: sigStrings(g.name, construct, 'new ') },
        base?.[g.name]?.__compat ?? base?.__compat, g.name, undefined, { typeOnly, closed: kind !== 'type' });
    }
    // A member inherited from another interface (AbortSignal's addEventListener, from EventTarget) takes its Node
    // support from that interface's MDN record.
    // Interfaces to ask MDN, nearest first: the declaring one, the global itself, then its bases (EventTarget).
    const bases = [];
    const collectBases = (t) => {
      for (const b of t?.getBaseTypes?.() ?? []) {
        const n = b.getSymbol()?.getName();
        if (n && !bases.includes(n)) { bases.push(n); collectBases(b); }
      }
    };
    if (flags & (ts.SymbolFlags.Interface | ts.SymbolFlags.Class)) collectBases(checker.getDeclaredTypeOfSymbol(sym));
    const compatOf = (p, member, isStatic) => {
      for (const name of [...new Set([declaringInterface(p, g.name), g.name, ...bases])]) {
        const path = name === g.name ? g.bcd : bcdFor(name);
        const compat = bcdMember(path ? bcdNode(path) : undefined, member, isStatic);
        if (compat) return compat;
      }
      return undefined;
    };
    if (staticType) {
      for (const p of staticType.getProperties()) {
        const member = readableMemberName(p.getName());
        if (member === 'prototype') continue;
        const t = checker.getTypeOfSymbolAtLocation(p, node);
        const calls = t.getCallSignatures();
        const id = member.startsWith('[') ? `${g.name}${member}` : `${g.name}.${member}`;
        const sig = calls.length ? sigStrings(member, calls) : [`${member}: ${checker.typeToString(t, undefined, fmt)}`];
        const kind = calls.length || p.getFlags() & ts.SymbolFlags.Method ? 'method' : isConstant(p, member) ? 'constant' : 'property';
        makeEntry(id, kind, p, libFilesOf(p), { signature: sig }, compatOf(p, member, true), `${g.name}.${member}`, ownerEdition);
      }
    }
    const declared = checker.getDeclaredTypeOfSymbol(sym);
    if (isFunction || !declared || !(flags & (ts.SymbolFlags.Interface | ts.SymbolFlags.Class))) continue;
    if (hasValue && !construct.length) continue; // a namespace object such as Atomics: its interface is the statics
    for (const p of declared.getProperties()) {
      const member = readableMemberName(p.getName());
      const t = checker.getTypeOfSymbolAtLocation(p, node);
      const calls = t.getCallSignatures();
      const owner = g.prototype === false ? g.name : `${g.name}.prototype`;
      const id = member.startsWith('[') ? `${owner}${member}` : `${owner}.${member}`;
      const sig = calls.length ? sigStrings(member, calls) : [`${member}: ${checker.typeToString(t, undefined, fmt)}`];
      makeEntry(id, calls.length ? 'method' : 'property', p, libFilesOf(p), { signature: sig },
        compatOf(p, member, false), g.prototype === false ? undefined : `${g.name}.prototype.${member}`, ownerEdition, { typeOnly });
    }
  }

  entries.sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
  const tsVersion = ts.version;
  const nodeDocSource = nodeDoc.source;
  return {
    language: 'javascript',
    coverage:
      'ECMAScript built-ins and web globals that matter for async code (Promise, AbortController/AbortSignal, Atomics, async iteration and disposal, timers, fetch, streams, events, messaging, WeakRef), as declared in the TypeScript 6.0 lib files; third-party packages are not covered.',
    sources: [
      { id: 'typescript-lib', name: 'typescript lib files (bundled in ts-morph)', version: tsVersion, license: 'Apache-2.0', url: 'https://github.com/microsoft/TypeScript' },
      { id: 'mdn-bcd', name: '@mdn/browser-compat-data', version: bcdMeta.version, license: 'CC0-1.0', url: 'https://github.com/mdn/browser-compat-data' },
      ...(nodeDocSource ? [nodeDocSource] : []),
    ],
    versions: { ecmascript: EDITIONS, node: nodeLines(entries) },
    completeness: {
      'ts-lib-members': { source: 'typescript-lib', rule: "every property TypeScript's checker gives the global's static side (its constructor's type) and its instance side (its declared type), inherited members included, in the TypeScript lib files esnext and dom; every object also has Object.prototype's members and every callable Function.prototype's" },
    },
    reasons: {
      'web-api': 'A web/host API, not part of ECMAScript (declared in lib.dom), so no ECMAScript edition applies.',
      'no-edition': 'Declared outside the dated ECMAScript lib files, so no edition applies.',
      'type-only': 'A TypeScript interface with no run-time object of its own: it exists wherever the values that implement it do.',
      'no-node-record': "Neither MDN browser-compat-data nor Node's doc JSON records a Node.js version for it.",
      'bcd-unsupported': 'MDN browser-compat-data records no Node.js support for it.',
    },
    entries,
  };
}

