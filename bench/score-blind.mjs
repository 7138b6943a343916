#!/usr/bin/env node
// Precision and recall per rule of our reviewers on a labelled directory (TS/JS and Python, chosen by extension),
// with the main corpora's label format and matching (test/corpus/README.md, test/corpus/python/README.md).
//
//   node bench/score-blind.mjs <dir> [--verbose] [--json out.json]
//
// Needs `npm run build` first (imports dist/review/index.js). Prints one table per language and the list of false
// positives and false negatives; exit status 2 on usage errors, 0 otherwise (this is a measurement, not a gate).
import { existsSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { reviewEntry } from './corpus-ts.mjs';

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');

const LANGUAGES = new Map([
  ['.ts', 'typescript'], ['.mts', 'typescript'], ['.cts', 'typescript'],
  ['.js', 'javascript'], ['.mjs', 'javascript'], ['.cjs', 'javascript'],
  ['.py', 'python'],
]);

const RULES = {
  ts: [
    'floating-promise', 'missing-await', 'await-in-loop', 'unbounded-concurrency', 'blocking-call-in-async',
    'async-promise-executor', 'promise-executor-return', 'misused-promise', 'then-without-catch',
    'broken-promise-chain', 'missing-timeout', 'swallowed-error', 'race-condition', 'hallucinated-api', 'too-new-api',
  ],
  python: [
    'blocking-call-in-async', 'dangling-task', 'swallowed-cancellation', 'missing-await', 'await-in-loop',
    'unbounded-concurrency', 'event-loop-misuse', 'timeout-misuse', 'missing-timeout', 'swallowed-error',
    'race-condition', 'hallucinated-api', 'too-new-api',
  ],
};

const RULE_LIST = String.raw`([A-Za-z0-9-]+(?:\s*,\s*[A-Za-z0-9-]+)*)`;
const COMMENT = { ts: '//', python: '#' };

/** Labels of one file as `{ rule, line }` (1-based); an `expect-next-line` on the last line is an error. */
function parseLabels(code, family) {
  const c = COMMENT[family];
  const same = new RegExp(String.raw`${c}\s*expect:\s*${RULE_LIST}\s*$`);
  const next = new RegExp(String.raw`^\s*${c}\s*expect-next-line:\s*${RULE_LIST}\s*$`);
  const lines = code.split(/\r?\n/);
  const labels = [];
  lines.forEach((text, i) => {
    const n = next.exec(text);
    const m = n ?? same.exec(text);
    if (!m) return;
    const line = n ? i + 2 : i + 1;
    if (line > lines.length) throw new Error(`expect-next-line on the last line (${i + 1}) labels nothing`);
    for (const rule of m[1].split(',').map((r) => r.trim())) labels.push({ rule, line });
  });
  return labels;
}

/** The target a file declares on its first line, in the shape `reviewCode` takes, or undefined. */
function parseTarget(code, family) {
  const first = code.split(/\r?\n/, 1)[0] ?? '';
  if (family === 'python') {
    const m = /^#\s*target:\s*python\s+(3\.\d+)\s*$/i.exec(first);
    return m ? { python: m[1] } : undefined;
  }
  const m = /^\/\/\s*target:\s*(?:node\s+(\d{1,2}(?:\.\d{1,3}){0,2})|ecmascript\s+(ES\w+))\s*$/i.exec(first);
  if (!m) return undefined;
  return m[1] ? { node: m[1] } : { ecmascript: m[2].toUpperCase() };
}

function listFiles(dir) {
  const out = [];
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) out.push(...listFiles(full));
    else if (LANGUAGES.has(path.extname(entry.name))) out.push(full);
  }
  return out.sort();
}

/** Same-rule findings on one line count once. */
function mergeFindings(findings) {
  const seen = new Map();
  for (const f of findings) {
    const key = `${f.rule}:${f.line}`;
    if (!seen.has(key)) seen.set(key, { ...f, matched: false });
  }
  return [...seen.values()];
}

/** Exact lines first, then one line off; each label and each finding matches at most once. */
function matchFile(labels, findings) {
  const free = labels.map((l) => ({ ...l, matched: false }));
  const found = mergeFindings(findings);
  const tp = [];
  for (const tolerance of [0, 1]) {
    for (const label of free) {
      if (label.matched) continue;
      const f = found.find((x) => !x.matched && x.rule === label.rule && Math.abs(x.line - label.line) <= tolerance);
      if (!f) continue;
      label.matched = true;
      f.matched = true;
      tp.push({ rule: label.rule, line: label.line, foundAt: f.line });
    }
  }
  return { tp, fn: free.filter((l) => !l.matched), fp: found.filter((f) => !f.matched) };
}

const ratio = (a, b) => (b === 0 ? null : a / b);
const fmt = (x) => (x === null ? '  -  ' : x.toFixed(2).padStart(5));

