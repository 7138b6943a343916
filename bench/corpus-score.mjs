// Shared by the corpus benches whose anchors are external tools (bench/corpus-csharp.mjs, bench/corpus-rust.mjs):
// loading a labelled corpus, matching findings to labels, per-rule precision/recall, the printed table, and the
// main loop that scores ours beside each anchor. Label format and matching: test/corpus/README.md (`//` comments;
// same rule, same line first, then one line off; each label and each finding matches once; same-rule findings on
// one line count once). A finding here is `{ rules: string[], line, message }`: an anchor diagnostic may stand for
// more than one of our rules (it matches a label of any of them and, unmatched, counts against the first).
import { mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const benchDir = path.dirname(fileURLToPath(import.meta.url));
export const repoRoot = path.resolve(benchDir, '..');

const LABEL = /\/\/\s*expect(-next-line)?:\s*([A-Za-z0-9-]+(?:\s*,\s*[A-Za-z0-9-]+)*)\s*$/;

/** Labels of one file as `{ rule, line }` (1-based). */
export function parseLabels(code) {
  const out = [];
  code.split(/\r?\n/).forEach((text, i) => {
    const m = LABEL.exec(text);
    if (!m) return;
    const next = m[1] !== undefined && /^\s*\/\//.test(text);
    for (const rule of m[2].split(',').map((s) => s.trim())) out.push({ rule, line: next ? i + 2 : i + 1 });
  });
  return out;
}

/**
 * Every file ending in `ext` below `dir` (sorted, recursively), with its labels and the target its first line
 * declares: `targetOf(firstLine)` returns the version string or undefined.
 */
export function loadLabelledCorpus(dir, ext, targetOf) {
  const files = [];
  const walk = (d) => {
    for (const e of readdirSync(d, { withFileTypes: true }).sort((a, b) => a.name.localeCompare(b.name))) {
      const full = path.join(d, e.name);
      if (e.isDirectory()) walk(full);
      else if (e.name.endsWith(ext)) files.push(full);
    }
  };
  walk(dir);
  return files.map((full) => {
    const code = readFileSync(full, 'utf8');
    return { file: path.relative(dir, full), full, code, target: targetOf(code.split(/\r?\n/, 1)[0] ?? ''), labels: parseLabels(code) };
  });
}

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

/** Per-rule and overall (micro) counts, precision and recall; `misses` lists every false positive and negative. */
export function score(ruleIds, corpus, findingsByFile) {
  const per = Object.fromEntries(ruleIds.map((r) => [r, { tp: 0, fp: 0, fn: 0 }]));
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

/** Our reviewer's findings per file (syntax errors are not scored). */
export async function reviewCorpus(review, corpus, request) {
  const out = new Map();
  for (const e of corpus) {
    const r = await review(request(e));
    out.set(e.file, r.findings.filter((f) => f.ruleId !== 'syntax-error').map((f) => ({ rules: [f.ruleId], line: f.line, message: f.message })));
  }
  return out;
}

/** An anchor's diagnostics `{ id, file, line, message }` as findings, through its id -> rules map; others are tallied in `unmapped`. */
export function anchorFindings(corpus, diagnostics, anchor, unmapped) {
  const out = new Map(corpus.map((e) => [e.file, []]));
  for (const d of diagnostics) {
    if (!anchor.owns.test(d.id) || !out.has(d.file)) continue;
    const rules = anchor.map[d.id];
    if (!rules) { unmapped[d.id] = (unmapped[d.id] ?? 0) + 1; continue; }
    out.get(d.file).push({ rules, line: d.line, message: `${d.id}: ${d.message}` });
  }
  return out;
}

export function table(name, s) {
  const fmt = (v) => (v === null ? '  -  ' : v.toFixed(3));
  const lines = [`\n${name}`, `${'rule'.padEnd(24)} ${'tp'.padStart(3)} ${'fp'.padStart(3)} ${'fn'.padStart(3)}  precision  recall`];
  for (const [rule, c] of Object.entries(s.perRule)) {
    lines.push(`${rule.padEnd(24)} ${String(c.tp).padStart(3)} ${String(c.fp).padStart(3)} ${String(c.fn).padStart(3)}  ${fmt(c.precision).padStart(9)}  ${fmt(c.recall).padStart(6)}`);
  }
  const o = s.overall;
  lines.push(`${'overall (micro)'.padEnd(24)} ${String(o.tp).padStart(3)} ${String(o.fp).padStart(3)} ${String(o.fn).padStart(3)}  ${fmt(o.precision).padStart(9)}  ${fmt(o.recall).padStart(6)}`);
  return lines.join('\n');
}

/**
 * The command line shared by the benches: `[dir] [--verbose] [--no-anchors]`. Scores ours, then (unless
 * --no-anchors) runs the anchors once and scores each; prints the tables and writes bench/out/<name>-<dir>.json.
 *   spec: { name, defaultDir, ruleIds, load(dir), ours: { title, run(corpus) -> Map },
 *           anchors: { list, run(corpus) -> { diagnostics, header } | { skipped } } }
 */
export async function runCorpusBench(spec) {
  const args = process.argv.slice(2);
  const verbose = args.includes('--verbose');
  const dir = path.resolve(args.find((a) => !a.startsWith('--')) ?? spec.defaultDir);
  const corpus = spec.load(dir);
  const labels = corpus.reduce((n, e) => n + e.labels.length, 0);
  const clean = corpus.filter((e) => e.labels.length === 0).length;
  console.log(`corpus ${path.relative(repoRoot, dir)}: ${corpus.length} files (${clean} clean), ${labels} labels`);
  const ours = score(spec.ruleIds, corpus, await spec.ours.run(corpus));
  console.log(table(spec.ours.title, ours));
  if (verbose) for (const m of ours.misses) console.log(`  ours ${m.kind} ${m.file}:${m.line} ${m.rule}${m.message ? ` ${m.message.slice(0, 110)}` : ''}`);
  const result = { corpus: { dir: path.relative(repoRoot, dir), files: corpus.length, clean, labels }, ours, anchors: [] };
  if (!args.includes('--no-anchors')) {
    const a = spec.anchors.run(corpus);
    if (a.skipped) console.log(`\nanchors skipped: ${a.skipped}`);
    else {
      console.log(`\n${a.header}`);
      for (const anchor of spec.anchors.list) {
        const unmapped = {};
        const s = score(spec.ruleIds, corpus, anchorFindings(corpus, a.diagnostics, anchor, unmapped));
        console.log(table(anchor.name, s));
        console.log(`  unmapped (not scored): ${JSON.stringify(unmapped)}`);
        if (verbose) for (const m of s.misses.filter((x) => x.kind === 'fp')) console.log(`  ${anchor.name.split(' ')[0]} fp ${m.file}:${m.line} ${m.message?.slice(0, 100)}`);
        result.anchors.push({ name: anchor.name, map: anchor.map, unmapped, ...s });
      }
    }
  }
  const outDir = path.join(benchDir, 'out');
  mkdirSync(outDir, { recursive: true });
  const outFile = path.join(outDir, `${spec.name}-${path.basename(dir)}.json`);
  writeFileSync(outFile, `${JSON.stringify(result, null, 2)}\n`);
  console.log(`\nwrote ${path.relative(repoRoot, outFile)}`);
  return result;
}
