#!/usr/bin/env node
// Wall time of our review CLI against ESLint's CLI over the same TS/JS folder, each a fresh process, in alternating
// runs; prints both medians and their ratio (issue 16: goal ratio <= 0.5). ESLint runs with the type-aware
// typescript-eslint and eslint-plugin-promise rules of bench/eslint.config.mjs, the ones that correspond to ours.
// Run after `npm run build`:
//   node bench/cli-speed.mjs [--runs 7] [--dir test/corpus/ts] [--node <path>]
import { spawnSync } from 'node:child_process';
import { readdirSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const { values } = parseArgs({
  options: {
    runs: { type: 'string', default: '7' },
    dir: { type: 'string', default: 'test/corpus/ts' },
    node: { type: 'string' },
  },
});
const RUNS = Number(values.runs);
const NODE = values.node ? path.resolve(values.node) : process.execPath;
const dir = values.dir;
const eslintBin = path.join(path.dirname(createRequire(import.meta.url).resolve('eslint/package.json')), 'bin', 'eslint.js');

const files = readdirSync(path.join(root, dir), { recursive: true }).filter((f) => /\.(ts|mts|cts|js|mjs|cjs)$/.test(f) && !f.endsWith('.d.ts'));

const TOOLS = {
  ours: [path.join(root, 'dist', 'cli.js'), 'review', '--format', 'json', dir],
  eslint: [eslintBin, '--config', path.join('bench', 'eslint.config.mjs'), '--format', 'json', '--no-warn-ignored', dir],
};

function run(tool) {
  const t0 = performance.now();
  const r = spawnSync(NODE, TOOLS[tool], { cwd: root, encoding: 'utf8', maxBuffer: 1 << 30 });
  const elapsed = performance.now() - t0;
  // Both exit 1 when they report errors; anything else (2: usage or crash) makes the timing meaningless.
  if (r.status !== 0 && r.status !== 1) throw new Error(`${tool} exited with ${r.status}: ${r.stderr.slice(0, 2000)}`);
  const reported = tool === 'ours' ? JSON.parse(r.stdout).results.length : JSON.parse(r.stdout).length;
  return { elapsed, reported };
}

const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const times = { ours: [], eslint: [] };
let reported = {};
for (let i = 0; i < RUNS; i++) {
  for (const tool of i % 2 === 0 ? ['eslint', 'ours'] : ['ours', 'eslint']) {
    const r = run(tool);
    times[tool].push(r.elapsed);
    reported[tool] = r.reported;
  }
}
const ratio = median(times.ours) / median(times.eslint);
console.log(`CLI over ${dir} (${files.length} TS/JS files), ${RUNS} alternating fresh-process runs, Node ${NODE === process.execPath ? process.version : NODE}`);
console.log(`  ours   median ${median(times.ours).toFixed(0)} ms (${times.ours.map((t) => t.toFixed(0)).join(', ')}); files in report: ${reported.ours}`);
console.log(`  ESLint median ${median(times.eslint).toFixed(0)} ms (${times.eslint.map((t) => t.toFixed(0)).join(', ')}); files in report: ${reported.eslint}`);
console.log(`  ratio ours/ESLint ${ratio.toFixed(2)} (goal <= 0.5)`);
