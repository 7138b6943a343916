import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StdioClientTransport } from '@modelcontextprotocol/sdk/client/stdio.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { firstText } from '../helpers/mcp-client.js';
import { BIN } from '../helpers/spawn-server.js';

// Pathological input through the real server (reviews in the worker pool): every case is answered, within the
// review budget, and the server goes on serving. Bounded time is the budget itself (20 s), not a timed assertion.
const MAX_BYTES = 512 * 1024;
const cases: Array<{ name: string; language: 'typescript' | 'python'; code: string }> = [
  { name: '20,000 nested parentheses (TS)', language: 'typescript', code: `const x = ${'('.repeat(20_000)}1${')'.repeat(20_000)};\n` },
  { name: '20,000 nested parentheses (Python)', language: 'python', code: `x = ${'('.repeat(20_000)}1${')'.repeat(20_000)}\n` },
  { name: '100,000 lines (TS)', language: 'typescript', code: Array.from({ length: 100_000 }, (_, i) => `let v${i % 97} = ${i % 10};`).join('\n').slice(0, MAX_BYTES) },
  { name: '100,000 lines (Python)', language: 'python', code: Array.from({ length: 100_000 }, (_, i) => `v${i % 97} = ${i % 10}`).join('\n').slice(0, MAX_BYTES) },
  { name: 'binary garbage (TS)', language: 'typescript', code: Buffer.from(Array.from({ length: 50_000 }, (_, i) => ((i * 7919) % 255) + 1)).toString('latin1') },
  { name: 'binary garbage (Python)', language: 'python', code: Buffer.from(Array.from({ length: 50_000 }, (_, i) => ((i * 7919) % 255) + 1)).toString('latin1') },
  { name: 'invalid UTF-8 (TS)', language: 'typescript', code: Buffer.from([0x61, 0xc3, 0x28, 0xff, 0xfe, 0x62, 0x0a]).toString('utf8').repeat(1000) },
  { name: 'invalid UTF-8 (Python)', language: 'python', code: Buffer.from([0x61, 0xc3, 0x28, 0xff, 0xfe, 0x62, 0x0a]).toString('utf8').repeat(1000) },
];

let client: Client;
beforeAll(async () => {
  client = new Client({ name: 'pathological', version: '0' });
  await client.connect(new StdioClientTransport({ command: process.execPath, args: [BIN, '--log-level', 'warn'], stderr: 'pipe' }));
});
afterAll(async () => {
  await client?.close();
});

describe('pathological code', () => {
  it.each(cases)('$name is answered, with at most a bounded number of findings', async ({ language, code }) => {
    expect(Buffer.byteLength(code)).toBeLessThanOrEqual(MAX_BYTES);
    const result = await client.callTool({ name: 'review_code', arguments: { code, language } }, undefined, { timeout: 60_000 });
    if (result.isError) {
      // An error must say what happened, never leak a stack trace or a bare engine message.
      expect(firstText(result)).toMatch(/too deeply|time budget|out of memory/);
    } else {
      const { findings } = result.structuredContent as { findings: { ruleId: string }[] };
      expect(findings.filter((f) => f.ruleId === 'syntax-error').length).toBeLessThanOrEqual(20);
    }
    const ping = await client.callTool({ name: 'get_checklist', arguments: { phase: 'before' } });
    expect(ping.isError).toBeFalsy();
  });
});

describe('pathological code on the main thread (no worker stack headroom)', () => {
  it('answers too-deep nesting with a clear error, then reviews normally', async () => {
    const { reviewCode } = await import('../../src/review/index.js');
    await expect(reviewCode({ code: cases[0]!.code, language: 'typescript' })).rejects.toThrow(/nests too deeply/);
    const after = await reviewCode({ code: 'export async function f(): Promise<void> { await Promise.resolve(); }\n', language: 'typescript' });
    expect(after.findings).toEqual([]);
  });

  it('lists at most 20 syntax errors and says how many more there are', async () => {
    const { reviewCode } = await import('../../src/review/index.js');
    const result = await reviewCode({ code: cases[4]!.code, language: 'typescript' });
    const syntax = result.findings.filter((f) => f.ruleId === 'syntax-error');
    expect(syntax).toHaveLength(20);
    expect(syntax.at(-1)?.message).toMatch(/\d+ more syntax errors not listed/);
  });
});
