#!/usr/bin/env node
// Precision and recall per rule on the labelled TS/JS corpus (test/corpus/ts/, format in test/corpus/README.md),
// for our reviewer (dist/review/index.js, built by `npm run build`) and for ESLint 10 with typescript-eslint
// (type-aware) and eslint-plugin-promise (bench/eslint.config.mjs), plus the wall time of each over the corpus.
//
//   node bench/corpus-ts.mjs [--runs N] [--verbose] [--no-eslint] [--no-ours]
//
// Each timed run is a fresh process (`--worker ours|eslint`), so timings are cold and comparable; the findings of
// the first run are scored. Prints a table per tool and writes every figure, and each false positive and false negative, to
// bench/out/corpus-ts.json. The module also exports the corpus loader and label parser that
// test/review/corpus-labels.test.ts checks, so the bench and the test read labels the same way.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { fileURLToPath, pathToFileURL } from 'node:url';

const benchDir = path.dirname(fileURLToPath(import.meta.url));
const repoRoot = path.resolve(benchDir, '..');
export const CORPUS_DIR = path.join(repoRoot, 'test', 'corpus', 'ts');

/** The reviewer's stable rule ids, in the order the tables print them. */
export const RULE_IDS = [
  'floating-promise',
  'missing-await',
  'await-in-loop',
  'unbounded-concurrency',
  'blocking-call-in-async',
  'async-promise-executor',
  'promise-executor-return',
  'misused-promise',
  'then-without-catch',
  'broken-promise-chain',
  'missing-timeout',
  'swallowed-error',
  'race-condition',
  'hallucinated-api',
  'too-new-api',
];

const EXTENSIONS = new Map([
  ['.ts', 'typescript'],
  ['.mts', 'typescript'],
  ['.cts', 'typescript'],
  ['.js', 'javascript'],
  ['.mjs', 'javascript'],
  ['.cjs', 'javascript'],
]);

const LABEL_LIST = String.raw`([A-Za-z0-9-]+(?:\s*,\s*[A-Za-z0-9-]+)*)`;
// `// expect:` at the end of a code line; `expect-next-line` never matches it because of the hyphen.
const EXPECT_SAME = new RegExp(String.raw`//\s*expect:\s*${LABEL_LIST}\s*$`);
const EXPECT_NEXT = new RegExp(String.raw`^\s*//\s*expect-next-line:\s*${LABEL_LIST}\s*$`);
const TARGET = /^\/\/\s*target:\s*(?:node\s+(\d{1,2}(?:\.\d{1,3}){0,2})|ecmascript\s+(ES\w+))\s*$/i;

/**
 * Reads the labels of one file: `{ rule, line }` with 1-based lines, in file order. Throws on a malformed label
 * (an `expect-next-line` on the last line), so a typo cannot silently become "clean".
 */
export function parseLabels(code) {
  const lines = code.split(/\r?\n/);
  const labels = [];
  lines.forEach((text, i) => {
    const next = EXPECT_NEXT.exec(text);
    const same = next ? null : EXPECT_SAME.exec(text);
    const match = next ?? same;
    if (!match) return;
    const line = next ? i + 2 : i + 1;
    if (line > lines.length) throw new Error(`expect-next-line on the last line (${i + 1}) labels nothing`);
    for (const rule of match[1].split(',').map((r) => r.trim())) labels.push({ rule, line });
  });
  return labels;
}

/** The review target a file declares on its first line, e.g. `{ node: "20" }`, or undefined. */
export function parseTarget(code) {
  const first = code.split(/\r?\n/, 1)[0] ?? '';
  const m = TARGET.exec(first);
  if (!m) return undefined;
  return m[1] ? { node: m[1] } : { ecmascript: m[2].toUpperCase() };
}

/** Every corpus file with its language, target and labels, sorted by path. */
export function loadCorpus(dir = CORPUS_DIR) {
  const files = [];
  const walk = (d) => {
    for (const entry of readdirSync(d, { withFileTypes: true })) {
      const full = path.join(d, entry.name);
      if (entry.isDirectory()) walk(full);
      else if (EXTENSIONS.has(path.extname(entry.name))) files.push(full);
    }
  };
  walk(dir);
  files.sort();
  return files.map((file) => {
    const code = readFileSync(file, 'utf8');
    return {
      file,
      rel: path.relative(repoRoot, file),
      code,
      language: EXTENSIONS.get(path.extname(file)),
      target: parseTarget(code),
      labels: parseLabels(code),
    };
  });
}

