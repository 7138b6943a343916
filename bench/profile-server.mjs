#!/usr/bin/env node
// Runs the real stdio server under V8's profilers through the SDK client: initialize, then review_code N times on
// bench/fixtures/service.ts, then close. Profiles land in <dir> (one per thread: main and review worker); summarise
// them with bench/profile-summary.mjs. Used for bench/PROFILE.md.
//   node bench/profile-server.mjs <dir> [--reviews 50] [--heap] [--node-arg X]...
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StdioClientTransport } from '@modelcontextprotocol/sdk/client/stdio.js';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const { values, positionals } = parseArgs({
  allowPositionals: true,
  options: { reviews: { type: 'string', default: '50' }, heap: { type: 'boolean' }, 'node-arg': { type: 'string', multiple: true } },
});
const dir = path.resolve(positionals[0] ?? 'bench/out/profile');
const code = readFileSync(path.join(root, 'bench', 'fixtures', 'service.ts'), 'utf8');
const profiler = values.heap ? ['--heap-prof', '--heap-prof-dir', dir] : ['--cpu-prof', '--cpu-prof-dir', dir, '--cpu-prof-interval', '200'];
const transport = new StdioClientTransport({
  command: process.execPath,
  args: [...profiler, ...(values['node-arg'] ?? []), path.join(root, 'dist', 'cli.js'), '--log-level', 'warn'],
  stderr: 'inherit',
});
const client = new Client({ name: 'profile', version: '0' });
let t0 = performance.now();
await client.connect(transport);
console.log(`initialize ${(performance.now() - t0).toFixed(0)} ms`);
for (let i = 0; i < Number(values.reviews); i++) {
  t0 = performance.now();
  await client.callTool({ name: 'review_code', arguments: { code: `${code}\nexport const r${i % 7} = ${i};\n`, language: 'typescript' } });
  if (i < 3 || i === Number(values.reviews) - 1) console.log(`review ${i + 1}: ${(performance.now() - t0).toFixed(0)} ms`);
}
await client.close();
// Give the server a moment to write its profiles on exit.
await new Promise((r) => setTimeout(r, 1500));
