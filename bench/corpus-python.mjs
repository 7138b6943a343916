#!/usr/bin/env node
// Precision and recall per rule on the labelled Python corpus (test/corpus/python/, format in its README.md), for
// our reviewer (dist/review/python/index.js, built by `npm run build`) and for ruff (@astral-sh/ruff-wasm-nodejs)
// with its asyncio and exception rules, plus the wall time of each over the whole corpus.
//
//   node bench/corpus-python.mjs [--runs N] [--verbose]
//
// Timing: both tools run in this process; the first pass (ours: wasm and grammar load; ruff: wasm instantiation)
// is reported as "cold", then N passes give the median. Writes every figure, and each false positive and false
// negative, to bench/out/corpus-python.json.
//
// Ruff codes -> our rule ids. A ruff diagnostic matches a label of any id it maps to; unmatched, it counts as a
// false positive of the first one. Codes with no counterpart in our rules (ASYNC109 "timeout parameter", ASYNC110
// busy-wait, most TRY style rules) are counted in `ruffUnmapped` and not scored.
//   ASYNC210 ASYNC212 ASYNC220 ASYNC221 ASYNC222 ASYNC230 ASYNC240 ASYNC251 -> blocking-call-in-async
//   RUF006                                                         -> dangling-task
//   E722 (bare except), S110 (try-except-pass)                      -> swallowed-error | swallowed-cancellation
//   BLE001 (blind except), S112 (try-except-continue)               -> swallowed-error | swallowed-cancellation
//   TRY203 (useless re-raise)                                      -> not mapped
import { existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { fileURLToPath, pathToFileURL } from 'node:url';

const benchDir = path.dirname(fileURLToPath(import.meta.url));
const repoRoot = path.resolve(benchDir, '..');
const CORPUS_DIR = path.join(repoRoot, 'test', 'corpus', 'python');

const RULE_IDS = [
  'blocking-call-in-async', 'dangling-task', 'swallowed-cancellation', 'missing-await', 'await-in-loop',
  'unbounded-concurrency', 'event-loop-misuse', 'timeout-misuse', 'missing-timeout', 'swallowed-error',
  'race-condition', 'hallucinated-api', 'too-new-api',
];

const RUFF_SELECT = ['ASYNC', 'RUF006', 'BLE001', 'S110', 'S112', 'E722', 'TRY'];
const SWALLOW = ['swallowed-error', 'swallowed-cancellation'];
/** @type {Record<string, string[]>} */
const RUFF_MAP = {
  ASYNC210: ['blocking-call-in-async'], ASYNC212: ['blocking-call-in-async'], ASYNC220: ['blocking-call-in-async'],
  ASYNC221: ['blocking-call-in-async'], ASYNC222: ['blocking-call-in-async'], ASYNC230: ['blocking-call-in-async'],
  ASYNC240: ['blocking-call-in-async'], ASYNC251: ['blocking-call-in-async'],
  RUF006: ['dangling-task'],
  E722: SWALLOW, S110: SWALLOW, BLE001: SWALLOW, S112: SWALLOW,
};

const LABEL = /#\s*expect(-next-line)?:\s*([A-Za-z0-9-]+(?:\s*,\s*[A-Za-z0-9-]+)*)\s*$/;

/** Labels of one file as `{ rule, line }` (1-based). */
function parseLabels(code) {
  const out = [];
  const lines = code.split('\n');
  lines.forEach((text, i) => {
    const m = LABEL.exec(text);
    if (!m) return;
    const next = m[1] !== undefined;
    if (next && i + 1 >= lines.length) throw new Error(`expect-next-line on the last line (${i + 1})`);
    for (const rule of m[2].split(',').map((s) => s.trim())) out.push({ rule, line: next ? i + 2 : i + 1 });
  });
  return out;
}

function loadCorpus() {
  return readdirSync(CORPUS_DIR).filter((f) => f.endsWith('.py')).sort().map((file) => {
    const code = readFileSync(path.join(CORPUS_DIR, file), 'utf8');
    const target = /^#\s*target:\s*python\s+(3\.\d+)\s*$/.exec(code.split('\n')[0] ?? '')?.[1];
    return { file, code, target, labels: parseLabels(code) };
  });
}

/**
 * Matches findings (`{ rules: string[], line }`) to labels: exact lines first, then one line off. Returns the
 * true positives, false negatives and false positives, each attributed to a rule id.
 */
function matchFile(labels, findings) {
  const free = labels.map((l) => ({ ...l, taken: false }));
  const tp = [];
  const fp = [];
  const pending = [];
  for (const f of findings) {
    const l = free.find((x) => !x.taken && x.line === f.line && f.rules.includes(x.rule));
    if (l) { l.taken = true; tp.push({ rule: l.rule, line: f.line }); } else pending.push(f);
  }
  for (const f of pending) {
    const l = free.find((x) => !x.taken && Math.abs(x.line - f.line) === 1 && f.rules.includes(x.rule));
    if (l) { l.taken = true; tp.push({ rule: l.rule, line: f.line }); } else fp.push({ rule: f.rules[0], line: f.line, message: f.message });
  }
  const fn = free.filter((x) => !x.taken).map(({ rule, line }) => ({ rule, line }));
  return { tp, fp, fn };
}

/** Merges same-rule findings on one line, as the TS corpus does. */
function dedupe(findings) {
  const seen = new Set();
  return findings.filter((f) => {
    const k = `${f.rules.join('|')}:${f.line}`;
    if (seen.has(k)) return false;
    seen.add(k);
    return true;
  });
}

function score(corpus, findingsByFile) {
  const per = Object.fromEntries(RULE_IDS.map((r) => [r, { tp: 0, fp: 0, fn: 0 }]));
  const misses = [];
  for (const entry of corpus) {
    const { tp, fp, fn } = matchFile(entry.labels, dedupe(findingsByFile.get(entry.file) ?? []));
    for (const x of tp) per[x.rule] && per[x.rule].tp++;
    for (const x of fp) { if (per[x.rule]) per[x.rule].fp++; misses.push({ kind: 'fp', file: entry.file, ...x }); }
    for (const x of fn) { if (per[x.rule]) per[x.rule].fn++; misses.push({ kind: 'fn', file: entry.file, ...x }); }
  }
  const ratio = (a, b) => (b === 0 ? null : Math.round((a / b) * 1000) / 1000);
  const rows = Object.fromEntries(Object.entries(per).map(([r, c]) => [r, { ...c, precision: ratio(c.tp, c.tp + c.fp), recall: ratio(c.tp, c.tp + c.fn) }]));
  const t = Object.values(per).reduce((a, c) => ({ tp: a.tp + c.tp, fp: a.fp + c.fp, fn: a.fn + c.fn }), { tp: 0, fp: 0, fn: 0 });
  return { perRule: rows, overall: { ...t, precision: ratio(t.tp, t.tp + t.fp), recall: ratio(t.tp, t.tp + t.fn) }, misses };
}

const median = (xs) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
};

