import { describe, expect, it } from 'vitest';
import { firstText, useInMemoryClient } from '../helpers/mcp-client.js';

// verify_api, search_api and api://{language}/{symbol} through the MCP SDK client, as an assistant calls them.

const client = useInMemoryClient();

type Verdict = { status: string; symbol: string; suggestions?: string[]; since?: Record<string, unknown>; coverage?: string };

async function call(name: string, args: Record<string, unknown>) {
  return client().callTool({ name, arguments: args });
}

describe('tools/list', () => {
  it('lists both catalog tools as read-only with input and output schemas', async () => {
    const { tools } = await client().listTools();
    for (const name of ['verify_api', 'search_api']) {
      const tool = tools.find((t) => t.name === name);
      expect(tool, name).toBeDefined();
      expect(tool?.title).toBeTruthy();
      expect(tool?.outputSchema).toBeDefined();
      expect(tool?.annotations).toMatchObject({ readOnlyHint: true, idempotentHint: true, openWorldHint: false });
    }
  });
});

describe('verify_api', () => {
  it('answers one symbol with the verdict at the top level', async () => {
    const r = await call('verify_api', { language: 'javascript', symbol: 'Promise.withResolvers', target: { node: '20' } });
    expect(r.isError).toBeFalsy();
    const v = r.structuredContent as Verdict;
    expect(v).toMatchObject({ status: 'too_new', symbol: 'Promise.withResolvers', since: { ecmascript: 'ES2024', node: ['22.0.0'] } });
    expect(firstText(r)).toContain('too_new');
  });

  it('answers a batch in order under results', async () => {
    const r = await call('verify_api', {
      language: 'node',
      symbols: ['events.once', 'AbortSignal.any', 'events.onse', 'lodash.debounce'],
      target: { node: '20.2.0' },
    });
    const { results } = r.structuredContent as { results: Verdict[] };
    expect(results.map((v) => v.status)).toEqual(['verified', 'too_new', 'not_found', 'cannot_verify']);
    expect(results[2]?.suggestions).toContain('node:events.once');
    expect(results[3]?.coverage).toMatch(/Node/);
  });

  it('accepts typescript as an alias and suggests real names', async () => {
    const r = await call('verify_api', { language: 'typescript', symbol: 'Promise.withResolver' });
    expect(r.structuredContent).toMatchObject({ status: 'not_found', suggestions: ['Promise.withResolvers'] });
  });

  it.each([
    [{ language: 'java', symbol: 'x' }, /python, javascript, typescript, node, csharp, rust/],
    [{ language: 'python', symbol: '' }, /non-empty/],
    [{ language: 'python' }, /exactly one of "symbol"/],
    [{ language: 'python', symbol: 'a', symbols: ['b'] }, /exactly one of "symbol"/],
    [{ language: 'python', symbols: Array.from({ length: 101 }, (_, i) => `asyncio.x${i}`) }, /100/],
    [{ language: 'javascript', symbol: 'Promise', target: { ecmascript: 'ES2099' } }, /ES2015/],
  ])('rejects %o with an error naming what is allowed', async (args, message) => {
    const r = await call('verify_api', args);
    expect(r.isError).toBe(true);
    expect(firstText(r)).toMatch(message);
  });
});

describe('search_api', () => {
  it('ranks names first and honours the limit', async () => {
    const r = await call('search_api', { language: 'javascript', query: 'withResolvers', limit: 3 });
    const { results, count } = r.structuredContent as { results: Array<{ symbol: string }>; count: number };
    expect(count).toBeLessThanOrEqual(3);
    expect(results[0]?.symbol).toBe('Promise.withResolvers');
  });

  it('says what is covered when nothing matches', async () => {
    const r = await call('search_api', { language: 'node', query: 'zzzzqqq' });
    expect(r.structuredContent).toMatchObject({ count: 0 });
    expect((r.structuredContent as { coverage?: string }).coverage).toMatch(/Node/);
  });
});

describe('api:// resource template', () => {
  it('reads one verdict as JSON, with %2F for a slash in the symbol', async () => {
    const r = await client().readResource({ uri: 'api://node/timers%2Fpromises.setTimeout' });
    const content = r.contents[0] as { text: string; mimeType?: string };
    expect(content.mimeType).toBe('application/json');
    expect(JSON.parse(content.text)).toMatchObject({ status: 'verified', symbol: 'node:timers/promises.setTimeout' });
  });

  it('completes languages and symbols', async () => {
    const ref = { type: 'ref/resource' as const, uri: 'api://{language}/{symbol}' };
    const langs = await client().complete({ ref, argument: { name: 'language', value: 'ty' } });
    expect(langs.completion.values).toEqual(['typescript']);
    const syms = await client().complete({
      ref,
      argument: { name: 'symbol', value: 'Promise.with' },
      context: { arguments: { language: 'javascript' } },
    });
    expect(syms.completion.values).toEqual(['Promise.withResolvers']);
  });
});
