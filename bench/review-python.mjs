#!/usr/bin/env node
// Review latency for the Python reviewer on the built package (run `npm run build` first).
//   node bench/review-python.mjs [--reviews 1000]
// Input: bench/fixtures/worker.py, a realistic ~200-line asyncio module. Prints the first review (wasm runtime and
// grammar load included), warm p50/p95/max over N reviews, and RSS after 10 and after N reviews (one parser reused:
// RSS must not grow with the number of reviews; each tree is freed after its review).
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { fileURLToPath, pathToFileURL } from 'node:url';

const benchDir = path.dirname(fileURLToPath(import.meta.url));
const repoRoot = path.resolve(benchDir, '..');
const args = process.argv.slice(2);
const at = args.indexOf('--reviews');
const REVIEWS = at >= 0 ? Number(args[at + 1]) : 1000;
if (!Number.isInteger(REVIEWS) || REVIEWS < 20) {
  console.error(`--reviews must be an integer >= 20, received ${JSON.stringify(args[at + 1])}`);
  process.exit(2);
}

const code = readFileSync(path.join(benchDir, 'fixtures', 'worker.py'), 'utf8');
const { reviewPython } = await import(pathToFileURL(path.join(repoRoot, 'dist', 'review', 'python', 'index.js')).href);
const input = { code, language: 'python', target: { python: '3.11' } };
const mb = (n) => Math.round((n / 1024 / 1024) * 10) / 10;
const pct = (sorted, p) => sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))];

let t0 = performance.now();
const first = await reviewPython(input);
const firstMs = performance.now() - t0;

const times = [];
let rss10 = 0;
for (let i = 0; i < REVIEWS; i++) {
  t0 = performance.now();
  await reviewPython(input);
  times.push(performance.now() - t0);
  if (i === 9) rss10 = process.memoryUsage().rss;
}
const rssEnd = process.memoryUsage().rss;
times.sort((a, b) => a - b);
const r2 = (n) => Math.round(n * 100) / 100;
console.log(`file: bench/fixtures/worker.py, ${code.split('\n').length} lines, ${first.findings.length} findings (${Object.entries(first.summary.byRule).map(([k, v]) => `${k} ${v}`).join(', ')})`);
console.log(`first review (cold, includes wasm + grammar load): ${r2(firstMs)} ms`);
console.log(`warm over ${REVIEWS} reviews: p50 ${r2(pct(times, 50))} ms, p95 ${r2(pct(times, 95))} ms, max ${r2(times[times.length - 1])} ms (aim: p50 < 10 ms)`);
console.log(`RSS after 10 reviews ${mb(rss10)} MB, after ${REVIEWS} ${mb(rssEnd)} MB (growth ${mb(rssEnd - rss10)} MB)`);