// --- ESLint rule -> our rule ids ---------------------------------------------------------------------------
// Each ESLint finding becomes a list of our ids it may stand for; the first is where an unmatched finding counts
// as a false positive. Choices, and why:
// - no-floating-promises also fires on a dangling `.then` chain (labelled then-without-catch) and on an unreturned
//   call inside a `.then` callback (labelled broken-promise-chain): it gets credit for both. ESLint has no rule
//   specific to those classes; our reviewer, which claims the specific ids, is held to them.
// - no-misused-promises: `conditional` (promise in a condition) and `spread` are our missing-await; `predicate`
//   and the `voidReturn*` ids are our misused-promise (or, on a Promise executor, async-promise-executor or
//   promise-executor-return: a promise-returning executor is what those two describe).
// - return-await 'in-try-catch': only `requiredPromiseAwait` (a `return promise` inside try) is our missing-await;
//   its other messages are style (`return await` where it is not needed) and are not claims of any of our rules.
// - no-misused-spread: only `noPromiseSpreadInObject` is about async code (our missing-await); the rest is not.
// - no-empty (blocks, including empty catch) and no-empty-function (`.catch(() => {})`, no-op handlers) are the
//   nearest ESLint has to swallowed-error; they also fire on empty blocks that are not error handling.
// - require-atomic-updates is ESLint's race-condition (assignment based on a value read before an await).
// - promise/always-return is the nearest to broken-promise-chain: it asks every `.then` callback to return.
// - No ESLint equivalent (zero recall for ESLint): unbounded-concurrency, blocking-call-in-async,
//   missing-timeout, hallucinated-api, too-new-api.
const ESLINT_MAP = {
  'no-await-in-loop': () => ['await-in-loop'],
  'no-async-promise-executor': () => ['async-promise-executor'],
  'no-promise-executor-return': () => ['promise-executor-return'],
  'require-atomic-updates': () => ['race-condition'],
  'no-empty': () => ['swallowed-error'],
  '@typescript-eslint/no-empty-function': () => ['swallowed-error'],
  '@typescript-eslint/no-floating-promises': () => ['floating-promise', 'then-without-catch', 'broken-promise-chain'],
  '@typescript-eslint/no-misused-promises': (m) =>
    m.messageId === 'conditional' || m.messageId === 'spread'
      ? ['missing-await']
      : ['misused-promise', 'async-promise-executor', 'promise-executor-return'],
  '@typescript-eslint/return-await': (m) => (m.messageId === 'requiredPromiseAwait' ? ['missing-await'] : null),
  '@typescript-eslint/no-misused-spread': (m) => (m.messageId === 'noPromiseSpreadInObject' ? ['missing-await'] : null),
  'promise/catch-or-return': () => ['then-without-catch'],
  'promise/always-return': () => ['broken-promise-chain'],
};

/** Rule ids ESLint has some equivalent for: the "shared classes". */
export const ESLINT_SHARED = RULE_IDS.filter((id) =>
  ['await-in-loop', 'async-promise-executor', 'promise-executor-return', 'race-condition', 'swallowed-error',
    'floating-promise', 'then-without-catch', 'missing-await', 'misused-promise', 'broken-promise-chain'].includes(id),
);

/**
 * Merges findings on the same line whose candidate ids overlap (two ESLint rules, or one rule twice, reporting one
 * defect count once).
 */
function mergeFindings(findings) {
  const out = [];
  for (const f of findings) {
    const twin = out.find((o) => o.line === f.line && o.rules.some((r) => f.rules.includes(r)));
    if (twin) {
      for (const r of f.rules) if (!twin.rules.includes(r)) twin.rules.push(r);
      twin.sources.push(...f.sources);
    } else {
      out.push({ ...f, rules: [...f.rules], sources: [...f.sources] });
    }
  }
  return out;
}

/**
 * Matches one file's findings to its labels: exact lines first, then one line off. Returns tp (label, finding)
 * pairs, unmatched labels (fn) and unmatched findings (fp).
 */
