#!/usr/bin/env node
/**
 * How noisy the reviewer is on real code: runs the CLI (`dist/cli.js review --format json`) from each fetched
 * entry's root, so a project's own tsconfig, types and package.json apply, and prints, per language, kind
 * (package / project) and set, then per rule: error and warning counts and errors per 1,000 lines. Lines are
 * non-blank lines of the files the reviewer reviewed, counted the same way for every language.
 *
 *   npm run build && node bench/real/noise.mjs [--set tuning|held-out] [--language typescript] [id...]
 *       [--save out.json]      keep the figures (and, for tuning entries only, every error and warning)
 *       [--compare before.json] print before -> after beside each figure
 *       [--list]               print every error and warning of the tuning entries, for triage
 *
 * The held-out set is never looked at finding by finding: its findings are neither listed nor saved, only counted.
 */
import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { entryDir, entryRoot, loadManifest, parseSelection, ROOT, selectEntries } from './manifest.mjs';

// REVIEW_CLI measures another build (e.g. main's, for a before/after) on the same entries.
const CLI = process.env.REVIEW_CLI ?? join(ROOT, 'dist/cli.js');

function nonBlankLines(path) {
  try {
    return readFileSync(path, 'utf8').split('\n').filter((l) => l.trim().length > 0).length;
  } catch {
    return 0;
  }
}

/** Reviews one entry; returns its files, lines, counts by rule and severity, and its errors and warnings. */
function reviewEntry(entry) {
  const root = entryRoot(entry);
  const inputs = entry.review ?? ['.'];
  let out;
  const started = Date.now();
  try {
    out = execFileSync(process.execPath, ['--max-old-space-size=6144', CLI, 'review', '--format', 'json', ...inputs], { cwd: root, maxBuffer: 512 * 1024 * 1024, stdio: ['ignore', 'pipe', 'pipe'] });
  } catch (err) {
    // Exit 1 means "error findings": the report is still on stdout.
    if (err.status !== 1) throw new Error(`${entry.id}: review failed (exit ${err.status}): ${err.stderr?.toString().split('\n').slice(0, 3).join(' | ')}`);
    out = err.stdout;
  }
  const report = JSON.parse(out.toString());
  const byRule = {};
  const findings = [];
  let lines = 0;
  for (const r of report.results) {
    lines += nonBlankLines(join(root, r.file));
    for (const f of r.findings) {
      if (f.severity === 'info') continue;
      byRule[f.ruleId] ??= { error: 0, warning: 0 };
      byRule[f.ruleId][f.severity] += 1;
      findings.push({ file: r.file, line: f.line, rule: f.ruleId, severity: f.severity, message: f.message, basis: f.basis });
    }
  }
  return { files: report.results.length, lines, byRule, findings, seconds: (Date.now() - started) / 1000 };
}

function kindOf(entry) {
  return entry.source === 'github' ? 'project' : 'package';
}

function addCounts(into, byRule) {
  for (const [rule, c] of Object.entries(byRule)) {
    into[rule] ??= { error: 0, warning: 0 };
    into[rule].error += c.error;
    into[rule].warning += c.warning;
  }
}

function perK(n, lines) {
  return lines > 0 ? (n / (lines / 1000)).toFixed(2) : '-';
}

function table(groups, before) {
  const rows = [];
  for (const [key, g] of Object.entries(groups)) {
    const b = before?.[key];
    const total = (x) => Object.values(x?.byRule ?? {}).reduce((s, c) => ({ error: s.error + c.error, warning: s.warning + c.warning }), { error: 0, warning: 0 });
    const t = total(g);
    const bt = b && total(b);
    const cell = (now, was) => (was === undefined ? `${now}` : `${was} -> ${now}`);
    rows.push(`\n## ${key}: ${g.entries} entries, ${g.files} files, ${g.lines} non-blank lines${b ? ` (before: ${b.files} files, ${b.lines} lines)` : ''}`);
    rows.push(`| rule | errors | warnings | errors/KLOC | warnings/KLOC |`);
    rows.push(`| --- | --- | --- | --- | --- |`);
    const rules = [...new Set([...Object.keys(g.byRule), ...Object.keys(b?.byRule ?? {})])].sort();
    for (const rule of rules) {
      const c = g.byRule[rule] ?? { error: 0, warning: 0 };
      const w = b?.byRule[rule];
      rows.push(`| ${rule} | ${cell(c.error, w?.error)} | ${cell(c.warning, w?.warning)} | ${cell(perK(c.error, g.lines), w && perK(w.error, b.lines))} | ${cell(perK(c.warning, g.lines), w && perK(w.warning, b.lines))} |`);
    }
    rows.push(`| **all** | ${cell(t.error, bt?.error)} | ${cell(t.warning, bt?.warning)} | ${cell(perK(t.error, g.lines), bt && perK(bt.error, b.lines))} | ${cell(perK(t.warning, g.lines), bt && perK(bt.warning, b.lines))} |`);
  }
  return rows.join('\n');
}

const sel = parseSelection(process.argv.slice(2));
const entries = selectEntries(loadManifest(), sel);
const save = sel.flags.get('save');
const compare = sel.flags.get('compare');
const list = sel.flags.has('list');
if (!existsSync(CLI)) throw new Error('dist/cli.js is missing: run npm run build first');

const groups = {};
const saved = { entries: {}, groups };
let missing = 0;
for (const entry of entries) {
  if (!existsSync(join(entryDir(entry), '.fetched'))) {
    console.error(`${entry.id}: not fetched (node bench/real/fetch.mjs ${entry.id}); skipped`);
    missing += 1;
    continue;
  }
  const r = reviewEntry(entry);
  const key = `${entry.language} ${kindOf(entry)}s, ${entry.set}`;
  const g = (groups[key] ??= { entries: 0, files: 0, lines: 0, byRule: {} });
  g.entries += 1;
  g.files += r.files;
  g.lines += r.lines;
  addCounts(g.byRule, r.byRule);
  const heldOut = entry.set === 'held-out';
  saved.entries[entry.id] = { files: r.files, lines: r.lines, byRule: r.byRule, ...(heldOut ? {} : { findings: r.findings }) };
  const errors = Object.values(r.byRule).reduce((s, c) => s + c.error, 0);
  const warnings = Object.values(r.byRule).reduce((s, c) => s + c.warning, 0);
  console.error(`${entry.id}: ${r.files} files, ${r.lines} lines, ${errors} errors, ${warnings} warnings (${r.seconds.toFixed(1)} s)`);
  if (list && !heldOut) {
    for (const f of r.findings) console.log(`${entry.id}\t${f.file}:${f.line}\t${f.rule}\t${f.severity}\t${f.basis?.kind ?? ''}\t${f.message}`);
  }
}
const before = compare ? JSON.parse(readFileSync(compare, 'utf8')).groups : undefined;
if (!list) console.log(table(groups, before));
if (save) writeFileSync(save, `${JSON.stringify(saved, null, 1)}\n`);
if (missing > 0) console.error(`${missing} entries not fetched`);