async function runOurs(corpus) {
  const modPath = path.join(repoRoot, 'dist', 'review', 'python', 'index.js');
  if (!existsSync(modPath)) throw new Error(`${modPath} is missing: run \`npm run build\` first`);
  const { reviewPython } = await import(pathToFileURL(modPath).href);
  const pass = async () => {
    const out = new Map();
    for (const e of corpus) {
      const r = await reviewPython({ code: e.code, language: 'python', target: e.target ? { python: e.target } : undefined });
      out.set(e.file, r.findings.filter((f) => f.ruleId !== 'syntax-error').map((f) => ({ rules: [f.ruleId], line: f.line, message: f.message })));
    }
    return out;
  };
  return { pass };
}

async function runRuff(corpus) {
  const { Workspace, PositionEncoding } = await import('@astral-sh/ruff-wasm-nodejs');
  const ws = new Workspace({ lint: { select: RUFF_SELECT } }, PositionEncoding.Utf16);
  const unmapped = {};
  const pass = async () => {
    const out = new Map();
    for (const e of corpus) {
      const diags = ws.check(e.code);
      const mapped = [];
      for (const d of diags) {
        const rules = RUFF_MAP[d.code ?? ''];
        if (!rules) { unmapped[d.code ?? 'syntax'] = (unmapped[d.code ?? 'syntax'] ?? 0) + 1; continue; }
        mapped.push({ rules, line: d.start_location.row, message: `${d.code}: ${d.message}` });
      }
      out.set(e.file, mapped);
    }
    return out;
  };
  return { pass, unmapped, version: Workspace.version() };
}

