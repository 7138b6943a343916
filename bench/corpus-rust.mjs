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
import { existsSync, mkdirSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { loadLabelledCorpus, reviewCorpus, runCorpusBench } from './corpus-score.mjs';

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

/**
 * A first line `// target: ...` naming tokio and a 1.N version gives the tokio target: `// target: tokio 1.N`, the doc
 * form `// target: { tokio: "1.N" }`, `// target: tokio = "1.N.P"`.
 */
export function loadCorpus(dir) {
  return loadLabelledCorpus(dir, '.rs', (first) => /^\/\/\s*target:.*\btokio\b\D{0,8}(1\.\d{1,2})(?:\.\d+)?\b/i.exec(first)?.[1]);
}

async function runOurs(corpus) {
  const modPath = path.join(repoRoot, 'dist', 'review', 'rust', 'index.js');
  if (!existsSync(modPath)) throw new Error(`${modPath} is missing: run \`npm run build\` first`);
  const { reviewRust } = await import(pathToFileURL(modPath).href);
  return reviewCorpus(reviewRust, corpus, (e) => ({ code: e.code, language: 'rust', ...(e.target ? { target: { tokio: e.target } } : {}) }));
}

/** Crate versions available in Debian's registry (`tokio-1.24.2` -> `1.24.2`). */
function registryVersion(name) {
  if (!existsSync(REGISTRY)) return undefined;
  return readdirSync(REGISTRY).map((d) => new RegExp(`^${name}-(\\d+\\.\\d+\\.\\d+)$`).exec(d)?.[1]).find(Boolean);
}

/** Every rustc and clippy diagnostic on the corpus as { id, file, line, message }, or a reason it could not run. */
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
      diagnostics.push({ id: m.message.code.code, file, line: span.line_start, message: m.message.message });
    }
    if (errors > 0) return { skipped: `the corpus does not compile (${errors} errors): ${run.stderr.slice(-600)}` };
    return { diagnostics, ms: Date.now() - started, versions };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

function main() {
  return runCorpusBench({
    name: 'corpus-rust',
    defaultDir: path.join(repoRoot, 'test', 'corpus', 'rust'),
    ruleIds: RULE_IDS,
    load: loadCorpus,
    ours: { title: 'async-expert-mcp (tree-sitter-rust + tokio/futures catalog)', run: runOurs },
    anchors: {
      list: ANCHORS,
      run: (corpus) => {
        const a = runAnchors(corpus);
        return a.skipped ? a : { ...a, header: `anchors: ${a.diagnostics.length} diagnostics from rustc and clippy (tokio ${a.versions.tokio}, futures ${a.versions.futures}) in ${Math.round(a.ms / 1000)} s` };
      },
    },
  });
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  main().catch((err) => {
    console.error(err instanceof Error ? err.stack ?? err.message : err);
    process.exit(1);
  });
}
