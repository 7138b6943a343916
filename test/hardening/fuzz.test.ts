import { spawn } from 'node:child_process';
import { request } from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fuzzMessages } from '../helpers/fuzz.js';
import { BIN, spawnHttpServer, type SpawnedHttpServer } from '../helpers/spawn-server.js';

const SEED = 20261127;
const STDIO_COUNT = 3000;
const HTTP_COUNT = 1200;

const initialize = (id: number) =>
  JSON.stringify({ jsonrpc: '2.0', id, method: 'initialize', params: { protocolVersion: '2025-11-25', capabilities: {}, clientInfo: { name: 'fuzz', version: '0' } } });

describe('hostile JSON-RPC over stdio', () => {
  it(`survives ${STDIO_COUNT} malformed messages and still answers a valid request`, async () => {
    const child = spawn(process.execPath, [BIN, '--log-level', 'silent'], { stdio: ['pipe', 'pipe', 'pipe'] });
    let stdout = '';
    child.stdout.setEncoding('utf8').on('data', (c: string) => (stdout += c));
    const messages = fuzzMessages(SEED, STDIO_COUNT);
    const started = Date.now();
    child.stdin.write(`${initialize(0)}\n`);
    for (const m of messages) {
      if (!child.stdin.write(Buffer.concat([m.bytes, Buffer.from('\n')]))) {
        await new Promise((r) => child.stdin.once('drain', r));
      }
    }
    child.stdin.write(`${JSON.stringify({ jsonrpc: '2.0', id: 'final-check', method: 'tools/list' })}\n`);
    const deadline = Date.now() + 60_000;
    while (!stdout.includes('"id":"final-check"') && Date.now() < deadline && child.exitCode === null) {
      await new Promise((r) => setTimeout(r, 50));
    }
    const elapsed = Date.now() - started;
    child.stdin.end();
    await new Promise((r) => child.once('exit', r));
    const lines = stdout.split('\n').filter(Boolean);
    for (const line of lines) expect(() => JSON.parse(line), `stdout line is not JSON: ${line.slice(0, 200)}`).not.toThrow();
    const final = lines.map((l) => JSON.parse(l) as { id?: unknown; result?: { tools?: unknown[] } }).find((m) => m.id === 'final-check');
    expect(final?.result?.tools?.length).toBeGreaterThan(0);
    console.log(`fuzz stdio: ${STDIO_COUNT} messages (seed ${SEED}), ${lines.length} responses, valid request answered after ${elapsed} ms`);
  });
});

function post(port: number, body: Buffer): Promise<number> {
  return new Promise((resolve, reject) => {
    const req = request(
      { host: '127.0.0.1', port, method: 'POST', path: '/mcp', headers: { 'content-type': 'application/json', accept: 'application/json, text/event-stream' } },
      (res) => {
        res.resume();
        res.on('end', () => resolve(res.statusCode ?? 0));
      },
    );
    req.on('error', reject);
    req.end(body);
  });
}

describe('hostile JSON-RPC over HTTP', () => {
  let server: SpawnedHttpServer;
  beforeAll(async () => {
    server = await spawnHttpServer(['--log-level', 'silent']);
  });
  afterAll(async () => {
    await server?.stop();
  });

  it(`answers ${HTTP_COUNT} malformed requests without a server error and keeps serving`, async () => {
    const messages = fuzzMessages(SEED + 1, HTTP_COUNT);
    const statuses = new Map<number, number>();
    const started = Date.now();
    // Eight at a time: enough to overlap requests, bounded so the shared machine is not flooded.
    for (let i = 0; i < messages.length; i += 8) {
      const batch = await Promise.all(messages.slice(i, i + 8).map((m) => post(server.port, m.bytes)));
      for (const s of batch) statuses.set(s, (statuses.get(s) ?? 0) + 1);
    }
    const serverErrors = [...statuses].filter(([s]) => s >= 500);
    expect(serverErrors, JSON.stringify([...statuses])).toEqual([]);
    const ok = await post(server.port, Buffer.from(initialize(1)));
    expect(ok).toBe(200);
    expect(server.child.exitCode).toBeNull();
    console.log(`fuzz http: ${HTTP_COUNT} requests (seed ${SEED + 1}) in ${Date.now() - started} ms, statuses ${JSON.stringify(Object.fromEntries(statuses))}`);
  });
});

describe('message size limit over stdio', () => {
  it('refuses an oversize message with an error for its id and keeps the session', async () => {
    const child = spawn(process.execPath, [BIN, '--log-level', 'silent'], { stdio: ['pipe', 'pipe', 'pipe'] });
    let stdout = '';
    child.stdout.setEncoding('utf8').on('data', (c: string) => (stdout += c));
    child.stdin.write(`${initialize(0)}\n`);
    const huge = JSON.stringify({ jsonrpc: '2.0', id: 77, method: 'tools/call', params: { name: 'get_checklist', arguments: { pad: 'x'.repeat(3 * 1024 * 1024) } } });
    child.stdin.write(`${huge}\n`);
    child.stdin.write(`${JSON.stringify({ jsonrpc: '2.0', id: 78, method: 'ping' })}\n`);
    const deadline = Date.now() + 30_000;
    while (!stdout.includes('"id":78') && Date.now() < deadline) await new Promise((r) => setTimeout(r, 50));
    child.stdin.end();
    await new Promise((r) => child.once('exit', r));
    const messages = stdout.split('\n').filter(Boolean).map((l) => JSON.parse(l) as { id?: unknown; error?: { message: string }; result?: unknown });
    const refused = messages.find((m) => m.id === 77);
    expect(refused?.error?.message).toMatch(/exceeds the limit of 2097152 bytes/);
    expect(messages.find((m) => m.id === 78)?.result).toEqual({});
  });
});
