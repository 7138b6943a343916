#!/usr/bin/env node
// Derives the public API of tokio, futures and tokio-util from rustdoc's JSON output of the crate sources Debian ships
// (librust-tokio-dev 1.24.2, librust-futures-dev 0.3.21, librust-tokio-util-dev 0.7.3) and writes the compact form
// scripts/catalog/rust/rustdoc.json that scripts/catalog/rust.mjs builds the Rust catalog from.
//
// Inputs: only the pinned .debs of scripts/sources/inputs.json that carry a `crate` folder (the three crates and every
// crate of lib-rust/Cargo.lock, each an exact Debian version with its sha256, unpacked by `npm run setup:sources`).
// cargo resolves offline from a directory source made of links to those folders, never from /usr/share/cargo/registry,
// so what is installed on the machine cannot change the answer.
//
// rustdoc's JSON output is unstable: RUSTC_BOOTSTRAP=1 lets a stable toolchain produce it. Every public path is
// listed: items of public modules, re-exports (followed into the futures-* crates, whose JSON is generated too),
// inherent methods, the items of every trait a type implements (explicit, blanket and auto-trait impls, as rustdoc
// lists them), enum variants, public fields and macros. Items of std traits (From::from, Any::type_id...) are
// collected from the impls rustdoc lists, under `<core::...>` scope ids the catalog links types to.
//
//   node scripts/catalog/rust-rustdoc.mjs           regenerate scripts/catalog/rust/rustdoc.json
//   node scripts/catalog/rust-rustdoc.mjs --check   regenerate into memory and compare; exit 1 when different
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { inputDir, inputStatus, listInputs, SETUP_COMMAND } from '../sources/inputs.mjs';

const here = path.dirname(fileURLToPath(import.meta.url));
const PROJECT = path.join(here, 'lib-rust');
export const OUTPUT = path.join(here, 'rust', 'rustdoc.json');

export const LOCKFILE = path.join(PROJECT, 'Cargo.lock');

/** The crates the catalog answers for, with their Debian package and the features rustdoc is run with. */
export const ROOT_CRATES = [
  { name: 'tokio', version: '1.24.2', deb: 'librust-tokio-dev', features: 'full' },
  { name: 'futures', version: '0.3.21', deb: 'librust-futures-dev', features: 'default (std, async-await, executor)' },
  { name: 'tokio-util', version: '0.7.3', deb: 'librust-tokio-util-dev', features: 'full' },
];
/** Crates whose items the roots re-export: their JSON is generated too, so re-exports can be followed. */
const REEXPORTED_CRATES = ['futures-util', 'futures-core', 'futures-channel', 'futures-executor', 'futures-io', 'futures-sink', 'futures-task'];

/** The pinned crate sources: inputs of scripts/sources/inputs.json with a `crate` folder (`tokio-1.24.2`). */
export function crateInputs() {
  return listInputs().filter((i) => typeof i.crate === 'string');
}

/** `name-version` of every package lib-rust/Cargo.lock resolves (the library itself excepted). */
export function lockedCrates() {
  const lock = readFileSync(LOCKFILE, 'utf8');
  return [...lock.matchAll(/\[\[package\]\]\nname = "([^"]+)"\nversion = "([^"]+)"/g)]
    .map((m) => `${m[1]}-${m[2]}`)
    .filter((c) => !c.startsWith('async-expert-rust-catalog-'));
}

/**
 * What the rustdoc run needs and lacks: crates of Cargo.lock that no input pins (a manifest error), and pinned
 * crate inputs not fetched into .cache/sources. `install` fetches the missing ones.
 */
export function crateInputsStatus() {
  const inputs = crateInputs();
  const pinned = new Set(inputs.map((i) => i.crate));
  const unpinned = lockedCrates().filter((c) => !pinned.has(c));
  const missing = inputs.filter((i) => !inputStatus(i.id).present).map((i) => i.id);
  return { present: unpinned.length === 0 && missing.length === 0, unpinned, missing, install: `${SETUP_COMMAND}${missing.length && missing.length < inputs.length ? ` -- ${missing.join(' ')}` : ''}` };
}