async function timed(tool, runs) {
  let t0 = performance.now();
  const first = await tool.pass();
  const cold = performance.now() - t0;
  const times = [];
  for (let i = 0; i < runs; i++) {
    t0 = performance.now();
    await tool.pass();
    times.push(performance.now() - t0);
  }
  return { findings: first, coldMs: Math.round(cold * 10) / 10, medianMs: Math.round(median(times) * 10) / 10 };
}

function printTable(name, s) {
  const fmt = (v) => (v === null ? '  -  ' : v.toFixed(3));
  console.log(`\n${name}`);
  console.log(`${'rule'.padEnd(24)} ${'tp'.padStart(3)} ${'fp'.padStart(3)} ${'fn'.padStart(3)}  precision  recall`);
  for (const [rule, c] of Object.entries(s.perRule)) {
    if (c.tp + c.fp + c.fn === 0) continue;
    console.log(`${rule.padEnd(24)} ${String(c.tp).padStart(3)} ${String(c.fp).padStart(3)} ${String(c.fn).padStart(3)}  ${fmt(c.precision).padStart(9)}  ${fmt(c.recall).padStart(6)}`);
  }
  const o = s.overall;
  console.log(`${'overall'.padEnd(24)} ${String(o.tp).padStart(3)} ${String(o.fp).padStart(3)} ${String(o.fn).padStart(3)}  ${fmt(o.precision).padStart(9)}  ${fmt(o.recall).padStart(6)}`);
}

async function main() {
  const args = process.argv.slice(2);
  const runsAt = args.indexOf('--runs');
  const runs = runsAt >= 0 ? Math.max(1, Number(args[runsAt + 1]) || 5) : 5;
  const verbose = args.includes('--verbose');
  const corpus = loadCorpus();
  const labels = corpus.reduce((n, e) => n + e.labels.length, 0);
  const clean = corpus.filter((e) => e.labels.length === 0).length;
  console.log(`corpus: ${corpus.length} files (${clean} clean), ${labels} labels; ${runs} timed runs per tool`);

  const ours = await timed(await runOurs(corpus), runs);
  const ruffTool = await runRuff(corpus);
  const ruff = await timed(ruffTool, runs);
  const oursScore = score(corpus, ours.findings);
  const ruffScore = score(corpus, ruff.findings);
  printTable('async-expert-mcp (tree-sitter-python)', oursScore);
  printTable(`ruff ${ruffTool.version} (${RUFF_SELECT.join(', ')})`, ruffScore);
  console.log(`\nruff diagnostics with no counterpart (not scored): ${JSON.stringify(ruffTool.unmapped)}`);
  console.log(`wall time over the corpus: ours cold ${ours.coldMs} ms, median ${ours.medianMs} ms; ruff cold ${ruff.coldMs} ms, median ${ruff.medianMs} ms`);
  if (verbose) for (const m of oursScore.misses) console.log(`  ours ${m.kind} ${m.file}:${m.line} ${m.rule}${m.message ? ` ${m.message.slice(0, 100)}` : ''}`);

  const outDir = path.join(benchDir, 'out');
  mkdirSync(outDir, { recursive: true });
  writeFileSync(path.join(outDir, 'corpus-python.json'), JSON.stringify({
    corpus: { files: corpus.length, clean, labels },
    runs,
    ours: { ...oursScore, coldMs: ours.coldMs, medianMs: ours.medianMs },
    ruff: { version: ruffTool.version, select: RUFF_SELECT, map: RUFF_MAP, unmapped: ruffTool.unmapped, ...ruffScore, coldMs: ruff.coldMs, medianMs: ruff.medianMs },
  }, null, 2) + '\n');
  console.log(`wrote ${path.relative(repoRoot, path.join(outDir, 'corpus-python.json'))}`);
}

main().catch((err) => {
  console.error(err instanceof Error ? err.message : err);
  process.exit(1);
});
