// The Rust catalog (src/catalog/data/rust.json) against its sources:
// - always: every public path in the committed rustdoc extract answers `verified`; every CHANGELOG date names a
//   pull request that the CHANGELOG section of that version lists; docs.rs links follow from the path;
// - where cargo and the pinned Debian crate sources are present (CI fetches them with `npm run setup:sources`):
//   rustdoc runs again, its compact extract
//   must equal the committed one, and an oracle that walks rustdoc's raw JSON on its own (every public module
//   item, re-export, inherent method, trait item and trait-impl item, under every path that reaches it) requires
//   each path to answer `verified`.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { expandCatalogFile, verifyApi } from '../../src/catalog/index.js';
import { HIDE_VARIABLE, probeInput, probeInputs, probeToolchain, skipReason, type Toolchain } from '../helpers/toolchain.js';
// @ts-expect-error build-time generator in plain JS (scripts/ is not part of the TypeScript project)
import { compactDoc, crateInputs, ROOT_CRATES, rustdocJsons, serialiseRustdoc } from '../../scripts/catalog/rust-rustdoc.mjs';

interface Entry {
  id: string;
  kind: string;
  since?: Record<string, string>;
  atOrBefore?: Record<string, string>;
  docUrl?: string;
  notes?: string[];
  provenance: Array<{ source: string; fields: string[] }>;
}

const ROOT = path.resolve(import.meta.dirname, '../..');
const extractText = readFileSync(path.join(ROOT, 'scripts/catalog/rust/rustdoc.json'), 'utf8');
const extract = JSON.parse(extractText) as { items: Record<string, { kind: string; alias?: string }> };
const catalog = expandCatalogFile(JSON.parse(readFileSync(path.join(ROOT, 'src/catalog/data/rust.json'), 'utf8'))) as unknown as { entries: Entry[]; versions: Record<string, string[]> };
const byId = new Map(catalog.entries.map((e) => [e.id, e]));

