// The curated Rust catalog against the crate sources Debian ships (librust-tokio-dev 1.24.2, librust-futures-dev
// 0.3.21, under /usr/share/cargo/registry): every item claimed to exist by tokio 1.24 / futures 0.3.21 must be
// defined where curated/rust.json says, items claimed newer must not be there yet, and tokio "since" values up to
// 1.24 must agree with tokio's CHANGELOG.md.
import { describe, expect, it } from 'vitest';
import { existsSync, readFileSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { DEBIAN_REGISTRY, probeDebianCrates, skipReason } from '../helpers/toolchain.js';
// @ts-expect-error build-time generator in plain JS (scripts/ is not part of the TypeScript project)
import { build } from '../../scripts/catalog/rust.mjs';

interface Curated {
  id: string;
  kind: string;
  since?: { tokio: string };
  definedIn: { crate: string; file: string };
}
interface Entry {
  id: string;
  kind: string;
  since?: { tokio: string };
  docUrl?: string;
  provenance: Array<{ source: string; fields: string[] }>;
}

const REGISTRY = DEBIAN_REGISTRY;
const curated = (JSON.parse(readFileSync(path.join(import.meta.dirname, '../../scripts/catalog/curated/rust.json'), 'utf8')) as { entries: Curated[] }).entries;
const committedText = readFileSync(path.join(import.meta.dirname, '../../src/catalog/data/rust.json'), 'utf8');
const catalog = JSON.parse(committedText) as { entries: Entry[] };

/** Directory of a crate in the registry, e.g. tokio -> tokio-1.24.2 (the crate name must be followed by a version). */
function crateDir(crate: string): string | undefined {
  if (!existsSync(REGISTRY)) return undefined;
  const dir = readdirSync(REGISTRY).find((d) => new RegExp(`^${crate}-\\d+\\.\\d+\\.\\d+$`).test(d));
  return dir && path.join(REGISTRY, dir);
}

const skip = skipReason(probeDebianCrates(REGISTRY), 'Debian crate sources (librust-tokio-dev, librust-futures-dev)');
const tokioDir = skip === undefined ? crateDir('tokio') : undefined;

const vnum = (v: string) => v.split('.').map(Number) as [number, number];
const newerThan124 = (v: string) => {
  const [maj, min] = vnum(v);
  return maj > 1 || (maj === 1 && min > 24);
};
const escape = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/** The definition a kind leaves in Rust source. */
function definitionPattern(c: Curated): RegExp {
  const name = escape(c.id.split('::').at(-1)!);
  switch (c.kind) {
    case 'function':
      return new RegExp(`\\bpub(?:\\([a-z]+\\))? (?:const )?(?:async )?(?:unsafe )?fn ${name}\\s*[<(]`);
    case 'method': // trait methods carry no `pub`
      return new RegExp(`\\bfn ${name}\\s*[<(]`);
    case 'struct':
    case 'enum':
    case 'trait':
    case 'type':
      return new RegExp(`\\bpub (?:${c.kind} ${name}\\b|use [^;]*\\b${name}\\b[^;]*;)`);
    case 'macro':
      return c.definedIn.crate === 'tokio-macros' ? new RegExp(`\\bpub fn ${name}\\s*\\(`) : new RegExp(`macro_rules! ${name}\\b`);
    case 'module':
      return new RegExp(`\\bpub mod ${name}\\b`);
    default:
      throw new Error(`${c.id}: no definition pattern for kind ${c.kind}`);
  }
}

describe.skipIf(skip !== undefined)('rust catalog vs the Debian crate sources', () => {
  it('items that exist by tokio 1.24 / futures 0.3.21 are defined where curated, newer ones are not', () => {
    let checks = 0;
    const mismatches: string[] = [];
    for (const c of curated) {
      const dir = crateDir(c.definedIn.crate);
      if (!dir) {
        mismatches.push(`${c.id}: crate ${c.definedIn.crate} not in ${REGISTRY}`);
        continue;
      }
      const file = path.join(dir, c.definedIn.file);
      const text = existsSync(file) ? readFileSync(file, 'utf8') : '';
      const found = definitionPattern(c).test(text);
      const expected = !(c.since && newerThan124(c.since.tokio));
      checks++;
      if (found !== expected) mismatches.push(`${c.id}: ${expected ? 'not found' : 'unexpectedly found'} in ${path.basename(dir)}/${c.definedIn.file}`);
    }
    console.log(`rust sources oracle: checks=${checks} mismatches=${mismatches.length}`);
    expect(mismatches).toEqual([]);
    expect(checks).toBeGreaterThanOrEqual(60);
  });

  it('tokio "since" values agree with the CHANGELOG shipped with tokio 1.24', () => {
    const changelog = readFileSync(path.join(tokioDir!, 'CHANGELOG.md'), 'utf8');
    // minor version ("1.21") -> text of all its releases (1.21.0, 1.21.1...)
    const sections = new Map<string, string>();
    let current = '';
    for (const line of changelog.split('\n')) {
      const m = /^# (\d+\.\d+)\.\d+/.exec(line);
      if (m) current = m[1]!;
      else if (current) sections.set(current, `${sections.get(current) ?? ''}${line}\n`);
    }
    let checks = 0;
    const mismatches: string[] = [];
    for (const c of curated) {
      const since = c.since?.tokio;
      if (!since || newerThan124(since)) continue;
      const segments = c.id.split('::');
      checks++;
      const isMethod = c.kind === 'method';
      const owner = segments.at(-2)!;
      if (since !== '1.0') {
        // The release that introduced (or stabilized) it names it in backticks; a method that arrived with its type
        // (same since) may be covered by the type's entry.
        const text = sections.get(since) ?? '';
        const ownerSince = curated.find((o) => o.id === segments.slice(0, -1).join('::'))?.since?.tokio;
        const mentions = (n: string) => new RegExp(`\`[^\`]*\\b${escape(n)}\\b[^\`]*\``).test(text);
        if (!mentions(segments.at(-1)!) && !(isMethod && ownerSince === since && mentions(owner))) {
          mismatches.push(`${c.id}: the ${since} CHANGELOG section does not mention it`);
        }
      } else {
        // Claimed since 1.0: no later 1.x release may say it added this item. An addition reads "add `path`" (not
        // "add `X` example" or "add `X` `y` methods"); the path, with `{a, b}` lists expanded, must be a suffix of the
        // id, qualified by its owner for methods.
        const idSegments = c.id.split('::');
        for (const [minor, text] of sections) {
          if (minor === '1.0' || !minor.startsWith('1.')) continue;
          for (const m of text.matchAll(/\badd `([^`]+)`(?! (?:example|`))/g)) {
            const raw = m[1]!.replace(/\(\)$/, '');
            const list = /^(.*::)?\{([^}]*)\}$/.exec(raw);
            const paths = list ? list[2]!.split(',').map((x) => `${list[1] ?? ''}${x.trim()}`) : [raw];
            for (const p of paths) {
              const segs = p.split('::');
              if (isMethod && segs.length < 2) continue;
              if (segs.every((seg, i) => idSegments[idSegments.length - segs.length + i] === seg)) {
                mismatches.push(`${c.id}: claimed since 1.0 but the ${minor} CHANGELOG adds \`${p}\``);
              }
            }
          }
        }
      }
    }
    console.log(`tokio CHANGELOG oracle: checks=${checks} mismatches=${mismatches.length}`);
    expect(mismatches).toEqual([]);
  });
});

