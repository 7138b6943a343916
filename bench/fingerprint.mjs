#!/usr/bin/env node
// Records every finding the built reviewer (dist/) gives on our corpora, so an engine change that must not change
// findings (issue 16: speed work) can be checked byte for byte:
//   node bench/fingerprint.mjs <out.json>                 write the record
//   node bench/fingerprint.mjs <out.json> --compare <old.json>   write it, then list every entry that differs
// What it records: reviewCode on every file under test/corpus*/, examples/ and bench/fixtures/ under several
// targets (none, an old Node, an ECMAScript edition, an old Python, an old .NET), the same files reviewed in one
// long-lived process (so reuse between reviews is exercised in both orders), and the CLI's JSON and SARIF output
// over each folder (a fresh process each, as CI runs it). Exit status 1 when --compare finds a difference.
import { spawnSync } from 'node:child_process';
import { readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const args = process.argv.slice(2);
const out = args[0];
const compareArg = args.indexOf('--compare');
const previous = compareArg >= 0 ? args[compareArg + 1] : undefined;
if (!out || out.startsWith('--') || (compareArg >= 0 && !previous)) {
  process.stderr.write('Usage: node bench/fingerprint.mjs <out.json> [--compare <old.json>]\n');
  process.exit(2);
}

const DIRS = ['test/corpus', 'test/corpus-blind', 'examples', 'bench/fixtures'];
const LANGUAGE_BY_EXT = [
  [/\.py$/, 'python'],
  [/\.cs$/, 'csharp'],
  [/\.(ts|mts|cts|tsx)$/, 'typescript'],
  [/\.(js|mjs|cjs|jsx)$/, 'javascript'],
];
const TARGETS = [undefined, { node: '18' }, { ecmascript: 'ES2020' }, { python: '3.9' }, { dotnet: '6' }];

const languageOf = (file) => (file.endsWith('.d.ts') ? undefined : LANGUAGE_BY_EXT.find(([re]) => re.test(file))?.[1]);
const walk = (dir) =>
  readdirSync(dir)
    .sort()
    .flatMap((name) => {
      const full = path.join(dir, name);
      return statSync(full).isDirectory() ? walk(full) : [full];
    });

const { reviewCode } = await import(pathToFileURL(path.join(root, 'dist', 'review', 'index.js')).href);
const files = DIRS.flatMap((d) => walk(path.join(root, d))).filter((f) => languageOf(f));
const record = {};
const review = async (key, input) => {
  try {
    record[key] = await reviewCode(input);
  } catch (error) {
    record[key] = { error: String(error) };
  }
};
for (const target of TARGETS) {
  for (const file of files) {
    const rel = path.relative(root, file);
    const input = { code: readFileSync(file, 'utf8'), language: languageOf(file), filename: path.basename(file), ...(target ? { target } : {}) };
    await review(`${rel}|${JSON.stringify(target ?? null)}`, input);
  }
}
// The same files again in reverse order and without a file name: a program reused from the previous review must
// answer as a fresh one would.
for (const file of [...files].reverse()) {
  await review(`${path.relative(root, file)}|reverse`, { code: readFileSync(file, 'utf8'), language: languageOf(file) });
}
for (const dir of DIRS) {
  for (const format of ['json', 'sarif']) {
    const r = spawnSync(process.execPath, [path.join(root, 'dist', 'cli.js'), 'review', '--format', format, dir], {
      cwd: root,
      encoding: 'utf8',
      maxBuffer: 1 << 30,
    });
    // The SARIF driver carries the package version; it is not a finding.
    const stdout = format === 'sarif' ? r.stdout.replace(/"version": "[^"]*"/g, '"version": ""') : r.stdout;
    record[`cli:${format}:${dir}`] = { status: r.status, stdout, stderr: r.stderr };
  }
}
writeFileSync(out, `${JSON.stringify(record, null, 1)}\n`);
console.log(`${Object.keys(record).length} entries (${files.length} files x ${TARGETS.length} targets, reverse pass, CLI JSON and SARIF over ${DIRS.length} folders) -> ${out}`);

if (previous) {
  const old = JSON.parse(readFileSync(previous, 'utf8'));
  const keys = [...new Set([...Object.keys(old), ...Object.keys(record)])].sort();
  const differ = keys.filter((k) => JSON.stringify(old[k]) !== JSON.stringify(record[k]));
  for (const k of differ.slice(0, 40)) console.log(`differs: ${k}`);
  console.log(differ.length === 0 ? `identical to ${previous}` : `${differ.length} of ${keys.length} entries differ from ${previous}`);
  process.exitCode = differ.length === 0 ? 0 : 1;
}