describe('rust catalog from the committed rustdoc extract', () => {
  it('answers verified for every public path rustdoc lists', () => {
    const paths = Object.keys(extract.items).filter((p) => !p.startsWith('<'));
    const failures = paths.filter((p) => verifyApi('rust', p).status !== 'verified');
    console.log(`rust extract: ${paths.length} public paths, ${failures.length} not verified`);
    expect(failures.slice(0, 20)).toEqual([]);
    expect(paths.length).toBeGreaterThan(2000);
  });

  it('dates every tokio, futures and tokio-util item: a CHANGELOG version, or at or before the version read', () => {
    const undated = catalog.entries.filter((e) => /^(tokio|futures|tokio_util)(::|$)/.test(e.id) && !e.since && !e.atOrBefore);
    expect(undated.map((e) => e.id)).toEqual([]);
    expect(byId.get('tokio::time::MissedTickBehavior')?.atOrBefore).toEqual({ tokio: '1.24' }); // "allow users to specify Interval behaviour" names no item
    expect(verifyApi('rust', 'tokio::time::MissedTickBehavior', { tokio: '1.0' }).status).toBe('cannot_verify');
    expect(verifyApi('rust', 'tokio::sync::watch::Receiver::borrow_and_update', { tokio: '1.7' }).status).toBe('too_new');
    expect(verifyApi('rust', 'tokio::sync::watch::Receiver::borrow_and_update', { tokio: '1.8' }).status).toBe('verified');
    expect(verifyApi('rust', 'tokio::sync::mpsc::Receiver::recv_many')).toMatchObject({ status: 'verified', since: { tokio: '1.34' } });
    expect(verifyApi('rust', 'tokio::sync::mpsc::Receiver::recv_many', { tokio: '1.24' }).status).toBe('too_new');
  });

  it('each CHANGELOG date cites pull requests that the CHANGELOG lists under that version', () => {
    const log = JSON.parse(readFileSync(path.join(ROOT, 'scripts/catalog/rust/changelog.json'), 'utf8')) as {
      crates: Record<string, { versions: Array<{ version: string; added: Array<{ prs: number[] }> }> }>;
    };
    let checks = 0;
    const bad: string[] = [];
    for (const e of catalog.entries) {
      const note = e.notes?.find((n) => /^Added in (tokio|futures|tokio-util) /.test(n));
      if (!note) continue;
      const [, crate, version] = /^Added in (\S+) (\d+\.\d+\.\d+(?:-[\w.]+)?)/.exec(note) ?? [];
      const prs = [...note.matchAll(/#(\d+)/g)].map((m) => Number(m[1]));
      const section = log.crates[crate!]?.versions.find((v) => v.version === version);
      checks++;
      if (!section || !prs.every((pr) => section.added.some((l) => l.prs.includes(pr)))) bad.push(`${e.id}: ${note}`);
    }
    console.log(`rust CHANGELOG citations: ${checks} checked, ${bad.length} wrong`);
    expect(bad).toEqual([]);
    expect(checks).toBeGreaterThan(200);
  });

  it('links each item to its docs.rs page', () => {
    expect(byId.get('tokio::time::timeout')?.docUrl).toBe('https://docs.rs/tokio/latest/tokio/time/fn.timeout.html');
    expect(byId.get('tokio::sync::Semaphore')?.docUrl).toBe('https://docs.rs/tokio/latest/tokio/sync/struct.Semaphore.html');
    expect(byId.get('tokio::select')?.docUrl).toBe('https://docs.rs/tokio/latest/tokio/macro.select.html');
    expect(byId.get('tokio::main')?.docUrl).toBe('https://docs.rs/tokio/latest/tokio/attr.main.html');
    expect(byId.get('tokio::task::JoinSet::spawn')?.docUrl).toBe('https://docs.rs/tokio/latest/tokio/task/struct.JoinSet.html#method.spawn');
    expect(byId.get('futures::stream::StreamExt::next')?.docUrl).toBe('https://docs.rs/futures/latest/futures/stream/trait.StreamExt.html#method.next');
  });

  it('keeps curated notes as notes only', () => {
    const curated = JSON.parse(readFileSync(path.join(ROOT, 'scripts/catalog/curated/rust.json'), 'utf8')) as { entries: Array<Record<string, unknown>> };
    for (const c of curated.entries) expect(Object.keys(c).sort()).toEqual(['id', 'notes']);
    const curatedProvenance = catalog.entries.flatMap((e) => e.provenance.filter((p) => p.source === 'curated').map((p) => p.fields.join(',')));
    expect(new Set(curatedProvenance)).toEqual(new Set(['notes']));
  });
});

// rustdoc runs need cargo and the pinned Debian crate sources (the `crate` inputs of scripts/sources/inputs.json, one
// per package of lib-rust/Cargo.lock), never the machine's /usr/share/cargo/registry. One short line when they are
// missing: the 44 ids are named only when some, not all, are absent.
const crateIds = (crateInputs() as Array<{ id: string }>).map((i) => i.id);
const missingIds = crateIds.filter((id) => !probeInput(id).available);
const crates: Toolchain = missingIds.length < crateIds.length
  ? probeInputs(crateIds)
  : {
    available: false,
    version: `the ${crateIds.length} pinned Debian crate sources (rust-tokio, rust-futures, rust-tokio-util and their dependencies) are ${probeInput(crateIds[0]!).version.includes(HIDE_VARIABLE) ? `hidden by ${HIDE_VARIABLE}` : 'not fetched'}`,
    install: 'npm run setup:sources',
  };
const skipRustdoc = skipReason(probeToolchain('cargo'), 'cargo') ?? skipReason(crates, 'pinned crate sources for rustdoc');
const present = skipRustdoc === undefined;

interface RawItem { name: string | null; visibility: string; inner: Record<string, any>; }
interface RawCrate { index: Record<string, RawItem>; paths: Record<string, { crate_id: number; path: string[]; kind: string }>; external_crates: Record<string, { name: string }>; root: number; }

/**
 * An oracle written apart from the generator: it follows every path (no canonical choice, no aliases), so each
 * re-export is checked under its own name, with its members.
 */
function oraclePaths(jsons: Map<string, RawCrate>): string[] {
  const byPath = new Map<string, Map<string, number>>();
  for (const [name, j] of jsons) {
    const m = new Map<string, number>();
    for (const [id, p] of Object.entries(j.paths)) if (p.crate_id === 0) m.set(p.path.join('::'), Number(id));
    byPath.set(name, m);
  }
  const locate = (j: RawCrate, crate: string, id: number): { j: RawCrate; crate: string; item: RawItem } | undefined => {
    if (j.index[id]) return { j, crate, item: j.index[id]! };
    const p = j.paths[id];
    const other = p && jsons.get(j.external_crates[p.crate_id]?.name ?? '');
    const oid = other && byPath.get(j.external_crates[p!.crate_id]!.name)!.get(p!.path.join('::'));
    return other && oid !== undefined && other.index[oid] ? { j: other, crate: j.external_crates[p!.crate_id]!.name, item: other.index[oid]! } : undefined;
  };
  const out = new Set<string>();
  const modulesSeen = new Set<string>();
  const visit = (prefix: string, j: RawCrate, crate: string, item: RawItem, depth: number): void => {
    out.add(prefix);
    const kind = Object.keys(item.inner)[0]!;
    if (kind === 'module') {
      const key = `${crate}#${prefix.split('::').length}#${JSON.stringify(item.inner.module.items).slice(0, 50)}`;
      if (depth > 6 || modulesSeen.has(`${prefix}`)) return;
      modulesSeen.add(prefix);
      void key;
      for (const cid of item.inner.module.items as number[]) {
        const child = j.index[cid];
        if (!child || child.visibility !== 'public') continue;
        if (child.inner.use) {
          const u = child.inner.use as { name: string; id: number | null; is_glob: boolean };
          if (u.is_glob || u.name === '_' || u.id === null) continue;
          const target = locate(j, crate, u.id);
          if (target) visit(`${prefix}::${u.name}`, target.j, target.crate, target.item, depth + 1);
          else out.add(`${prefix}::${u.name}`);
          continue;
        }
        if (child.name) visit(`${prefix}::${child.name}`, j, crate, child, depth + 1);
      }
      return;
    }
    const body = item.inner[kind];
    if (kind === 'trait') {
      for (const iid of body.items as number[]) { const it = j.index[iid]; if (it?.name) out.add(`${prefix}::${it.name}`); }
      return;
    }
    if (kind === 'enum') for (const vid of body.variants as number[]) { const v = j.index[vid]; if (v?.name) out.add(`${prefix}::${v.name}`); }
    for (const implId of (body?.impls ?? []) as number[]) {
      const impl = j.index[implId]?.inner.impl;
      if (!impl || impl.is_negative) continue;
      for (const iid of impl.items as number[]) { const it = j.index[iid]; if (it?.name) out.add(`${prefix}::${it.name}`); }
      for (const n of (impl.provided_trait_methods ?? []) as string[]) out.add(`${prefix}::${n}`);
      if (impl.trait) {
        const t = locate(j, crate, impl.trait.id);
        if (t && Object.keys(t.item.inner)[0] === 'trait') {
          for (const iid of t.item.inner.trait.items as number[]) { const it = t.j.index[iid]; if (it?.name) out.add(`${prefix}::${it.name}`); }
        }
      }
    }
  };
  for (const c of ROOT_CRATES as Array<{ name: string }>) {
    const name = c.name.replace(/-/g, '_');
    const j = jsons.get(name)!;
    visit(name, j, name, j.index[j.root]!, 0);
  }
  return [...out];
}

describe.skipIf(!present)('rust catalog against a fresh rustdoc run', () => {
  let jsons: Map<string, RawCrate>;
  beforeAll(() => {
    jsons = rustdocJsons();
  }, 600_000);

  it('regenerates the committed extract byte for byte', () => {
    const fresh = serialiseRustdoc(compactDoc(jsons)) as string;
    // On failure: node scripts/catalog/rust-rustdoc.mjs && npm run catalog:build -- rust, and review the diff.
    expect(fresh === extractText, 'scripts/catalog/rust/rustdoc.json is stale').toBe(true);
  });

  it('oracle: every public path rustdoc reaches answers verified', () => {
    const paths = oraclePaths(jsons);
    const failures: string[] = [];
    for (const p of paths) {
      const v = verifyApi('rust', p);
      if (v.status !== 'verified') failures.push(`${p}: ${v.status} ${v.reason ?? ''}`);
    }
    console.log(`rust rustdoc oracle: ${paths.length} paths, ${failures.length} mismatches`);
    expect(failures.slice(0, 30)).toEqual([]);
    expect(paths.length).toBeGreaterThan(3000);
  });
});