/** The folder of one pinned crate (`tokio-1.24.2`); throws MissingInputError with the fetch command when absent. */
export function crateDir(folder) {
  const input = crateInputs().find((i) => i.crate === folder);
  if (!input) throw new Error(`no input of scripts/sources/inputs.json pins the crate ${folder}`);
  return path.join(inputDir(input.id), folder);
}

/** True when cargo and every pinned crate source are present, so the JSON can be regenerated here. */
export function rustdocInputsPresent() {
  const cargo = spawnSync('cargo', ['--version'], { encoding: 'utf8' });
  return cargo.status === 0 && crateInputsStatus().present;
}

/**
 * cargo's directory source for the run: one link per pinned crate folder, so cargo sees exactly the pinned crates.
 * Returns its path; spans rustdoc reports below it are recorded relative to it (`tokio-1.24.2/src/lib.rs`).
 */
function pinnedRegistry(work) {
  const status = crateInputsStatus();
  if (status.unpinned.length) throw new Error(`scripts/catalog/lib-rust/Cargo.lock resolves crates no input pins: ${status.unpinned.join(', ')}; add their Debian librust-*-dev packages to scripts/sources/inputs.json`);
  const registry = path.join(work, 'registry');
  mkdirSync(registry);
  for (const input of crateInputs()) symlinkSync(path.join(inputDir(input.id), input.crate), path.join(registry, input.crate));
  return registry;
}

/** Runs `cargo rustdoc --output-format json` for one crate; returns the parsed JSON. */
function rustdocJson(crate, targetDir, registry) {
  // lib-rust/.cargo/config.toml replaces crates-io with the source `pinned`; its directory is given here only.
  const config = ['--config', `source.pinned.directory=${JSON.stringify(registry)}`];
  const r = spawnSync('cargo', ['rustdoc', ...config, '-q', '-p', crate, '--lib', '--', '-Z', 'unstable-options', '--output-format', 'json', '--document-hidden-items'], {
    cwd: PROJECT,
    encoding: 'utf8',
    maxBuffer: 64 << 20,
    env: { ...process.env, RUSTC_BOOTSTRAP: '1', CARGO_TARGET_DIR: targetDir, CARGO_TERM_COLOR: 'never' },
  });
  if (r.status !== 0) throw new Error(`cargo rustdoc -p ${crate} failed (${r.status}): ${r.stderr}`);
  const file = path.join(targetDir, 'doc', `${crate.replace(/-/g, '_')}.json`);
  const json = JSON.parse(readFileSync(file, 'utf8'));
  Object.defineProperty(json, '__registry', { value: registry, enumerable: false });
  return json;
}

/** A span's file relative to the directory source the run used (`tokio-1.24.2/src/time/mod.rs`). */
function sourceFile(json, filename) {
  if (!filename) return undefined;
  return json.__registry && filename.startsWith(`${json.__registry}/`) ? filename.slice(json.__registry.length + 1) : filename;
}

function toolchainVersion() {
  return spawnSync('rustc', ['--version'], { encoding: 'utf8' }).stdout.trim();
}

// ---- Rendering types and signatures (enough of rustdoc's type model for readable one-line signatures) ----

function renderGenericArgs(args) {
  if (!args) return '';
  if (args.angle_bracketed) {
    const parts = [
      ...args.angle_bracketed.args.map((a) => (a.type ? renderType(a.type) : a.lifetime ?? (a.const ? a.const.expr : '_'))),
      ...(args.angle_bracketed.constraints ?? []).map((c) => `${c.name} = ${c.binding?.equality?.type ? renderType(c.binding.equality.type) : '_'}`),
    ];
    return parts.length ? `<${parts.join(', ')}>` : '';
  }
  if (args.parenthesized) {
    return `(${args.parenthesized.inputs.map(renderType).join(', ')})${args.parenthesized.output ? ` -> ${renderType(args.parenthesized.output)}` : ''}`;
  }
  return '';
}

