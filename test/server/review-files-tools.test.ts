import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, realpathSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { InMemoryTransport } from '@modelcontextprotocol/sdk/inMemory.js';
import { ListRootsRequestSchema } from '@modelcontextprotocol/sdk/types.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createServer } from '../../src/server/create-server.js';
import type { WorkspaceOptions } from '../../src/server/roots.js';
import { testContext } from '../helpers/mcp-client.js';

let base: string;
let proj: string;
let other: string;

beforeAll(() => {
  base = realpathSync(mkdtempSync(join(tmpdir(), 'review-files-')));
  proj = join(base, 'proj');
  other = join(base, 'other');
  mkdirSync(join(proj, 'src'), { recursive: true });
  mkdirSync(other);
  writeFileSync(join(proj, 'package.json'), JSON.stringify({ name: 'p', engines: { node: '>=18' } }));
  writeFileSync(join(proj, 'src/old.ts'), 'export async function save(): Promise<void> {}\n');
  writeFileSync(join(other, 'x.ts'), 'export async function f(): Promise<void> {}\nf();\n');
  symlinkSync(join(other, 'x.ts'), join(proj, 'src/escape.ts'));
  const git = (...args: string[]) => execFileSync('git', ['-c', 'user.email=t@example.com', '-c', 'user.name=t', ...args], { cwd: proj });
  git('init', '-q');
  git('add', 'package.json', 'src/old.ts');
  git('commit', '-qm', 'first');
  // After the commit: one old floating promise (line 2) and one new one (line 4).
  writeFileSync(join(proj, 'src/old.ts'), 'export async function save(): Promise<void> {}\nexport function a() { save(); }\n\nexport function b() { save(); }\n');
  writeFileSync(join(proj, 'src/new.ts'), 'export async function g(): Promise<void> {}\nexport function c() { g(); }\n');
});
afterAll(() => rmSync(base, { recursive: true, force: true }));

async function connect(workspace: WorkspaceOptions, clientRoots?: () => string[]) {
  const server = createServer({ ...testContext(), workspace });
  const [ct, st] = InMemoryTransport.createLinkedPair();
  await server.connect(st);
  const client = new Client({ name: 't', version: '0' }, clientRoots ? { capabilities: { roots: { listChanged: true } } } : {});
  if (clientRoots) client.setRequestHandler(ListRootsRequestSchema, async () => ({ roots: clientRoots().map((d) => ({ uri: pathToFileURL(d).href })) }));
  await client.connect(ct);
  return { client, close: async () => { await client.close(); await server.close(); } };
}

type Out = { results: { file: string; findings: { ruleId: string; line: number }[]; targetSource: Record<string, string> }[]; roots: { source: string; note?: string }; base?: string; skipped: string[] };

describe('review_files and review_diff', () => {
  it('reviews files in place under --root, with targets from the project and progress notifications', async () => {
    const { client, close } = await connect({ transport: 'stdio', cwd: other, cliRoots: [proj] });
    const progress: number[] = [];
    const r = await client.callTool({ name: 'review_files', arguments: { paths: ['src/old.ts', 'src/new.ts'] } }, undefined, { onprogress: (p) => progress.push(p.progress) });
    const out = r.structuredContent as Out;
    expect(r.isError).toBeFalsy();
    expect(out.results.map((x) => [x.file, x.findings.map((f) => `${f.ruleId}:${f.line}`)])).toEqual([
      ['src/new.ts', ['floating-promise:2']],
      ['src/old.ts', ['floating-promise:2', 'floating-promise:4']],
    ]);
    expect(out.results[0]!.targetSource).toEqual({ node: 'package.json engines.node ">=18"' });
    expect(out.roots.source).toBe('cli');
    expect(progress.at(-1)).toBe(2);
    for (const bad of ['../other/x.ts', join(other, 'x.ts'), 'src/escape.ts']) {
      const e = await client.callTool({ name: 'review_files', arguments: { paths: [bad] } });
      expect(e.isError, bad).toBe(true);
      expect(JSON.stringify(e.content)).toContain(`outside the roots this server may read (\\"${proj}\\")`);
    }
    await close();
  });

  it('review_diff reports only added or changed lines against HEAD, untracked files whole', async () => {
    const { client, close } = await connect({ transport: 'stdio', cwd: proj });
    const r = await client.callTool({ name: 'review_diff', arguments: {} });
    const out = r.structuredContent as Out;
    expect(out.roots.note).toMatch(/No roots from the client and no --root: using the folder the server was started in/);
    expect(out.results.map((x) => [x.file, x.findings.map((f) => `${f.ruleId}:${f.line}`)])).toEqual([
      ['src/new.ts', ['floating-promise:2']],
      ['src/old.ts', ['floating-promise:2', 'floating-promise:4']],
    ]);
    expect(out.base).toMatch(/^[0-9a-f]{40}$/);
    expect(out.skipped.join('\n')).toMatch(/escape\.ts: a symlink that leads outside the roots; refused/);
    const bad = await client.callTool({ name: 'review_diff', arguments: { base: 'no-such-ref' } });
    expect(bad.isError).toBe(true);
    await close();
  });

  it('asks an MCP client for its roots and asks again after roots/list_changed', async () => {
    let dirs = [other];
    const { client, close } = await connect({ transport: 'stdio', cwd: proj }, () => dirs);
    const first = await client.callTool({ name: 'review_files', arguments: { paths: ['x.ts'] } });
    expect((first.structuredContent as Out).roots.source).toBe('client');
    expect((first.structuredContent as Out).results[0]!.findings.map((f) => f.line)).toEqual([2]);
    expect((await client.callTool({ name: 'review_files', arguments: { paths: [join(proj, 'src/old.ts')] } })).isError).toBe(true);
    dirs = [proj];
    await client.notification({ method: 'notifications/roots/list_changed' });
    await new Promise((r) => setTimeout(r, 50));
    const after = await client.callTool({ name: 'review_files', arguments: { paths: ['src/new.ts'] } });
    expect(after.isError).toBeFalsy();
    await close();
  });

  it('gives no file access over HTTP without --root, saying how to enable it', async () => {
    const { client, close } = await connect({ transport: 'http', cwd: proj });
    const r = await client.callTool({ name: 'review_files', arguments: { paths: ['src'] } });
    expect(r.isError).toBe(true);
    expect(JSON.stringify(r.content)).toContain('started without --root');
    await close();
  });

  it('stops on cancellation', async () => {
    const { client, close } = await connect({ transport: 'stdio', cwd: proj });
    const controller = new AbortController();
    controller.abort();
    await expect(client.callTool({ name: 'review_files', arguments: { paths: ['src'] } }, undefined, { signal: controller.signal })).rejects.toThrow();
    await close();
  });
});
