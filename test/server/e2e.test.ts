import { request } from 'node:http';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StdioClientTransport } from '@modelcontextprotocol/sdk/client/stdio.js';
import { StreamableHTTPClientTransport } from '@modelcontextprotocol/sdk/client/streamableHttp.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BIN, runBin, spawnHttpServer, type SpawnedHttpServer } from '../helpers/spawn-server.js';

/** A raw HTTP request, so headers a client library would normalise (Host, Origin) can be set freely. */
function rawRequest(
  port: number,
  options: { method?: string; path?: string; headers?: Record<string, string>; body?: string },
): Promise<{ status: number; body: string; headers: Record<string, unknown> }> {
  return new Promise((resolve, reject) => {
    const req = request(
      { host: '127.0.0.1', port, method: options.method ?? 'POST', path: options.path ?? '/mcp', headers: options.headers },
      (res) => {
        let body = '';
        res.setEncoding('utf8').on('data', (c: string) => (body += c));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, body, headers: res.headers }));
      },
    );
    req.on('error', reject);
    req.end(options.body);
  });
}

const initialize = JSON.stringify({
  jsonrpc: '2.0',
  id: 1,
  method: 'initialize',
  params: { protocolVersion: '2025-11-25', capabilities: {}, clientInfo: { name: 'raw', version: '0' } },
});
const jsonHeaders = { 'content-type': 'application/json', accept: 'application/json, text/event-stream' };

describe('stdio, end to end', () => {
  it('serves tools, resources, prompts and skills over the built bin', async () => {
    const transport = new StdioClientTransport({ command: process.execPath, args: [BIN, '--log-level', 'warn'], stderr: 'pipe' });
    const client = new Client({ name: 'e2e', version: '0' });
    await client.connect(transport);
    try {
      const { tools } = await client.listTools();
      expect(tools.map((t) => t.name)).toContain('get_checklist');
      const result = await client.callTool({ name: 'get_checklist', arguments: { phase: 'before' } });
      expect((result.structuredContent as { count: number }).count).toBeGreaterThan(0);
      const { contents } = await client.readResource({ uri: 'skill://async-expert/SKILL.md' });
      expect((contents[0] as { text: string }).text).toMatch(/^---\n/);
      const { prompts } = await client.listPrompts();
      expect(prompts.length).toBe(2);
    } finally {
      await client.close();
    }
  });

  it('exits when stdin closes, printing nothing but JSON-RPC on stdout', async () => {
    const r = await runBin(['--log-level', 'debug'], {}, `${initialize}\n`);
    expect(r.code).toBe(0);
    for (const line of r.stdout.split('\n').filter(Boolean)) expect(() => JSON.parse(line)).not.toThrow();
    expect(r.stdout).toContain('"serverInfo"');
  });
});

describe('command line', () => {
  it('prints --version and --help', async () => {
    const v = await runBin(['--version']);
    expect(v.code).toBe(0);
    expect(v.stdout.trim()).toMatch(/^\d+\.\d+\.\d+/);
    const h = await runBin(['--help']);
    expect(h.code).toBe(0);
    expect(h.stdout).toContain('--http');
  });

  it('rejects unknown flags with exit code 2 and a message', async () => {
    const r = await runBin(['--frobnicate']);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('--frobnicate');
  });

  it('refuses a non-loopback bind without a token (exit 2)', async () => {
    const r = await runBin(['--http', '--host', '0.0.0.0', '--port', '0'], { ASYNC_EXPERT_MCP_TOKEN: '' });
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('--auth-token');
  });
});

