import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { REPO_ROOT, spawnHttpServer, type SpawnedHttpServer } from '../helpers/spawn-server.js';
import { skipReason } from '../helpers/toolchain.js';

// The suite imports fs.globSync (Node 22+): it runs on the Node at hand when that is 22 or later, else on the LTS
// binary that `npm run templates:runtimes` installs under node_modules/.cache (scripts/templates/node-runtimes.mjs).
const { NODE_LTS, binaryOf } = (await import(pathToFileURL(path.join(REPO_ROOT, 'scripts/templates/node-runtimes.mjs')).href)) as {
  NODE_LTS: string;
  binaryOf: (root: string, version: string) => string;
};
const NODE22 = Number(process.versions.node.split('.')[0]) >= 22 ? process.execPath : binaryOf(REPO_ROOT, NODE_LTS);
const skip = existsSync(NODE22)
  ? undefined
  : skipReason({ available: false, version: `Node ${NODE_LTS} not installed (the suite imports fs.globSync, Node 22+)`, install: 'npm run templates:runtimes' }, 'Node 22 for the MCP conformance suite');
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

describe.skipIf(skip !== undefined)('official MCP conformance suite (HTTP)', () => {
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
