import { readFileSync } from 'node:fs';
import { request } from 'node:http';
import path from 'node:path';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StdioClientTransport } from '@modelcontextprotocol/sdk/client/stdio.js';
import { StreamableHTTPClientTransport } from '@modelcontextprotocol/sdk/client/streamableHttp.js';
import { describe, expect, it } from 'vitest';
import { firstText } from '../helpers/mcp-client.js';
import { BIN, REPO_ROOT, spawnHttpServer } from '../helpers/spawn-server.js';

const service = readFileSync(path.join(REPO_ROOT, 'bench', 'fixtures', 'service.ts'), 'utf8');
/**
 * Budget for the reviews these tests expect to finish: the default 20 s budget is a product limit, and a cold worker on a
 * loaded 2-core machine can exceed it; only the budget test below sets its own small budget.
 */
const ROOMY = ['--review-timeout-ms', '400000'];
/** About 4,000 lines: long enough that a review is still running when we cancel it or stop the server. */
const big = Array.from({ length: 20 }, (_, i) => service.replaceAll('export ', '').replace(/\bclass (\w+)/g, `class $1${i}`)).join('\n');

async function httpClient(url: string): Promise<Client> {
  const client = new Client({ name: 'limits', version: '0' });
  await client.connect(new StreamableHTTPClientTransport(new URL(url)));
  return client;
}

describe('review_code in the real server (worker pool)', () => {
  it('reviews over stdio in a worker thread', async () => {
    const client = new Client({ name: 'stdio-review', version: '0' });
    await client.connect(new StdioClientTransport({ command: process.execPath, args: [BIN, '--log-level', 'warn', ...ROOMY], stderr: 'pipe' }));
    try {
      const result = await client.callTool({ name: 'review_code', arguments: { code: service, language: 'typescript', filename: 'service.ts' } }, undefined, { timeout: 400_000 });
      expect(result.isError, firstText(result)).toBeFalsy();
      const { findings } = result.structuredContent as { findings: { ruleId: string }[] };
      expect(findings.map((f) => f.ruleId)).toContain('floating-promise');
    } finally {
      await client.close();
    }
  }, 450_000);

  it('stops a review past its time budget with an isError naming the budget, and keeps serving', async () => {
    const server = await spawnHttpServer(['--review-timeout-ms', '50', '--review-workers', '1']);
    try {
      const client = await httpClient(server.url);
      const slow = await client.callTool({ name: 'review_code', arguments: { code: big, language: 'typescript' } });
      expect(slow.isError).toBe(true);
      expect(firstText(slow)).toMatch(/time budget of 50 ms/);
      const quick = await client.callTool({ name: 'get_checklist', arguments: { phase: 'commit' } });
      expect(quick.isError).toBeFalsy();
      await client.close();
    } finally {
      await server.stop();
    }
  });

  it('honours MCP cancellation (notifications/cancelled) over stdio: the worker stops, the next review runs', async () => {
    const transport = new StdioClientTransport({ command: process.execPath, args: [BIN, '--log-level', 'info', ...ROOMY], stderr: 'pipe' });
    let stderr = '';
    transport.stderr?.on('data', (c: Buffer) => (stderr += c.toString('utf8')));
    const client = new Client({ name: 'stdio-cancel', version: '0' });
    await client.connect(transport);
    try {
      const controller = new AbortController();
      const pending = client.callTool({ name: 'review_code', arguments: { code: big, language: 'typescript' } }, undefined, {
        signal: controller.signal,
      });
      setTimeout(() => controller.abort(new Error('user cancelled')), 300);
      await expect(pending).rejects.toThrow(/cancelled/);
      const next = await client.callTool({ name: 'review_code', arguments: { code: service, language: 'typescript' } }, undefined, { timeout: 400_000 });
      expect(next.isError, firstText(next)).toBeFalsy();
      // The server stopped the review too (piscina terminated the worker running it), not just the client.
      expect(stderr).toContain('The review was cancelled by the client');
    } finally {
      await client.close();
    }
  }, 450_000);

  it('stops a review when an HTTP client disconnects (stateless HTTP cannot route notifications/cancelled)', async () => {
    const server = await spawnHttpServer(['--review-workers', '1', '--log-level', 'info']);
    try {
      const body = JSON.stringify({ jsonrpc: '2.0', id: 1, method: 'tools/call', params: { name: 'review_code', arguments: { code: big, language: 'typescript' } } });
      const req = request({ host: '127.0.0.1', port: server.port, method: 'POST', path: '/mcp', headers: { 'content-type': 'application/json', accept: 'application/json, text/event-stream' } });
      req.on('error', () => {});
      req.end(body);
      await new Promise((r) => setTimeout(r, 500));
      req.destroy();
      const deadline = Date.now() + 30_000;
      while (!server.stderr().includes('cancelled by the client') && Date.now() < deadline) await new Promise((r) => setTimeout(r, 100));
      expect(server.stderr()).toContain('The review was cancelled by the client');
      const client = await httpClient(server.url);
      const next = await client.callTool({ name: 'get_checklist', arguments: {} });
      expect(next.isError).toBeFalsy();
      await client.close();
    } finally {
      await server.stop();
    }
  });

  it('drains an in-flight review on SIGTERM before exiting', async () => {
    const server = await spawnHttpServer(['--review-workers', '1', ...ROOMY, '--log-level', 'debug']);
    const client = await httpClient(server.url);
    const inFlight = client.callTool({ name: 'review_code', arguments: { code: big, language: 'typescript' } }, undefined, { timeout: 400_000 });
    // SIGTERM only once the server holds the request (its debug log says so): a fixed delay raced a loaded machine.
    while (!/HTTP request received[^\n]*tools\/call/.test(server.stderr())) await new Promise((r) => setTimeout(r, 20));
    const exited = server.stop();
    const result = await inFlight;
    expect(result.isError, firstText(result)).toBeFalsy();
    expect(await exited).toBe(0);
  }, 450_000);
});
