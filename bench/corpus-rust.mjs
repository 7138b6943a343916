#!/usr/bin/env node
// Precision and recall per rule on a labelled Rust corpus (default test/corpus/rust/; label format in
// test/corpus/README.md with `//` comments and an optional first line `// target: tokio 1.N`), for our reviewer and,
// side by side on the same files, the anchors a careful Rust team already has: rustc's own warnings and clippy 0.1.95
// with `await_holding_lock`, `let_underscore_future`, `unused_async` and the pedantic and nursery groups.
//
//   node bench/corpus-rust.mjs [dir] [--verbose] [--no-anchors]
//
// Needs `npm run build` (ours) and cargo with clippy plus Debian's crate sources (apt: librust-tokio-dev,
// librust-futures-dev, librust-parking-lot-dev) for the anchors (skipped with a message otherwise). The anchors see
// every corpus file as a module of one library crate, built offline in the OS temp folder (never in the repository)
// against /usr/share/cargo/registry. Matching is the corpus README's: same rule, same line or one off.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const benchDir = path.dirname(fileURLToPath(import.meta.url));
const repoRoot = path.resolve(benchDir, '..');
const REGISTRY = '/usr/share/cargo/registry';

export const RULE_IDS = [
  'blocking-call-in-async', 'lock-across-await', 'missing-await', 'block-on-in-async', 'dangling-task', 'await-in-loop',
  'unbounded-concurrency', 'missing-timeout', 'swallowed-error', 'race-condition', 'hallucinated-api', 'too-new-api',
];

/** Each anchor: which diagnostic codes are its own, and how they map onto our rules (unlisted codes are not scored). */
export const ANCHORS = [
  {
    name: 'rustc warnings',
    owns: /^(?!clippy::)/,
    map: {
      unused_must_use: ['missing-await'], // "unused implementer of `Future` that must be used"
    },
  },
  {
    name: 'clippy 0.1.95 (await_holding_lock, let_underscore_future, unused_async, pedantic, nursery)',
    owns: /^clippy::/,
    map: {
      'clippy::await_holding_lock': ['lock-across-await'],
      'clippy::await_holding_refcell_ref': ['lock-across-await'],
      'clippy::let_underscore_future': ['missing-await'],
      'clippy::significant_drop_tightening': ['lock-across-await'],
      'clippy::significant_drop_in_scrutinee': ['lock-across-await'],
    },
  },
];

const LABEL = /\/\/\s*expect(-next-line)?:\s*([A-Za-z0-9-]+(?:\s*,\s*[A-Za-z0-9-]+)*)\s*$/;

function parseLabels(code) {
  const out = [];
  code.split(/\r?\n/).forEach((text, i) => {
    const m = LABEL.exec(text);
    if (!m) return;
    const next = m[1] !== undefined && /^\s*\/\//.test(text);
    for (const rule of m[2].split(',').map((s) => s.trim())) out.push({ rule, line: next ? i + 2 : i + 1 });
  });
  return out;
}

export function loadCorpus(dir) {
  const files = readdirSync(dir).filter((f) => f.endsWith('.rs')).sort();
  return files.map((file) => {
    const code = readFileSync(path.join(dir, file), 'utf8');
    const target = /^\/\/\s*target:\s*tokio\s+(1\.\d{1,2})\s*$/i.exec(code.split(/\r?\n/)[0] ?? '')?.[1];
    return { file, full: path.join(dir, file), code, target, labels: parseLabels(code) };
  });
}

/** Exact lines first, then one line off; each label and each finding matches once; same-rule findings on a line merge. */
function matchFile(labels, findings) {
  const seen = new Set();
  const found = findings.filter((f) => {
    const k = `${f.rules.join('|')}:${f.line}`;
    if (seen.has(k)) return false;
    seen.add(k);
    return true;
  }).map((f) => ({ ...f, matched: false }));
  const free = labels.map((l) => ({ ...l, matched: false }));
  const tp = [];
  for (const tolerance of [0, 1]) {
    for (const l of free) {
      if (l.matched) continue;
      const f = found.find((x) => !x.matched && x.rules.includes(l.rule) && Math.abs(x.line - l.line) <= tolerance);
      if (!f) continue;
      l.matched = true;
      f.matched = true;
      tp.push({ rule: l.rule, line: l.line });
    }
  }
  return { tp, fn: free.filter((l) => !l.matched), fp: found.filter((f) => !f.matched).map((f) => ({ rule: f.rules[0], line: f.line, message: f.message })) };
}

