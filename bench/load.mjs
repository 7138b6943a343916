// Load benchmark (issue: hardening). Run after `npm run build`:
//   node bench/load.mjs [--clients 50] [--calls 20] [--stdio-reviews 40] [--review-workers N]
// HTTP: N concurrent SDK clients, each making M mixed calls (whichever of the tools below the server offers);
// stdio: one client firing K review_code calls at once. Prints p50/p95/max latency and the error count.
import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StdioClientTransport } from '@modelcontextprotocol/sdk/client/stdio.js';
import { StreamableHTTPClientTransport } from '@modelcontextprotocol/sdk/client/streamableHttp.js';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const bin = path.join(root, 'dist', 'cli.js');
const { values } = parseArgs({
  options: {
    clients: { type: 'string', default: '50' },
    calls: { type: 'string', default: '20' },
    'stdio-reviews': { type: 'string', default: '40' },
    'review-workers': { type: 'string' },
  },
});
const CLIENTS = Number(values.clients);
const CALLS = Number(values.calls);
const STDIO_REVIEWS = Number(values['stdio-reviews']);

const sampleTs = readFileSync(path.join(root, 'bench', 'fixtures', 'service.ts'), 'utf8');
const samplePy = readFileSync(path.join(root, 'bench', 'fixtures', 'worker.py'), 'utf8');

/** The call mix; entries whose tool the server does not offer are skipped. */
const MIX = [
  { tool: 'get_checklist', args: { phase: 'commit', language: 'typescript' } },
  { tool: 'list_patterns', args: { query: 'timeout' } },
  { tool: 'get_pattern', args: { id: 'bounded-concurrency', language: 'python' } },
  { tool: 'get_pattern', args: { id: 'retry-backoff', language: 'javascript' } },
  { tool: 'verify_api', args: { language: 'python', symbol: 'asyncio.timeout', target: { python: '3.10' } } },
  { tool: 'verify_api', args: { language: 'javascript', symbols: ['Promise.withResolvers', 'AbortSignal.any', 'Promise.allSettled'] } },
  { tool: 'search_api', args: { language: 'node', query: 'timeout' } },
  { tool: 'review_code', args: { code: sampleTs, language: 'typescript', target: { node: '20' } } },
  { tool: 'review_code', args: { code: samplePy, language: 'python', target: { python: '3.11' } } },
  { resource: 'skill://async-expert/SKILL.md' },
];

const percentile = (sorted, p) => sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))];
function report(label, latencies, errors, wallMs) {
  const s = [...latencies].sort((a, b) => a - b);
  console.log(
    `${label}: ${latencies.length} calls, ${errors} errors, p50 ${percentile(s, 50).toFixed(1)} ms, p95 ${percentile(s, 95).toFixed(1)} ms, max ${s.at(-1).toFixed(1)} ms, wall ${(wallMs / 1000).toFixed(1)} s`,
  );
}

async function call(client, item) {
  if (item.resource) return client.readResource({ uri: item.resource });
  const r = await client.callTool({ name: item.tool, arguments: item.args }, undefined, { timeout: 120_000 });
  if (r.isError) throw new Error(`${item.tool}: ${r.content?.[0]?.text}`);
  return r;
}

async function startHttp() {
  const args = [bin, '--http', '--port', '0', '--log-level', 'warn'];
  if (values['review-workers']) args.push('--review-workers', values['review-workers']);
  const child = spawn(process.execPath, args, { stdio: ['ignore', 'ignore', 'pipe'] });
  let err = '';
  const url = await new Promise((resolve, reject) => {
    child.stderr.setEncoding('utf8').on('data', (c) => {
      err += c;
      const m = /listening on (http:\/\/\S+)/.exec(err);
      if (m) resolve(m[1]);
    });
    child.once('exit', (code) => reject(new Error(`server exited ${code}: ${err}`)));
  });
  return { child, url };
}

async function httpLoad() {
  const { child, url } = await startHttp();
  try {
    const probe = new Client({ name: 'probe', version: '0' });
    await probe.connect(new StreamableHTTPClientTransport(new URL(url)));
    const tools = new Set((await probe.listTools()).tools.map((t) => t.name));
    await probe.close();
    const mix = MIX.filter((m) => m.resource || tools.has(m.tool));
    console.log(`HTTP mix: ${mix.map((m) => m.tool ?? 'resources/read').join(', ')}`);
    // Warm-up: the first review loads the reviewer in a worker; measured separately.
    const latencies = [];
    const byKind = { review_code: [], other: [] };
    let errors = 0;
    const firstErrors = [];
    const started = performance.now();
    await Promise.all(
      Array.from({ length: CLIENTS }, async (_, c) => {
        const client = new Client({ name: `load-${c}`, version: '0' });
        await client.connect(new StreamableHTTPClientTransport(new URL(url)));
        for (let i = 0; i < CALLS; i++) {
          const item = mix[(c + i) % mix.length];
          const t0 = performance.now();
          try {
            await call(client, item);
            const ms = performance.now() - t0;
            latencies.push(ms);
            byKind[item.tool === 'review_code' ? 'review_code' : 'other'].push(ms);
          } catch (error) {
            errors += 1;
            if (firstErrors.length < 3) firstErrors.push(String(error).slice(0, 300));
          }
        }
        await client.close();
      }),
    );
    const wall = performance.now() - started;
    report(`HTTP ${CLIENTS} clients x ${CALLS} calls`, latencies, errors, wall);
    // Reviews queue for the worker pool; everything else is answered on the main thread meanwhile.
    if (byKind.review_code.length) report('  of which review_code', byKind.review_code, 0, wall);
    report('  of which other calls', byKind.other, 0, wall);
    for (const e of firstErrors) console.log(`  error: ${e}`);
  } finally {
    child.kill('SIGTERM');
  }
}

async function stdioReviews() {
  const client = new Client({ name: 'stdio-load', version: '0' });
  await client.connect(new StdioClientTransport({ command: process.execPath, args: [bin, '--log-level', 'warn'], stderr: 'ignore' }));
  try {
    const tools = new Set((await client.listTools()).tools.map((t) => t.name));
    if (!tools.has('review_code')) {
      console.log('stdio: review_code not offered by this build; skipped');
      return;
    }
    const latencies = [];
    let errors = 0;
    const started = performance.now();
    await Promise.all(
      Array.from({ length: STDIO_REVIEWS }, async (_, i) => {
        const t0 = performance.now();
        try {
          await call(client, i % 2 ? MIX[7] : MIX[8]);
          latencies.push(performance.now() - t0);
        } catch {
          errors += 1;
        }
      }),
    );
    report(`stdio ${STDIO_REVIEWS} concurrent review_code`, latencies, errors, performance.now() - started);
  } finally {
    await client.close();
  }
}

await httpLoad();
await stdioReviews();