describe('Streamable HTTP, end to end', () => {
  let server: SpawnedHttpServer;
  beforeAll(async () => {
    server = await spawnHttpServer();
  });
  afterAll(async () => {
    await server?.stop();
  });

  it('binds to loopback by default', () => {
    expect(new URL(server.url).hostname).toBe('127.0.0.1');
  });

  it('serves MCP to the SDK client (stateless: a fresh server per request)', async () => {
    const client = new Client({ name: 'e2e-http', version: '0' });
    await client.connect(new StreamableHTTPClientTransport(new URL(server.url)));
    try {
      const { tools } = await client.listTools();
      expect(tools.map((t) => t.name)).toContain('get_checklist');
      const result = await client.callTool({ name: 'get_checklist', arguments: { phase: 'commit', language: 'csharp' } });
      expect(result.isError).toBeFalsy();
      const bad = await client.callTool({ name: 'get_checklist', arguments: { phase: 'later' } });
      expect(bad.isError).toBe(true);
    } finally {
      await client.close();
    }
  });

  it('answers /healthz with 200', async () => {
    const r = await rawRequest(server.port, { method: 'GET', path: '/healthz' });
    expect(r.status).toBe(200);
    expect(JSON.parse(r.body)).toMatchObject({ status: 'ok' });
  });

  it('refuses a foreign Host header (DNS rebinding) with 403', async () => {
    const r = await rawRequest(server.port, { headers: { ...jsonHeaders, host: 'evil.example:80' }, body: initialize });
    expect(r.status).toBe(403);
  });

  it('refuses a foreign Origin with 403 and sends no CORS headers', async () => {
    const r = await rawRequest(server.port, { headers: { ...jsonHeaders, origin: 'https://evil.example' }, body: initialize });
    expect(r.status).toBe(403);
    expect(r.headers['access-control-allow-origin']).toBeUndefined();
  });

  it('answers GET /mcp with 405 (stateless: no stream to resume)', async () => {
    const r = await rawRequest(server.port, { method: 'GET', headers: { accept: 'text/event-stream' } });
    expect(r.status).toBe(405);
  });

  it('turns broken JSON into a JSON-RPC parse error', async () => {
    const r = await rawRequest(server.port, { headers: jsonHeaders, body: '{"jsonrpc": "2.0", ' });
    expect(r.status).toBe(400);
    expect(JSON.parse(r.body).error.code).toBe(-32700);
  });

  it('refuses a body over the limit with 413', async () => {
    const huge = JSON.stringify({ jsonrpc: '2.0', id: 1, method: 'ping', params: { pad: 'x'.repeat(3 * 1024 * 1024) } });
    const r = await rawRequest(server.port, { headers: jsonHeaders, body: huge });
    expect(r.status).toBe(413);
    expect(r.body).toContain('limit');
  });
});

describe('Streamable HTTP with a bearer token', () => {
  let server: SpawnedHttpServer;
  beforeAll(async () => {
    server = await spawnHttpServer([], { ASYNC_EXPERT_MCP_TOKEN: 'test-token-123' });
  });
  afterAll(async () => {
    await server?.stop();
  });

  it('answers 401 without the token and serves with it', async () => {
    const none = await rawRequest(server.port, { headers: jsonHeaders, body: initialize });
    expect(none.status).toBe(401);
    expect(none.headers['www-authenticate']).toBe('Bearer');
    const wrong = await rawRequest(server.port, { headers: { ...jsonHeaders, authorization: 'Bearer nope' }, body: initialize });
    expect(wrong.status).toBe(401);
    const client = new Client({ name: 'e2e-auth', version: '0' });
    await client.connect(
      new StreamableHTTPClientTransport(new URL(server.url), {
        requestInit: { headers: { Authorization: 'Bearer test-token-123' } },
      }),
    );
    expect((await client.listTools()).tools.length).toBeGreaterThan(0);
    await client.close();
  });
});

describe('Streamable HTTP with a configured CORS origin', () => {
  let server: SpawnedHttpServer;
  const allowed = 'http://localhost:6274';
  beforeAll(async () => {
    server = await spawnHttpServer(['--cors-origin', allowed]);
  });
  afterAll(async () => {
    await server?.stop();
  });

  it('answers the preflight and the request from that origin with CORS headers', async () => {
    const preflight = await rawRequest(server.port, {
      method: 'OPTIONS',
      headers: { origin: allowed, 'access-control-request-method': 'POST', 'access-control-request-headers': 'content-type' },
    });
    expect(preflight.status).toBe(204);
    expect(preflight.headers['access-control-allow-origin']).toBe(allowed);
    expect(String(preflight.headers['access-control-allow-headers'])).toMatch(/Content-Type/);
    const r = await rawRequest(server.port, { headers: { ...jsonHeaders, origin: allowed }, body: initialize });
    expect(r.status).toBe(200);
    expect(r.headers['access-control-allow-origin']).toBe(allowed);
  });

  it('still refuses every other origin, without CORS headers', async () => {
    const r = await rawRequest(server.port, { headers: { ...jsonHeaders, origin: 'https://other.example' }, body: initialize });
    expect(r.status).toBe(403);
    expect(r.headers['access-control-allow-origin']).toBeUndefined();
  });
});