export function matchFile(labels, findings) {
  const freeLabels = labels.map((l) => ({ ...l }));
  const freeFindings = mergeFindings(findings);
  const tp = [];
  for (const tolerance of [0, 1]) {
    for (const label of freeLabels) {
      if (label.matched) continue;
      const f = freeFindings.find((x) => !x.matched && x.rules.includes(label.rule) && Math.abs(x.line - label.line) <= tolerance);
      if (!f) continue;
      label.matched = true;
      f.matched = true;
      tp.push({ rule: label.rule, line: label.line, foundAt: f.line });
    }
  }
  return {
    tp,
    fn: freeLabels.filter((l) => !l.matched).map(({ rule, line }) => ({ rule, line })),
    fp: freeFindings.filter((f) => !f.matched).map((f) => ({ rule: f.rules[0], line: f.line, sources: f.sources })),
  };
}

/** Scores a tool: `findingsByFile` maps rel path -> [{ rules: [...], line, sources: [...] }]. */
export function score(corpus, findingsByFile) {
  const perRule = Object.fromEntries(RULE_IDS.map((id) => [id, { labels: 0, tp: 0, fp: 0, fn: 0 }]));
  const details = [];
  for (const entry of corpus) {
    const m = matchFile(entry.labels, findingsByFile.get(entry.rel) ?? []);
    for (const l of entry.labels) (perRule[l.rule] ??= { labels: 0, tp: 0, fp: 0, fn: 0 }).labels++;
    for (const t of m.tp) perRule[t.rule].tp++;
    for (const f of m.fn) perRule[f.rule].fn++;
    for (const f of m.fp) (perRule[f.rule] ??= { labels: 0, tp: 0, fp: 0, fn: 0 }).fp++;
    if (m.fn.length || m.fp.length) details.push({ file: entry.rel, falseNegatives: m.fn, falsePositives: m.fp });
  }
  for (const r of Object.values(perRule)) Object.assign(r, ratios(r));
  return { perRule, overall: micro(perRule, RULE_IDS), shared: micro(perRule, ESLINT_SHARED), details };
}

function ratios({ tp, fp, fn }) {
  return {
    precision: tp + fp === 0 ? null : tp / (tp + fp),
    recall: tp + fn === 0 ? null : tp / (tp + fn),
  };
}

function micro(perRule, ids) {
  const sum = { labels: 0, tp: 0, fp: 0, fn: 0 };
  for (const id of ids) for (const k of Object.keys(sum)) sum[k] += perRule[id]?.[k] ?? 0;
  const r = ratios(sum);
  const f1 = r.precision && r.recall ? (2 * r.precision * r.recall) / (r.precision + r.recall) : null;
  return { ...sum, ...r, f1 };
}

// --- the two tools -----------------------------------------------------------------------------------------

async function loadOurReviewer() {
  const entry = path.join(repoRoot, 'dist', 'review', 'index.js');
  if (!existsSync(entry)) return { ok: false, reason: 'our reviewer not built yet (dist/review/index.js is missing: run `npm run build`)' };
  try {
    const mod = await import(pathToFileURL(entry).href);
    if (typeof mod.reviewCode !== 'function') return { ok: false, reason: 'our reviewer not built yet (dist/review/index.js has no reviewCode export)' };
    return { ok: true, reviewCode: mod.reviewCode };
  } catch (err) {
    return { ok: false, reason: `our reviewer not built yet (importing dist/review/index.js failed: ${err.message})` };
  }
}

/**
 * Reviews one corpus entry with our reviewer: its rule findings, how many syntax errors it reported (info findings,
 * not a rule, counted apart) and the error message if the review threw. Shared with bench/score-blind.mjs.
 */
export async function reviewEntry(reviewCode, entry) {
  try {
    const result = await reviewCode({
      code: entry.code,
      language: entry.language,
      filename: path.basename(entry.file),
      ...(entry.target ? { target: entry.target } : {}),
    });
    const findings = result.findings.filter((f) => f.ruleId !== 'syntax-error');
    return { findings, syntaxErrors: result.findings.length - findings.length };
  } catch (err) {
    return { findings: [], syntaxErrors: 0, error: String(err?.message ?? err) };
  }
}

async function runOurs(reviewCode, corpus) {
  const byFile = new Map();
  let syntaxErrors = 0;
  const crashes = [];
  for (const entry of corpus) {
    const r = await reviewEntry(reviewCode, entry);
    syntaxErrors += r.syntaxErrors;
    if (r.error !== undefined) crashes.push({ file: entry.rel, error: r.error });
    byFile.set(entry.rel, r.findings.map((f) => ({ rules: [f.ruleId], line: f.line, sources: [f.ruleId] })));
  }
  return { byFile, syntaxErrors, crashes };
}