function renderBound(b) {
  if (b.trait_bound) return `${b.trait_bound.modifier === 'maybe' ? '?' : ''}${b.trait_bound.trait.path}${renderGenericArgs(b.trait_bound.trait.args)}`;
  if (b.outlives) return b.outlives;
  return '_';
}

export function renderType(t) {
  if (!t) return '()';
  if (t.resolved_path) return `${t.resolved_path.path}${renderGenericArgs(t.resolved_path.args)}`;
  if (t.generic !== undefined) return t.generic;
  if (t.primitive !== undefined) return t.primitive;
  if (t.borrowed_ref) return `&${t.borrowed_ref.lifetime ? `${t.borrowed_ref.lifetime} ` : ''}${t.borrowed_ref.is_mutable ? 'mut ' : ''}${renderType(t.borrowed_ref.type)}`;
  if (t.tuple) return `(${t.tuple.map(renderType).join(', ')})`;
  if (t.slice) return `[${renderType(t.slice)}]`;
  if (t.array) return `[${renderType(t.array.type)}; ${t.array.len}]`;
  if (t.impl_trait) return `impl ${t.impl_trait.map(renderBound).join(' + ')}`;
  if (t.dyn_trait) return `dyn ${t.dyn_trait.traits.map((x) => `${x.trait.path}${renderGenericArgs(x.trait.args)}`).join(' + ')}`;
  if (t.raw_pointer) return `*${t.raw_pointer.is_mutable ? 'mut' : 'const'} ${renderType(t.raw_pointer.type)}`;
  if (t.qualified_path) {
    const q = t.qualified_path;
    return q.trait?.path ? `<${renderType(q.self_type)} as ${q.trait.path}>::${q.name}` : `${renderType(q.self_type)}::${q.name}`;
  }
  if (t.function_pointer) return `fn(${t.function_pointer.sig.inputs.map(([, x]) => renderType(x)).join(', ')})${t.function_pointer.sig.output ? ` -> ${renderType(t.function_pointer.sig.output)}` : ''}`;
  if (t.infer !== undefined) return '_';
  if (t.pat) return renderType(t.pat.type);
  return '_';
}

function renderGenerics(g) {
  const params = (g?.params ?? []).filter((p) => !(p.kind?.type?.is_synthetic)).map((p) => {
    if (p.kind?.lifetime) return p.name;
    if (p.kind?.const) return `const ${p.name}: ${renderType(p.kind.const.type)}`;
    const bounds = p.kind?.type?.bounds ?? [];
    return bounds.length ? `${p.name}: ${bounds.map(renderBound).join(' + ')}` : p.name;
  });
  return params.length ? `<${params.join(', ')}>` : '';
}

function fnSignature(name, f) {
  const h = f.header;
  const head = `${h.is_const ? 'const ' : ''}${h.is_async ? 'async ' : ''}${h.is_unsafe ? 'unsafe ' : ''}fn`;
  const inputs = f.sig.inputs.map(([n, t]) => {
    if (n === 'self') {
      if (t.generic === 'Self') return 'self';
      if (t.borrowed_ref?.type?.generic === 'Self') return `&${t.borrowed_ref.is_mutable ? 'mut ' : ''}self`;
      return `self: ${renderType(t)}`;
    }
    return `${n}: ${renderType(t)}`;
  });
  return `${head} ${name}${renderGenerics(f.generics)}(${inputs.join(', ')})${f.sig.output ? ` -> ${renderType(f.sig.output)}` : ''}`;
}

/** First sentence of rustdoc markdown, without link targets and code fences. */
export function firstSentence(docs) {
  if (!docs) return undefined;
  const para = docs.split(/\n\s*\n/)[0].replace(/```[\s\S]*?```/g, ' ');
  const flat = para.replace(/\[([^\]]+)\]\[[^\]]*\]/g, '$1').replace(/\[([^\]]+)\]\([^)]*\)/g, '$1').replace(/\s+/g, ' ').trim();
  if (!flat) return undefined;
  const m = /^(.+?[.!?])(\s|$)/.exec(flat);
  return m ? m[1] : flat;
}

