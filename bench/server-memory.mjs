// RSS of the real server process (main thread + review worker) over many review_code calls on a 200-line file.
// Run after `npm run build`:  node bench/server-memory.mjs [--reviews 1000]
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StdioClientTransport } from '@modelcontextprotocol/sdk/client/stdio.js';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const { values } = parseArgs({ options: { reviews: { type: 'string', default: '1000' } } });
const total = Number(values.reviews);
const code = readFileSync(path.join(root, 'bench', 'fixtures', 'service.ts'), 'utf8');

const transport = new StdioClientTransport({ command: process.execPath, args: [path.join(root, 'dist', 'cli.js'), '--log-level', 'warn'], stderr: 'ignore' });
const client = new Client({ name: 'memory-bench', version: '0' });
await client.connect(transport);
const rssMb = () => {
  const status = readFileSync(`/proc/${transport.pid}/status`, 'utf8');
  return Number(/VmRSS:\s+(\d+) kB/.exec(status)[1]) / 1024;
};
const latencies = [];
const samples = [];
for (let i = 1; i <= total; i++) {
  const t0 = performance.now();
  const r = await client.callTool({ name: 'review_code', arguments: { code, language: 'typescript', filename: 'service.ts' } });
  latencies.push(performance.now() - t0);
  if (r.isError) throw new Error(r.content[0].text);
  if (i === 10 || i % 250 === 0) samples.push([i, rssMb()]);
}
await client.close();
const warm = latencies.slice(10).sort((a, b) => a - b);
console.log(`server RSS (main thread + review worker): ${samples.map(([i, mb]) => `${i}: ${mb.toFixed(0)} MB`).join(', ')}`);
console.log(`growth from review 10 to ${total}: ${(samples.at(-1)[1] - samples[0][1]).toFixed(0)} MB`);
console.log(`review_code over stdio (JSON-RPC + worker), first ${latencies[0].toFixed(0)} ms, warm p50 ${warm[Math.floor(warm.length / 2)].toFixed(1)} ms, p95 ${warm[Math.floor(warm.length * 0.95)].toFixed(1)} ms`);