async function runEslint(corpus) {
  const { ESLint } = await import('eslint');
  const eslint = new ESLint({
    cwd: repoRoot,
    overrideConfigFile: path.join(benchDir, 'eslint.config.mjs'),
    cache: false,
  });
  const results = await eslint.lintFiles(corpus.map((e) => e.file));
  const byFile = new Map();
  const unmapped = {};
  let fatal = 0;
  for (const r of results) {
    const rel = path.relative(repoRoot, r.filePath);
    const findings = [];
    for (const m of r.messages) {
      if (m.fatal || !m.ruleId) {
        fatal++;
        continue;
      }
      const rules = ESLINT_MAP[m.ruleId]?.(m);
      if (!rules) {
        const key = `${m.ruleId}${m.messageId ? `:${m.messageId}` : ''}`;
        unmapped[key] = (unmapped[key] ?? 0) + 1;
        continue;
      }
      findings.push({ rules, line: m.line, sources: [m.ruleId] });
    }
    byFile.set(rel, findings);
  }
  return { byFile, unmapped, fatal };
}

// --- output ------------------------------------------------------------------------------------------------

const pct = (x) => (x === null ? '   n/a' : `${(100 * x).toFixed(1).padStart(5)}%`);

function printTable(title, s) {
  console.log(`\n${title}`);
  console.log(`  ${'rule'.padEnd(24)} labels   TP   FP   FN  precision  recall`);
  for (const id of RULE_IDS) {
    const r = s.perRule[id];
    console.log(
      `  ${id.padEnd(24)} ${String(r.labels).padStart(6)} ${String(r.tp).padStart(4)} ${String(r.fp).padStart(4)} ${String(r.fn).padStart(4)}     ${pct(r.precision)}  ${pct(r.recall)}`,
    );
  }
  const line = (name, o) =>
    console.log(
      `  ${name.padEnd(24)} ${String(o.labels).padStart(6)} ${String(o.tp).padStart(4)} ${String(o.fp).padStart(4)} ${String(o.fn).padStart(4)}     ${pct(o.precision)}  ${pct(o.recall)}   F1 ${o.f1 === null ? 'n/a' : o.f1.toFixed(3)}`,
    );
  line('overall (micro)', s.overall);
  line('shared with ESLint', s.shared);
}

function printDetails(title, details) {
  console.log(`\n${title}: misses (FN) and false alarms (FP)`);
  for (const d of details) {
    for (const f of d.falseNegatives) console.log(`  FN ${d.file}:${f.line} ${f.rule}`);
    for (const f of d.falsePositives) console.log(`  FP ${d.file}:${f.line} ${f.rule} (${f.sources.join(', ')})`);
  }
}

const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

/**
 * One cold run of one tool, in this process: load the tool, review the whole corpus, print the findings as JSON on
 * stdout. The parent starts a fresh process per run, so no run profits from another's caches (typescript-eslint
 * keeps its programs, our reviewer its Project, for the life of a process).
 */
async function worker(tool) {
  const t0 = performance.now();
  const corpus = loadCorpus();
  let payload;
  if (tool === 'ours') {
    const ours = await loadOurReviewer();
    if (!ours.ok) payload = { built: false, reason: ours.reason };
    else {
      const r = await runOurs(ours.reviewCode, corpus);
      payload = { built: true, byFile: [...r.byFile], syntaxErrors: r.syntaxErrors, crashes: r.crashes };
    }
  } else if (tool === 'eslint') {
    const r = await runEslint(corpus);
    payload = { byFile: [...r.byFile], unmapped: r.unmapped, fatal: r.fatal };
  } else {
    throw new TypeError(`--worker must be "ours" or "eslint", received ${JSON.stringify(tool)}`);
  }
  payload.inProcessMs = performance.now() - t0;
  process.stdout.write(JSON.stringify(payload));
}