// ---- Walking the crates ----

const KIND = {
  module: 'module', struct: 'struct', enum: 'enum', union: 'struct', trait: 'trait', trait_alias: 'trait', function: 'function',
  macro: 'macro', proc_macro: 'macro', type_alias: 'type', constant: 'constant', static: 'constant', assoc_const: 'constant',
  assoc_type: 'type', variant: 'variant', struct_field: 'property', primitive: 'type', extern_type: 'type',
};
/** Kinds in rustdoc's `paths` table (items of crates whose JSON we do not have). */
const PATH_KIND = {
  module: 'module', struct: 'struct', enum: 'enum', union: 'struct', trait: 'trait', function: 'function', macro: 'macro',
  proc_attribute: 'macro', proc_derive: 'macro', type_alias: 'type', constant: 'constant', static: 'constant', primitive: 'type',
  trait_alias: 'trait', variant: 'variant', assoc_type: 'type', assoc_const: 'constant',
};

function innerKind(item) {
  return Object.keys(item.inner)[0];
}

class Crates {
  constructor(jsons) {
    /** crate name (underscored) -> JSON */
    this.jsons = jsons;
    /** crate name -> Map(path joined with ::, local id) */
    this.byPath = new Map();
    for (const [name, json] of jsons) {
      const m = new Map();
      for (const [id, p] of Object.entries(json.paths)) if (p.crate_id === 0) m.set(p.path.join('::'), Number(id));
      this.byPath.set(name, m);
    }
  }

  /** Resolves an id seen in `json` to the item in the JSON that defines it, or to an external path. */
  resolve(json, id) {
    if (id === null || id === undefined) return undefined;
    const local = json.index[id];
    if (local) return { json, crate: json.__name, item: local, id };
    const p = json.paths[id];
    if (!p) return undefined;
    const crateName = p.crate_id === 0 ? json.__name : json.external_crates[p.crate_id]?.name;
    const other = this.jsons.get(crateName);
    if (other) {
      const otherId = this.byPath.get(crateName).get(p.path.join('::'));
      const item = otherId !== undefined ? other.index[otherId] : undefined;
      if (item) return { json: other, crate: crateName, item, id: otherId };
    }
    return { external: p, crate: crateName };
  }
}

/**
 * Walks the public API of the root crates. Returns items keyed by path:
 *   { kind, sig?, doc?, ext? (linked scope paths), alias?, open? (why its members are not enumerated), crate, file? }
 */
