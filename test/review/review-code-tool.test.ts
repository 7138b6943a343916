import type { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { connectInMemory, firstText } from '../helpers/mcp-client.js';

let client: Client;
let close: () => Promise<void>;

beforeAll(async () => {
  ({ client, close } = await connectInMemory());
});
afterAll(async () => {
  await close?.();
});

describe('review_code tool', () => {
  it('is listed with a title, schemas and read-only annotations', async () => {
    const { tools } = await client.listTools();
    const tool = tools.find((t) => t.name === 'review_code');
    expect(tool?.title).toBe('Review async code');
    expect(tool?.outputSchema).toBeDefined();
    expect(tool?.annotations).toMatchObject({ readOnlyHint: true, idempotentHint: true, openWorldHint: false });
  });

  it('returns structured findings and a text mirror', async () => {
    const code = 'async function save(): Promise<void> {}\nexport function run() {\n  save();\n}\n';
    const r = await client.callTool({ name: 'review_code', arguments: { code, language: 'typescript', target: { node: '22' } } });
    expect(r.isError).toBeFalsy();
    const s = r.structuredContent as { findings: { ruleId: string; line: number }[]; summary: { suppressed: number }; reviewedWith: { target: { node?: string } } };
    expect(s.findings.map((f) => [f.ruleId, f.line])).toEqual([['floating-promise', 3]]);
    expect(s.reviewedWith.target).toEqual({ node: '22' });
    expect(firstText(r)).toContain('[floating-promise]');
  });

  it('answers bad input as a tool error naming what is allowed', async () => {
    const empty = await client.callTool({ name: 'review_code', arguments: { code: '', language: 'typescript' } });
    expect(empty.isError).toBe(true);
    expect(firstText(empty)).toContain('code is empty');
    const rule = await client.callTool({ name: 'review_code', arguments: { code: 'x', language: 'javascript', rules: ['no-such'] } });
    expect(rule.isError).toBe(true);
    expect(firstText(rule)).toContain('Known: floating-promise');
    const lang = await client.callTool({ name: 'review_code', arguments: { code: 'x', language: 'ruby' } });
    expect(lang.isError).toBe(true);
    expect(firstText(lang)).toContain('typescript');
  });
});