/** Runs `--worker tool` in `runs` fresh processes, one after the other; wall time per process. */
function timedRuns(tool, runs) {
  const times = [];
  const inProcess = [];
  let first;
  for (let i = 0; i < runs; i++) {
    const t0 = performance.now();
    const child = spawnSync(process.execPath, [fileURLToPath(import.meta.url), '--worker', tool], {
      cwd: repoRoot,
      encoding: 'utf8',
      maxBuffer: 256 * 1024 * 1024,
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    const elapsed = performance.now() - t0;
    if (child.status !== 0) throw new Error(`the ${tool} run exited with status ${child.status}`);
    const payload = JSON.parse(child.stdout);
    if (payload.built === false) return { payload, times: [], median: null };
    times.push(elapsed);
    inProcess.push(payload.inProcessMs);
    first ??= payload;
  }
  return { payload: first, times, median: median(times), inProcess };
}

const fmtRuns = (t) =>
  `median ${t.median.toFixed(0)} ms per cold process (runs: ${t.times.map((x) => x.toFixed(0)).join(', ')} ms; ` +
  `inside the process: ${t.inProcess.map((x) => x.toFixed(0)).join(', ')} ms)`;

async function main() {
  const args = process.argv.slice(2);
  const workerArg = args.indexOf('--worker');
  if (workerArg >= 0) return worker(args[workerArg + 1]);
  const runsArg = args.indexOf('--runs');
  const runs = runsArg >= 0 ? Number(args[runsArg + 1]) : 3;
  if (!Number.isInteger(runs) || runs < 1) throw new TypeError(`--runs must be a positive integer, received ${args[runsArg + 1]}`);
  const verbose = args.includes('--verbose');

  const corpus = loadCorpus();
  const labelCount = corpus.reduce((n, e) => n + e.labels.length, 0);
  const clean = corpus.filter((e) => e.labels.length === 0).length;
  console.log(`Corpus: ${corpus.length} files (${clean} clean), ${labelCount} labels; ${runs} cold run(s) per tool, each in a fresh process.`);
  const out = {
    corpus: { files: corpus.length, clean, labels: labelCount },
    node: process.version,
    runs,
    matching: 'same rule id and line; one line off allowed after exact matches; one finding per label',
  };

  if (!args.includes('--no-ours')) {
    const t = timedRuns('ours', runs);
    if (t.payload.built === false) {
      console.log(`\n${t.payload.reason}`);
      out.ours = { built: false, reason: t.payload.reason };
    } else {
      const s = score(corpus, new Map(t.payload.byFile));
      printTable('Our reviewer (dist/review/index.js)', s);
      if (t.payload.syntaxErrors) console.log(`  (${t.payload.syntaxErrors} syntax-error findings, not scored)`);
      if (t.payload.crashes.length) console.log(`  ${t.payload.crashes.length} file(s) threw: ${t.payload.crashes.map((c) => `${c.file}: ${c.error}`).join('; ')}`);
      console.log(`  wall time over the corpus: ${fmtRuns(t)}`);
      if (verbose) printDetails('Our reviewer', s.details);
      out.ours = { built: true, ...s, syntaxErrors: t.payload.syntaxErrors, crashes: t.payload.crashes, timeMs: { median: t.median, runs: t.times, inProcess: t.inProcess } };
    }
  }

  if (!args.includes('--no-eslint')) {
    const t = timedRuns('eslint', runs);
    const s = score(corpus, new Map(t.payload.byFile));
    printTable('ESLint 10 + typescript-eslint (type-aware) + eslint-plugin-promise', s);
    if (t.payload.fatal) console.log(`  (${t.payload.fatal} fatal parse messages, not scored)`);
    const unmapped = Object.entries(t.payload.unmapped);
    if (unmapped.length) console.log(`  not about our rules, not scored: ${unmapped.map(([k, n]) => `${k} x${n}`).join(', ')}`);
    console.log(`  wall time over the corpus: ${fmtRuns(t)}`);
    if (verbose) printDetails('ESLint', s.details);
    out.eslint = { ...s, fatal: t.payload.fatal, unmapped: t.payload.unmapped, timeMs: { median: t.median, runs: t.times, inProcess: t.inProcess } };
  }

  if (out.ours?.built && out.eslint) {
    console.log(`\nWall time ratio (ours / ESLint, medians of cold processes): ${(out.ours.timeMs.median / out.eslint.timeMs.median).toFixed(2)}`);
  }
  const outDir = path.join(benchDir, 'out');
  mkdirSync(outDir, { recursive: true });
  writeFileSync(path.join(outDir, 'corpus-ts.json'), `${JSON.stringify(out, null, 2)}\n`);
  console.log(`\nFigures written to ${path.relative(process.cwd(), path.join(outDir, 'corpus-ts.json'))}`);
}

if (process.argv[1] && import.meta.url === pathToFileURL(path.resolve(process.argv[1])).href) {
  main().catch((err) => {
    console.error(err);
    process.exit(1);
  });
}