export function score(corpus, findingsByFile) {
  const per = Object.fromEntries(RULE_IDS.map((r) => [r, { tp: 0, fp: 0, fn: 0 }]));
  const misses = [];
  for (const e of corpus) {
    const { tp, fp, fn } = matchFile(e.labels, findingsByFile.get(e.file) ?? []);
    for (const x of tp) if (per[x.rule]) per[x.rule].tp++;
    for (const x of fp) { if (per[x.rule]) per[x.rule].fp++; misses.push({ kind: 'fp', file: e.file, ...x }); }
    for (const x of fn) { if (per[x.rule]) per[x.rule].fn++; misses.push({ kind: 'fn', file: e.file, rule: x.rule, line: x.line }); }
  }
  const ratio = (a, b) => (b === 0 ? null : Math.round((a / b) * 1000) / 1000);
  const perRule = Object.fromEntries(Object.entries(per).map(([r, c]) => [r, { ...c, precision: ratio(c.tp, c.tp + c.fp), recall: ratio(c.tp, c.tp + c.fn) }]));
  const t = Object.values(per).reduce((a, c) => ({ tp: a.tp + c.tp, fp: a.fp + c.fp, fn: a.fn + c.fn }), { tp: 0, fp: 0, fn: 0 });
  return { perRule, overall: { ...t, precision: ratio(t.tp, t.tp + t.fp), recall: ratio(t.tp, t.tp + t.fn) }, misses };
}

async function runOurs(corpus) {
  const modPath = path.join(repoRoot, 'dist', 'review', 'rust', 'index.js');
  if (!existsSync(modPath)) throw new Error(`${modPath} is missing: run \`npm run build\` first`);
  const { reviewRust } = await import(pathToFileURL(modPath).href);
  const out = new Map();
  for (const e of corpus) {
    const r = await reviewRust({ code: e.code, language: 'rust', ...(e.target ? { target: { tokio: e.target } } : {}) });
    out.set(e.file, r.findings.filter((f) => f.ruleId !== 'syntax-error').map((f) => ({ rules: [f.ruleId], line: f.line, message: f.message })));
  }
  return out;
}

/** Crate versions available in Debian's registry (`tokio-1.24.2` -> `1.24.2`). */
function registryVersion(name) {
  if (!existsSync(REGISTRY)) return undefined;
  return readdirSync(REGISTRY).map((d) => new RegExp(`^${name}-(\\d+\\.\\d+\\.\\d+)$`).exec(d)?.[1]).find(Boolean);
}