export function walkCrates(jsons) {
  const crates = new Crates(jsons);
  const items = new Map();
  /** `${crate}#${id}` -> first path it was emitted at (members are listed once; other paths are aliases) */
  const canonical = new Map();
  /** std trait scope id -> Set of member names (with kinds) */
  const stdTraits = new Map();

  const put = (p, facts) => {
    if (!items.has(p)) items.set(p, facts);
  };

  const stdScope = (traitPath, ext) => {
    const id = `<${ext.path.join('::')}>`;
    if (!stdTraits.has(id)) stdTraits.set(id, new Map());
    return id;
  };

  /** Members of a trait impl (items the impl defines and the provided methods it keeps). */
  const implMembers = (ref, impl) => {
    const out = [];
    for (const iid of impl.items) {
      const it = ref.json.index[iid];
      if (it?.name) out.push({ name: it.name, kind: KIND[innerKind(it)] === 'function' ? 'method' : KIND[innerKind(it)], item: it, json: ref.json });
    }
    for (const name of impl.provided_trait_methods ?? []) out.push({ name, kind: 'method' });
    return out;
  };

  const memberFacts = (m, crate) => {
    const f = { kind: m.kind, crate };
    if (m.item) {
      if (m.item.inner.function) f.sig = fnSignature(m.name, m.item.inner.function);
      const doc = firstSentence(m.item.docs);
      if (doc) f.doc = doc;
    }
    return f;
  };

  /** Lists the members of a struct, enum, union or trait at `p`. */
  const members = (p, ref) => {
    const { json, item } = ref;
    const k = innerKind(item);
    const facts = items.get(p);
    const ext = new Set();
    if (k === 'trait') {
      for (const iid of item.inner.trait.items) {
        const it = json.index[iid];
        if (!it?.name) continue;
        const kind = KIND[innerKind(it)] === 'function' ? 'method' : KIND[innerKind(it)];
        put(`${p}::${it.name}`, memberFacts({ name: it.name, kind, item: it }, ref.crate));
      }
      return;
    }
    const body = item.inner[k];
    if (k === 'enum') {
      for (const vid of body.variants) {
        const v = json.index[vid];
        if (v?.name) put(`${p}::${v.name}`, { kind: 'variant', crate: ref.crate, ...(firstSentence(v.docs) ? { doc: firstSentence(v.docs) } : {}) });
      }
    }
    if (k === 'struct' && body.kind?.plain) {
      for (const fid of body.kind.plain.fields) {
        const f = json.index[fid];
        if (f?.name && f.visibility === 'public') put(`${p}::${f.name}`, { kind: 'property', crate: ref.crate });
      }
    }
    for (const implId of body.impls ?? []) {
      const impl = json.index[implId]?.inner.impl;
      if (!impl || impl.is_negative) continue;
      if (!impl.trait) {
        for (const m of implMembers(ref, impl)) put(`${p}::${m.name}`, memberFacts(m, ref.crate));
        continue;
      }
      const traitRef = crates.resolve(json, impl.trait.id);
      if (impl.trait.path === 'Deref' || impl.trait.path.endsWith('::Deref')) {
        // Auto-deref gives a value the methods of the target type: link to it when it is a catalogued type.
        const target = impl.items.map((i) => json.index[i]).find((i) => i?.name === 'Target')?.inner.assoc_type?.type;
        const targetRef = target?.resolved_path ? crates.resolve(json, target.resolved_path.id) : undefined;
        const targetKey = targetRef?.item ? `${targetRef.crate}#${targetRef.id}` : undefined;
        if (targetKey && canonical.has(targetKey)) ext.add(canonical.get(targetKey));
        else if (targetKey) ext.add(`#${targetKey}`); // resolved after the walk
        else facts.open = `derefs to ${target ? renderType(target) : 'another type'}, whose methods are not enumerated here`;
      }
      if (traitRef?.item) {
        const key = `${traitRef.crate}#${traitRef.id}`;
        ext.add(canonical.get(key) ?? `#${key}`);
      } else if (traitRef?.external) {
        const scope = stdScope(impl.trait.path, traitRef.external);
        for (const m of implMembers(ref, impl)) stdTraits.get(scope).set(m.name, m.kind);
        ext.add(scope);
      }
    }
    if (ext.size) facts.ext = [...ext];
  };

  /** Emits the item at path `p` and, for modules and types reached first here, what it contains. */
  const emit = (p, ref) => {
    if (ref.external) {
      const kind = PATH_KIND[ref.external.kind] ?? 'type';
      const facts = { kind, crate: ref.crate, definedIn: ref.external.path.join('::') };
      if (kind === 'trait' && ['core', 'std', 'alloc'].includes(ref.crate)) facts.alias = stdScopeId(ref.external);
      else if (kind === 'module' || kind === 'struct' || kind === 'enum' || kind === 'trait') facts.open = `defined in ${ref.crate}, whose API is not enumerated here`;
      if (ref.external.kind === 'proc_attribute') facts.attribute = true;
      put(p, facts);
      return;
    }
    const key = `${ref.crate}#${ref.id}`;
    const k = innerKind(ref.item);
    const kind = KIND[k] ?? 'type';
    const first = canonical.get(key);
    if (first !== undefined && first !== p && ['module', 'struct', 'enum', 'trait'].includes(kind)) {
      put(p, { kind, crate: ref.crate, alias: first });
      return;
    }
    const facts = { kind, crate: ref.crate };
    const doc = firstSentence(ref.item.docs);
    if (doc) facts.doc = doc;
    if (k === 'function') facts.sig = fnSignature(ref.item.name, ref.item.inner.function);
    if (k === 'macro' || k === 'proc_macro') facts.sig = `${ref.item.name}!`;
    if (k === 'proc_macro' && ref.item.inner.proc_macro.kind === 'attr') facts.attribute = true;
    if (k === 'type_alias') facts.sig = `type ${ref.item.name}${renderGenerics(ref.item.inner.type_alias.generics)} = ${renderType(ref.item.inner.type_alias.type)}`;
    if (ref.item.span?.filename) facts.file = sourceFile(ref.json, ref.item.span.filename);
    put(p, facts);
    if (['struct', 'enum', 'union', 'trait'].includes(k)) members(p, ref);
  };

  const stdScopeId = (ext) => `<${ext.path.join('::')}>`;

  /** Children of a module: its public items and re-exports (globs expanded). */
  const children = (ref, seenGlobs = new Set()) => {
    const out = [];
    for (const cid of ref.item.inner.module.items) {
      const child = ref.json.index[cid];
      if (!child || child.visibility !== 'public') continue;
      if (child.inner.use) {
        const u = child.inner.use;
        const target = crates.resolve(ref.json, u.id);
        if (u.is_glob) {
          const key = target?.item ? `${target.crate}#${target.id}` : undefined;
          if (target?.item && innerKind(target.item) === 'module' && !seenGlobs.has(key)) {
            seenGlobs.add(key);
            out.push(...children(target, seenGlobs));
          } else if (target?.item && innerKind(target.item) === 'enum') {
            for (const vid of target.item.inner.enum.variants) {
              const v = target.json.index[vid];
              if (v) out.push({ name: v.name, ref: { json: target.json, crate: target.crate, item: v, id: vid } });
            }
          }
          continue;
        }
        if (u.name === '_' || !target) continue; // `pub use Trait as _` brings methods into scope, not a name
        out.push({ name: u.name, ref: target });
        continue;
      }
      if (child.name) out.push({ name: child.name, ref: { json: ref.json, crate: ref.crate, item: child, id: cid } });
    }
    return out;
  };

  // Pass 1: every public path of every item, breadth first (a module reached twice is entered once).
  // Pass 2: each item's members are listed under one path, its canonical one: the deepest path outside a
  // `prelude` (`futures::stream::StreamExt`, not the crate-root re-export), as docs.rs files it; the other paths
  // are aliases of it.
  const occurrences = new Map();
  const order = [];
  for (const root of ROOT_CRATES) {
    const name = root.name.replace(/-/g, '_');
    const json = jsons.get(name);
    const rootRef = { json, crate: name, item: json.index[json.root], id: json.root };
    items.set(name, { kind: 'module', crate: name, doc: firstSentence(rootRef.item.docs), file: sourceFile(json, rootRef.item.span?.filename) });
    canonical.set(`${name}#${json.root}`, name);
    const entered = new Set([`${name}#${json.root}`]);
    const queue = [{ p: name, ref: rootRef }];
    while (queue.length) {
      const { p, ref } = queue.shift();
      for (const c of children(ref)) {
        const cp = `${p}::${c.name}`;
        const key = c.ref.item ? `${c.ref.crate}#${c.ref.id}` : `ext:${cp}`;
        if (!occurrences.has(key)) occurrences.set(key, []);
        occurrences.get(key).push(cp);
        order.push({ cp, key, ref: c.ref });
        if (c.ref.item && innerKind(c.ref.item) === 'module' && !entered.has(key)) {
          entered.add(key);
          queue.push({ p: cp, ref: c.ref });
        }
      }
    }
  }
  const rank = (p) => [p.split('::').includes('prelude') ? 1 : 0, -p.split('::').length, p];
  const better = (a, b) => {
    const [x, y] = [rank(a), rank(b)];
    return x[0] !== y[0] ? x[0] < y[0] : x[1] !== y[1] ? x[1] < y[1] : x[2] < y[2];
  };
  for (const [key, paths] of occurrences) {
    if (key.startsWith('ext:')) continue;
    canonical.set(key, paths.reduce((a, b) => (better(b, a) ? b : a)));
  }
  for (const { cp, ref } of order) emit(cp, ref);
  // Links recorded before their target was reached get the target's path now; a trait no public path reaches
  // (a sealed helper) leaves its implementors open.
  for (const facts of items.values()) {
    if (!facts.ext) continue;
    facts.ext = facts.ext.map((x) => (x.startsWith('#') ? canonical.get(x.slice(1)) ?? x : x));
    const unreachable = facts.ext.filter((x) => x.startsWith('#'));
    if (unreachable.length) {
      facts.ext = facts.ext.filter((x) => !x.startsWith('#'));
      facts.open ??= `implements ${unreachable.length} trait(s) with no public path`;
    }
    facts.ext = [...new Set(facts.ext)].sort();
    if (facts.ext.length === 0) delete facts.ext;
  }
  for (const [scope, names] of stdTraits) {
    items.set(scope, { kind: 'trait', crate: 'std' });
    for (const [n, kind] of names) items.set(`${scope}::${n}`, { kind, crate: 'std' });
  }
  return items;
}

