#!/usr/bin/env node
// Catalog benchmark: load time per language and the latency of 10,000 verifyApi lookups in process.
// Runs against the compiled package: `npm run build && node bench/catalog.mjs` (dist/catalog/ with its data/).
// Prints figures only; targets (load < 100 ms, lookup p50 < 0.1 ms) are for the reader to compare.
import { existsSync } from 'node:fs';
import { performance } from 'node:perf_hooks';

const entry = new URL('../dist/catalog/index.js', import.meta.url);
if (!existsSync(entry)) {
  console.error('dist/catalog/index.js is missing: run `npm run build` first.');
  process.exit(2);
}
const { CATALOG_FILES, clearCatalogCache, loadCatalog, verifyApi } = await import(entry.href);

function percentile(sorted, p) {
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))];
}

console.log('Catalog load (read + parse + index), cold, then median of 5 reloads:');
for (const language of CATALOG_FILES) {
  const times = [];
  let load;
  for (let i = 0; i < 6; i++) {
    clearCatalogCache();
    const t0 = performance.now();
    load = loadCatalog(language);
    times.push(performance.now() - t0);
  }
  const cold = times[0];
  const median = times.slice(1).sort((a, b) => a - b)[2];
  const facts = load.ok ? `${load.catalog.file.entries.length} entries` : `not built (${load.reason})`;
  console.log(`  ${language.padEnd(10)} cold ${cold.toFixed(1)} ms, warm median ${median.toFixed(1)} ms, ${facts}`);
}

// A mix an assistant would send: hits, natural spellings, misses with suggestions, out-of-coverage, targets.
const QUERIES = [
  ['javascript', 'Promise.withResolvers', { node: '20' }],
  ['typescript', 'promise.finally'],
  ['javascript', 'AbortSignal.any', { ecmascript: 'ES2022' }],
  ['javascript', 'Promise.withResolver'],
  ['javascript', 'lodash.debounce'],
  ['node', 'events.once', { node: '20' }],
  ['node', 'timers/promises.setTimeout'],
  ['node', 'FileHandle.close'],
  ['node', 'AbortSignal.any', { node: '18.16.0' }],
  ['node', 'events.onse'],
  ['python', 'asyncio.timeout', { python: '3.10' }],
  ['python', 'asyncio.TaskGroup.create_task'],
  ['python', 'asyncio.get_event_loop'],
  ['python', 'aiohttp.ClientSession'],
  ['csharp', 'Task.WhenAll', { dotnet: '8' }],
  ['rust', 'tokio::time::timeout'],
];
clearCatalogCache();
for (const [l, s, t] of QUERIES) verifyApi(l, s, t); // load every catalog before timing lookups
const N = 10_000;
const samples = new Float64Array(N);
const statuses = {};
for (let i = 0; i < N; i++) {
  const [l, s, t] = QUERIES[i % QUERIES.length];
  const t0 = performance.now();
  const v = verifyApi(l, s, t);
  samples[i] = performance.now() - t0;
  statuses[v.status] = (statuses[v.status] ?? 0) + 1;
}
const sorted = [...samples].sort((a, b) => a - b);
console.log(`verifyApi x ${N} (${QUERIES.length} symbols in rotation): p50 ${percentile(sorted, 50).toFixed(4)} ms, p99 ${percentile(sorted, 99).toFixed(4)} ms, max ${sorted[N - 1].toFixed(3)} ms`);
console.log(`  statuses: ${Object.entries(statuses).map(([k, v]) => `${k} ${v}`).join(', ')}`);
