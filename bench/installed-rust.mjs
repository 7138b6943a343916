#!/usr/bin/env node
// Precision and recall of verify_api and hallucinated-api on locked Rust crates, on code nobody here wrote: a folder
// of crate sources that build together (Debian's /usr/share/cargo/registry by default) stands in for the cargo
// registry, a throwaway project locks every crate in it, and
//   - real paths: every `dep::path::Item` a crate's own src/ names for a dependency in the folder (that code builds
//     against these versions), asked of verify_api: a `not_found` is a false claim;
//   - invented paths: each real path with its last segment changed (…_async, …_all, a typo), kept only when the new
//     name appears nowhere in the dependency's source: a `not_found` is a catch;
//   - the reviewer over every src/ file of those crates: each hallucinated-api finding from the locked crates is a
//     false positive (the code builds).
//   node bench/installed-rust.mjs [registry-folder]
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, symlinkSync, writeFileSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const folder = process.argv[2] ?? '/usr/share/cargo/registry';
const dist = new URL('../dist/', import.meta.url);
const { verifyRustSymbol, clearRustCache } = await import(new URL('workspace/rust-api.js', dist).href);
const { planBatches, reviewFileBatch } = await import(new URL('review/paths.js', dist).href);

const crates = readdirSync(folder)
  .map((d) => /^(.+)-(\d+\.\d+\.\d+(?:-[\w.]+)?)$/.exec(d))
  .filter(Boolean)
  .map((m) => ({ name: m[1], version: m[2], dir: join(folder, m[0]) }));
const byCodeName = new Map(crates.map((c) => [c.name.replace(/-/g, '_'), c]));

const base = mkdtempSync(join(tmpdir(), 'bench-rust-'));
const index = join(base, 'cargo-home', 'registry', 'src', 'index.crates.io-6f17d22bba15001f');
mkdirSync(index, { recursive: true });
for (const c of crates) symlinkSync(c.dir, join(index, `${c.name}-${c.version}`));
process.env.CARGO_HOME = join(base, 'cargo-home');
const proj = join(base, 'proj');
mkdirSync(join(proj, 'src'), { recursive: true });
const lock = ['version = 3', ...crates.map((c) => `\n[[package]]\nname = "${c.name}"\nversion = "${c.version}"\nsource = "registry+https://github.com/rust-lang/crates.io-index"`)].join('\n');
writeFileSync(join(proj, 'Cargo.lock'), `${lock}\n`);
writeFileSync(join(proj, 'Cargo.toml'), '[package]\nname = "bench"\nversion = "0.0.0"\nedition = "2021"\n');

function rsFiles(dir, out = []) {
  for (const e of readdirSync(dir, { withFileTypes: true })) {
    const p = join(dir, e.name);
    if (e.isDirectory()) rsFiles(p, out);
    else if (e.name.endsWith('.rs') && statSync(p).size < 512 * 1024) out.push(p);
  }
  return out;
}

/** Paths a crate's sources name for another crate of the folder (code lines only: comments dropped). */
function realPaths() {
  const found = new Map();
  for (const c of crates) {
    const own = c.name.replace(/-/g, '_');
    const files = rsFiles(join(c.dir, 'src'));
    // A head that is one of the crate's own modules (`mod slab;`) is not the dependency of that name.
    const mods = new Set(files.flatMap((f) => [...readFileSync(f, 'utf8').matchAll(/\bmod\s+([a-z_][a-z0-9_]*)/g)].map((m) => m[1])));
    for (const f of files) {
      const code = readFileSync(f, 'utf8').split('\n').filter((l) => !/^\s*\/\//.test(l)).join('\n');
      for (const m of code.matchAll(/(?<![\w:$])([a-z_][a-z0-9_]*)((?:::[A-Za-z_]\w*)+)/g)) {
        const head = m[1];
        if (head === own || !byCodeName.has(head) || mods.has(head)) continue;
        const path = `${head}${m[2]}`;
        if (!found.has(path)) found.set(path, c.name);
      }
    }
  }
  return found;
}

const MUTATIONS = [(n) => (/^[A-Z]/.test(n) ? `${n}Async` : `${n}_async`), (n) => (/^[A-Z]/.test(n) ? `${n}All` : `${n}_all`), (n) => (n.length > 4 ? n.slice(0, -2) + n.at(-1) + n.at(-2) : `${n}x`)];
const sourceWords = new Map();
function wordsOf(crate) {
  if (!sourceWords.has(crate.name)) {
    const words = new Set();
    for (const f of rsFiles(crate.dir)) for (const w of readFileSync(f, 'utf8').match(/[A-Za-z_]\w*/g) ?? []) words.add(w);
    sourceWords.set(crate.name, words);
  }
  return sourceWords.get(crate.name);
}

const started = performance.now();
const real = realPaths();
const tally = (o, k) => (o[k] = (o[k] ?? 0) + 1);
const realOut = {};
const invOut = {};
const falseClaims = [];
const catches = [];
for (const [path] of real) {
  const v = await verifyRustSymbol({ symbol: path, from: proj, stopAt: proj });
  tally(realOut, v?.status ?? 'not asked');
  if (v?.status === 'not_found') falseClaims.push(`${path}: ${v.reason}`);
  if (v?.status !== 'verified') continue;
  const segs = path.split('::');
  const dep = byCodeName.get(segs[0]);
  for (const mutate of MUTATIONS) {
    const name = mutate(segs.at(-1));
    if (wordsOf(dep).has(name)) continue;
    const w = await verifyRustSymbol({ symbol: [...segs.slice(0, -1), name].join('::'), from: proj, stopAt: proj });
    tally(invOut, w?.status ?? 'not asked');
    if (w?.status === 'not_found') catches.push(w.symbol);
  }
}
const verifyMs = Math.round(performance.now() - started);

// The reviewer over every crate's src/ (each file reviewed with the throwaway project's lock).
let files = 0;
let findings = 0;
const reviewFindings = [];
const reviewStarted = performance.now();
for (const c of crates) {
  const paths = rsFiles(join(c.dir, 'src'));
  for (const p of paths) {
    const copy = join(proj, 'src', `${c.name}-${files}.rs`);
    writeFileSync(copy, readFileSync(p, 'utf8'));
    for (const batch of planBatches([copy], { stopAt: () => proj })) {
      for (const r of await reviewFileBatch(batch)) {
        for (const f of r.findings) {
          if (f.ruleId !== 'hallucinated-api' || f.basis?.kind !== 'project') continue;
          findings++;
          reviewFindings.push(`${c.name} ${p.slice(c.dir.length)}:${f.line} ${f.severity} ${f.message.slice(0, 160)}`);
        }
      }
    }
    rmSync(copy);
    files++;
  }
}
const reviewMs = Math.round(performance.now() - reviewStarted);
clearRustCache();
rmSync(base, { recursive: true, force: true });

console.log(`crates in ${folder}: ${crates.length}`);
console.log(`real paths named by their dependents: ${real.size} -> ${JSON.stringify(realOut)} (${verifyMs} ms with the invented ones)`);
for (const f of falseClaims) console.log(`  false not_found: ${f}`);
console.log(`invented paths (last segment changed, absent from the crate's source): ${JSON.stringify(invOut)}`);
console.log(`reviewer: ${files} files, ${findings} hallucinated-api findings from locked crates (each a false positive), ${reviewMs} ms`);
for (const f of reviewFindings) console.log(`  ${f}`);