const OTHER_PLATFORM = /cfg\((?:any\()?[^)]*\b(windows|target_os\s*=\s*"(?!linux)[a-z]+"|not\(unix\))/;

/** Index of the `}` closing the `{` at `open` (strings and comments are rare enough in item headers to ignore). */
function closingBrace(text, open) {
  let depth = 0;
  for (let i = open; i < text.length; i++) {
    if (text[i] === '{') depth++;
    else if (text[i] === '}' && --depth === 0) return i;
  }
  return text.length;
}

/**
 * Names declared only for other platforms than the Linux target rustdoc ran on (`#[cfg(windows)]` items,
 * `tokio::net::windows`, `as_raw_socket`): rustdoc cannot list them here, so the catalog never denies them.
 * Read from the crate sources: the item after each such attribute (to its closing brace), or the whole file for
 * an inner `#![cfg(...)]`.
 */
export function otherPlatformNames(crateDir, crateName) {
  const out = new Map();
  const files = [];
  const walk = (dir) => {
    for (const e of readdirSync(dir, { withFileTypes: true })) {
      if (e.isDirectory()) walk(path.join(dir, e.name));
      else if (e.name.endsWith('.rs')) files.push(path.join(dir, e.name));
    }
  };
  walk(path.join(crateDir, 'src'));
  const declared = /\b(?:fn|mod|struct|enum|trait|type|const|static)\s+([A-Za-z_]\w*)/g;
  for (const file of files.sort()) {
    const text = readFileSync(file, 'utf8');
    const rel = path.relative(path.dirname(crateDir), file);
    // Keyed `<crate>::<top module>::<name>`: the name may be missed in that module or below it (the file's own
    // module is often private, re-exported higher up).
    const top = path.relative(path.join(crateDir, 'src'), file).split(path.sep);
    const scope = top.length > 1 ? `${crateName}::${top[0]}` : crateName;
    const regions = [];
    const inner = /^\s*#!\[cfg\(([^\]]*)\)\]/m.exec(text);
    // A `windows` module is declared through cfg macros (`cfg_net_windows!`) the attribute scan cannot see.
    if ((inner && OTHER_PLATFORM.test(`cfg(${inner[1]})`)) || /(^|\/)windows(\/|\.rs$)/.test(rel)) regions.push([0, text.length]);
    if (/\bmod\s+windows\b/.test(text)) out.set(`${scope}::windows`, `a Windows-only module declared in ${rel}`);
    for (const m of text.matchAll(/#\[cfg\(([^\]]*)\)\]/g)) {
      if (!OTHER_PLATFORM.test(`cfg(${m[1]})`)) continue;
      const after = m.index + m[0].length;
      const semi = text.indexOf(';', after);
      const brace = text.indexOf('{', after);
      if (brace < 0 || (semi >= 0 && semi < brace)) regions.push([after, semi < 0 ? after : semi]);
      else regions.push([after, closingBrace(text, brace)]);
    }
    for (const [a, b] of regions) {
      for (const d of text.slice(a, b).matchAll(declared)) {
        const key = `${scope}::${d[1]}`;
        if (!out.has(key)) out.set(key, `declared for another platform in ${rel}`);
      }
    }
  }
  return out;
}

/** Runs rustdoc over every crate; returns crate name (underscored) -> rustdoc JSON. */
export function rustdocJsons() {
  const work = mkdtempSync(path.join(tmpdir(), 'async-expert-rustdoc-'));
  try {
    const registry = pinnedRegistry(work);
    const target = path.join(work, 'target');
    const jsons = new Map();
    for (const crate of [...ROOT_CRATES.map((c) => c.name), ...REEXPORTED_CRATES]) {
      const json = rustdocJson(crate, target, registry);
      json.__name = crate.replace(/-/g, '_');
      jsons.set(json.__name, json);
    }
    return jsons;
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
}

/** The compact document written to rust/rustdoc.json, from the crates' rustdoc JSON. */
export function compactDoc(jsons) {
  const items = walkCrates(jsons);
  const sorted = [...items.keys()].sort();
  return {
    description: 'Public API of the crates below, derived by scripts/catalog/rust-rustdoc.mjs from rustdoc JSON of Debian\'s crate sources. Regenerate with `node scripts/catalog/rust-rustdoc.mjs`; test/catalog/rust.test.ts regenerates and diffs where cargo and the sources are present.',
    toolchain: toolchainVersion(),
    formatVersion: jsons.get('tokio').format_version,
    crates: Object.fromEntries([...ROOT_CRATES.map((c) => [c.name, { version: c.version, deb: c.deb, features: c.features }]),
      ...REEXPORTED_CRATES.map((c) => [c, { version: jsons.get(c.replace(/-/g, '_')).crate_version, deb: 'librust-futures-dev (dependency)', features: 'as resolved' }])]),
    items: Object.fromEntries(sorted.map((p) => [p, items.get(p)])),
    otherPlatformNames: Object.fromEntries(ROOT_CRATES.flatMap((c) => [...otherPlatformNames(crateDir(`${c.name}-${c.version}`), c.name.replace(/-/g, '_'))])
      .sort(([a], [b]) => (a < b ? -1 : 1))),
  };
}

export function serialiseRustdoc(doc) {
  return `${JSON.stringify(doc, null, 1)}\n`;
}

async function main(argv) {
  if (spawnSync('cargo', ['--version'], { encoding: 'utf8' }).status !== 0) {
    console.error('cargo is missing: rustdoc JSON needs a Rust toolchain (rustup.rs)');
    return 2;
  }
  const status = crateInputsStatus();
  if (!status.present) {
    if (status.unpinned.length) console.error(`lib-rust/Cargo.lock resolves crates no input pins: ${status.unpinned.join(', ')}`);
    if (status.missing.length) console.error(`pinned crate sources not fetched: ${status.missing.join(', ')}; fetch them with: ${status.install}`);
    return 2;
  }
  const text = serialiseRustdoc(compactDoc(rustdocJsons()));
  if (argv.includes('--check')) {
    const old = existsSync(OUTPUT) ? readFileSync(OUTPUT, 'utf8') : '';
    if (old === text) {
      console.log('rust/rustdoc.json: up to date');
      return 0;
    }
    console.log('rust/rustdoc.json differs from a fresh rustdoc run: rerun node scripts/catalog/rust-rustdoc.mjs and review the diff');
    return 1;
  }
  writeFileSync(OUTPUT, text);
  console.log(`wrote ${path.relative(process.cwd(), OUTPUT)} (${Object.keys(JSON.parse(text).items).length} paths)`);
  return 0;
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  process.exitCode = await main(process.argv.slice(2));
}