/** Every rustc and clippy diagnostic on the corpus as { code, file, line, message }, or a reason it could not run. */
function runAnchors(corpus) {
  if (spawnSync('cargo', ['clippy', '--version'], { encoding: 'utf8' }).status !== 0) return { skipped: 'cargo clippy not found: apt-get install cargo rust-clippy' };
  const versions = { tokio: registryVersion('tokio'), futures: registryVersion('futures'), parking_lot: registryVersion('parking_lot') };
  const missing = Object.entries(versions).filter(([, v]) => !v).map(([k]) => k);
  if (missing.length) return { skipped: `Debian crate sources missing for ${missing.join(', ')}: apt-get install librust-tokio-dev librust-futures-dev librust-parking-lot-dev` };
  const dir = mkdtempSync(path.join(tmpdir(), 'async-expert-rs-anchors-'));
  try {
    mkdirSync(path.join(dir, 'src'));
    mkdirSync(path.join(dir, '.cargo'));
    writeFileSync(path.join(dir, '.cargo', 'config.toml'), `[source.crates-io]\nreplace-with = "debian"\n[source.debian]\ndirectory = "${REGISTRY}"\n[net]\noffline = true\n`);
    writeFileSync(path.join(dir, 'Cargo.toml'), `[package]\nname = "corpus"\nversion = "0.0.0"\nedition = "2021"\n\n[dependencies]\ntokio = { version = "${versions.tokio}", features = ["full"] }\nfutures = "${versions.futures}"\nparking_lot = "${versions.parking_lot}"\n`);
    const mods = corpus.map((e, i) => `#[path = ${JSON.stringify(e.full)}]\npub mod m${i};`);
    writeFileSync(path.join(dir, 'src', 'lib.rs'), `${mods.join('\n')}\n`);
    const started = Date.now();
    const lints = ['-W', 'clippy::pedantic', '-W', 'clippy::nursery', '-W', 'clippy::await_holding_lock', '-W', 'clippy::let_underscore_future', '-W', 'clippy::unused_async'];
    const run = spawnSync('cargo', ['clippy', '--offline', '--message-format=json', '--', ...lints], { cwd: dir, encoding: 'utf8', maxBuffer: 256 << 20, env: { ...process.env, CARGO_TARGET_DIR: path.join(dir, 'target') } });
    const byFull = new Map(corpus.map((e) => [e.full, e.file]));
    const diagnostics = [];
    let errors = 0;
    for (const line of run.stdout.split('\n')) {
      if (!line.startsWith('{')) continue;
      const m = JSON.parse(line);
      if (m.reason !== 'compiler-message' || !m.message?.code) {
        if (m.reason === 'compiler-message' && m.message?.level === 'error') errors++;
        continue;
      }
      if (m.message.level === 'error') errors++;
      const span = m.message.spans.find((s) => s.is_primary) ?? m.message.spans[0];
      const file = span ? byFull.get(path.resolve(dir, span.file_name)) : undefined;
      if (!file) continue;
      diagnostics.push({ code: m.message.code.code, file, line: span.line_start, message: m.message.message });
    }
    if (errors > 0) return { skipped: `the corpus does not compile (${errors} errors): ${run.stderr.slice(-600)}` };
    return { diagnostics, ms: Date.now() - started, versions };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

function anchorFindings(corpus, diagnostics, anchor, unmapped) {
  const out = new Map(corpus.map((e) => [e.file, []]));
  for (const d of diagnostics) {
    if (!anchor.owns.test(d.code) || !out.has(d.file)) continue;
    const rules = anchor.map[d.code];
    if (!rules) { unmapped[d.code] = (unmapped[d.code] ?? 0) + 1; continue; }
    out.get(d.file).push({ rules, line: d.line, message: `${d.code}: ${d.message}` });
  }
  return out;
}

function table(name, s) {
  const fmt = (v) => (v === null ? '  -  ' : v.toFixed(3));
  const lines = [`\n${name}`, `${'rule'.padEnd(24)} ${'tp'.padStart(3)} ${'fp'.padStart(3)} ${'fn'.padStart(3)}  precision  recall`];
  for (const [rule, c] of Object.entries(s.perRule)) {
    lines.push(`${rule.padEnd(24)} ${String(c.tp).padStart(3)} ${String(c.fp).padStart(3)} ${String(c.fn).padStart(3)}  ${fmt(c.precision).padStart(9)}  ${fmt(c.recall).padStart(6)}`);
  }
  const o = s.overall;
  lines.push(`${'overall (micro)'.padEnd(24)} ${String(o.tp).padStart(3)} ${String(o.fp).padStart(3)} ${String(o.fn).padStart(3)}  ${fmt(o.precision).padStart(9)}  ${fmt(o.recall).padStart(6)}`);
  return lines.join('\n');
}

async function main() {
  const args = process.argv.slice(2);
  const verbose = args.includes('--verbose');
  const dir = path.resolve(args.find((a) => !a.startsWith('--')) ?? path.join(repoRoot, 'test', 'corpus', 'rust'));
  const corpus = loadCorpus(dir);
  const labels = corpus.reduce((n, e) => n + e.labels.length, 0);
  const clean = corpus.filter((e) => e.labels.length === 0).length;
  console.log(`corpus ${path.relative(repoRoot, dir)}: ${corpus.length} files (${clean} clean), ${labels} labels`);
  const ours = score(corpus, await runOurs(corpus));
  console.log(table('async-expert-mcp (tree-sitter-rust + tokio/futures catalog)', ours));
  if (verbose) for (const m of ours.misses) console.log(`  ours ${m.kind} ${m.file}:${m.line} ${m.rule}${m.message ? ` ${m.message.slice(0, 110)}` : ''}`);
  const result = { corpus: { dir: path.relative(repoRoot, dir), files: corpus.length, clean, labels }, ours, anchors: [] };
  if (!args.includes('--no-anchors')) {
    const a = runAnchors(corpus);
    if (a.skipped) console.log(`\nanchors skipped: ${a.skipped}`);
    else {
      console.log(`\nanchors: ${a.diagnostics.length} diagnostics from rustc and clippy (tokio ${a.versions.tokio}, futures ${a.versions.futures}) in ${Math.round(a.ms / 1000)} s`);
      for (const anchor of ANCHORS) {
        const unmapped = {};
        const s = score(corpus, anchorFindings(corpus, a.diagnostics, anchor, unmapped));
        console.log(table(anchor.name, s));
        console.log(`  unmapped (not scored): ${JSON.stringify(unmapped)}`);
        if (verbose) for (const m of s.misses.filter((x) => x.kind === 'fp')) console.log(`  ${anchor.name.split(' ')[0]} fp ${m.file}:${m.line} ${m.message?.slice(0, 100)}`);
        result.anchors.push({ name: anchor.name, map: anchor.map, unmapped, ...s });
      }
    }
  }
  const outDir = path.join(benchDir, 'out');
  mkdirSync(outDir, { recursive: true });
  const outFile = path.join(outDir, `corpus-rust-${path.basename(dir)}.json`);
  writeFileSync(outFile, `${JSON.stringify(result, null, 2)}\n`);
  console.log(`\nwrote ${path.relative(repoRoot, outFile)}`);
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  main().catch((err) => {
    console.error(err instanceof Error ? err.stack ?? err.message : err);
    process.exit(1);
  });
}