describe('rust catalog: curated honesty', () => {
  it('has 60+ entries, each with curated provenance and a docs.rs URL that follows from the symbol', () => {
    expect(catalog.entries.length).toBeGreaterThanOrEqual(60);
    const kindOf = new Map(catalog.entries.map((e) => [e.id, e.kind]));
    const prefix: Record<string, string> = { function: 'fn', struct: 'struct', enum: 'enum', trait: 'trait', type: 'type', macro: 'macro' };
    for (const e of catalog.entries) {
      expect(e.provenance.find((p) => p.source === 'curated')?.fields, e.id).toContain('kind');
      const [crate, ...parts] = e.id.split('::');
      const base = `https://docs.rs/${crate}/latest/${crate}/`;
      let expected: string;
      if (e.kind === 'module') expected = `${base}${parts.join('/')}/index.html`;
      else if (e.kind === 'method') {
        const owner = parts.slice(0, -1);
        const ownerKind = kindOf.get(`${crate}::${owner.join('::')}`) ?? 'struct';
        expected = `${base}${owner.slice(0, -1).map((p) => `${p}/`).join('')}${prefix[ownerKind]}.${owner.at(-1)}.html#method.${parts.at(-1)}`;
      } else {
        const attr = e.id === 'tokio::main' || e.id === 'tokio::test';
        expected = `${base}${parts.slice(0, -1).map((p) => `${p}/`).join('')}${attr ? 'attr' : prefix[e.kind]}.${parts.at(-1)}.html`;
      }
      expect(e.docUrl, e.id).toBe(expected);
    }
  });

  it('known URLs', () => {
    const url = (id: string) => catalog.entries.find((e) => e.id === id)?.docUrl;
    expect(url('tokio::time::timeout')).toBe('https://docs.rs/tokio/latest/tokio/time/fn.timeout.html');
    expect(url('tokio::sync::Semaphore')).toBe('https://docs.rs/tokio/latest/tokio/sync/struct.Semaphore.html');
    expect(url('tokio::select')).toBe('https://docs.rs/tokio/latest/tokio/macro.select.html');
    expect(url('tokio::task::JoinSet::spawn')).toBe('https://docs.rs/tokio/latest/tokio/task/struct.JoinSet.html#method.spawn');
  });

  it('regenerating gives the committed file byte for byte', async () => {
    const rebuilt = `${JSON.stringify(await build(), null, 2)}\n`;
    expect(rebuilt).toBe(committedText);
  });
});