function table(title, rules, perRule) {
  const lines = [title, `${'rule'.padEnd(26)} labels   tp   fp   fn  prec  recall`];
  const sum = { labels: 0, tp: 0, fp: 0, fn: 0 };
  const ids = [...new Set([...rules, ...Object.keys(perRule)])];
  for (const id of ids) {
    const r = perRule[id] ?? { labels: 0, tp: 0, fp: 0, fn: 0 };
    for (const k of Object.keys(sum)) sum[k] += r[k];
    lines.push(
      `${id.padEnd(26)} ${String(r.labels).padStart(6)} ${String(r.tp).padStart(4)} ${String(r.fp).padStart(4)} ` +
        `${String(r.fn).padStart(4)} ${fmt(ratio(r.tp, r.tp + r.fp))} ${fmt(ratio(r.tp, r.tp + r.fn))}`,
    );
  }
  lines.push(
    `${'overall (micro)'.padEnd(26)} ${String(sum.labels).padStart(6)} ${String(sum.tp).padStart(4)} ` +
      `${String(sum.fp).padStart(4)} ${String(sum.fn).padStart(4)} ${fmt(ratio(sum.tp, sum.tp + sum.fp))} ` +
      `${fmt(ratio(sum.tp, sum.tp + sum.fn))}`,
  );
  return { text: lines.join('\n'), overall: { ...sum, precision: ratio(sum.tp, sum.tp + sum.fp), recall: ratio(sum.tp, sum.tp + sum.fn) } };
}

async function main() {
  const args = process.argv.slice(2);
  const verbose = args.includes('--verbose');
  const jsonAt = args.indexOf('--json');
  const jsonOut = jsonAt >= 0 ? args[jsonAt + 1] : undefined;
  const dirs = args.filter((a, i) => !a.startsWith('--') && !(jsonAt >= 0 && i === jsonAt + 1));
  if (dirs.length !== 1 || !existsSync(dirs[0]) || !statSync(dirs[0]).isDirectory()) {
    console.error(`usage: node bench/score-blind.mjs <dir> [--verbose] [--json out.json]; received ${JSON.stringify(dirs)}`);
    process.exit(2);
  }
  const modPath = path.join(repoRoot, 'dist', 'review', 'index.js');
  if (!existsSync(modPath)) {
    console.error(`${path.relative(repoRoot, modPath)} is missing: run \`npm run build\` first`);
    process.exit(2);
  }
  const { reviewCode } = await import(pathToFileURL(modPath).href);
  if (typeof reviewCode !== 'function') {
    console.error(`${path.relative(repoRoot, modPath)} has no reviewCode export`);
    process.exit(2);
  }

  const groups = { ts: [], python: [] };
  for (const file of listFiles(path.resolve(dirs[0]))) {
    const language = LANGUAGES.get(path.extname(file));
    const family = language === 'python' ? 'python' : 'ts';
    const code = readFileSync(file, 'utf8');
    groups[family].push({ file, rel: path.relative(process.cwd(), file), code, language, target: parseTarget(code, family), labels: parseLabels(code, family) });
  }

  const report = {};
  for (const [family, corpus] of Object.entries(groups)) {
    if (corpus.length === 0) continue;
    const perRule = {};
    const bump = (rule, key) => ((perRule[rule] ??= { labels: 0, tp: 0, fp: 0, fn: 0 })[key] += 1);
    const falsePositives = [];
    const falseNegatives = [];
    const crashes = [];
    let syntaxErrors = 0;
    for (const entry of corpus) {
      const r = await reviewEntry(reviewCode, entry);
      syntaxErrors += r.syntaxErrors;
      if (r.error !== undefined) crashes.push({ file: entry.rel, error: r.error });
      const findings = r.findings.map((f) => ({ rule: f.ruleId, line: f.line, message: f.message }));
      const m = matchFile(entry.labels, findings);
      for (const l of entry.labels) bump(l.rule, 'labels');
      for (const t of m.tp) bump(t.rule, 'tp');
      for (const f of m.fn) {
        bump(f.rule, 'fn');
        falseNegatives.push({ file: entry.rel, line: f.line, rule: f.rule });
      }
      for (const f of m.fp) {
        bump(f.rule, 'fp');
        falsePositives.push({ file: entry.rel, line: f.line, rule: f.rule, message: f.message });
      }
    }
    const clean = corpus.filter((e) => e.labels.length === 0).length;
    const labels = corpus.reduce((n, e) => n + e.labels.length, 0);
    const t = table(
      `\n${family === 'ts' ? 'TypeScript/JavaScript' : 'Python'}: ${corpus.length} files (${clean} clean), ${labels} labels`,
      RULES[family],
      perRule,
    );
    console.log(t.text);
    if (syntaxErrors) console.log(`syntax-error findings (not scored): ${syntaxErrors}`);
    if (crashes.length) console.log(`crashes: ${crashes.map((c) => `${c.file}: ${c.error}`).join('; ')}`);
    const cleanWithFindings = new Set(falsePositives.filter((f) => corpus.find((e) => e.rel === f.file)?.labels.length === 0).map((f) => f.file));
    console.log(`clean files with at least one finding: ${cleanWithFindings.size}/${clean}`);
    if (verbose) {
      console.log('false positives:');
      for (const f of falsePositives) console.log(`  ${f.file}:${f.line} ${f.rule}: ${f.message}`);
      console.log('false negatives:');
      for (const f of falseNegatives) console.log(`  ${f.file}:${f.line} ${f.rule}`);
    }
    report[family] = { files: corpus.length, clean, labels, perRule, overall: t.overall, falsePositives, falseNegatives, crashes, syntaxErrors };
  }
  if (jsonOut) writeFileSync(jsonOut, JSON.stringify(report, null, 2));
}

await main();
