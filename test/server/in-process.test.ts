import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { firstText, testContext, useInMemoryClient } from '../helpers/mcp-client.js';

const SKILL_DIR = path.resolve(import.meta.dirname, '../../skills/async-expert');

const SkillEntry = z.object({
  uri: z.string(),
  frontmatter: z.looseObject({ name: z.string(), description: z.string() }),
  resources: z.array(z.object({ uri: z.string(), digest: z.string(), size: z.number() })),
});
const ListSkillsResult = z.looseObject({ skills: z.array(SkillEntry) });
const GetSkillResult = z.looseObject({ skill: SkillEntry });

const client = useInMemoryClient();

describe('server metadata', () => {
  it('declares the skills extension, logging and the instructions from SKILL.md', () => {
    const caps = client().getServerCapabilities();
    expect(caps?.logging).toBeDefined();
    expect(caps?.resources).toBeDefined();
    expect(caps?.extensions).toHaveProperty(['io.modelcontextprotocol/skills']);
    const instructions = client().getInstructions() ?? '';
    expect(instructions).toContain(testContext().skill.frontmatter.description);
    expect(instructions).toContain(testContext().skill.toolsGuide);
    expect(client().getServerVersion()?.name).toBe('async-expert-mcp');
  });
});

describe('get_checklist', () => {
  it('is listed with a title, annotations, and input and output schemas', async () => {
    const { tools } = await client().listTools();
    const tool = tools.find((t) => t.name === 'get_checklist');
    expect(tool?.title).toBeTruthy();
    expect(tool?.description?.length).toBeGreaterThan(80);
    expect(tool?.annotations).toMatchObject({ readOnlyHint: true, idempotentHint: true, openWorldHint: false });
    expect(tool?.outputSchema).toBeDefined();
    const props = (tool?.inputSchema.properties ?? {}) as Record<string, { description?: string }>;
    expect(Object.keys(props).sort()).toEqual(['language', 'phase']);
    for (const p of Object.values(props)) expect(p.description).toBeTruthy();
  });

  it('returns every item without filters, matching checklist.json', async () => {
    const result = await client().callTool({ name: 'get_checklist', arguments: {} });
    const file = JSON.parse(readFileSync(path.join(SKILL_DIR, 'checklist.json'), 'utf8')) as { items: { id: string }[] };
    const structured = result.structuredContent as { count: number; items: { id: string }[] };
    expect(result.isError).toBeFalsy();
    expect(structured.items.map((i) => i.id)).toEqual(file.items.map((i) => i.id));
    expect(structured.count).toBeGreaterThanOrEqual(20);
  });

  it('filters by phase and language and mirrors the items as text', async () => {
    const result = await client().callTool({ name: 'get_checklist', arguments: { phase: 'commit', language: 'rust' } });
    const structured = result.structuredContent as { items: { id: string; phase: string; languages: string[] }[] };
    expect(structured.items.length).toBeGreaterThan(0);
    for (const item of structured.items) {
      expect(item.phase).toBe('commit');
      expect(item.languages).toContain('rust');
    }
    const text = firstText(result);
    for (const item of structured.items) expect(text).toContain(item.id);
  });

  it('answers an unknown phase with an error naming the allowed values', async () => {
    const result = await client().callTool({ name: 'get_checklist', arguments: { phase: 'dring' } });
    expect(result.isError).toBe(true);
    const text = firstText(result);
    expect(text).toContain('before, during, commit');
    expect(text).toContain('"dring"');
    expect(text).toContain('Did you mean "during"');
  });

  it('answers an unknown language with an error naming the allowed values', async () => {
    const result = await client().callTool({ name: 'get_checklist', arguments: { language: 'golang' } });
    expect(result.isError).toBe(true);
    expect(firstText(result)).toContain('python, typescript, javascript, csharp, rust');
  });
});

describe('skill resources', () => {
  it('lists SKILL.md, every file of the skill folder and the checklist rendering, with MIME types', async () => {
    const { resources } = await client().listResources();
    const byUri = new Map(resources.map((r) => [r.uri, r]));
    expect(byUri.get('skill://async-expert/SKILL.md')?.mimeType).toBe('text/markdown');
    expect(byUri.get('skill://async-expert/checklist.json')?.mimeType).toBe('application/json');
    expect(byUri.get('skill://async-expert/checklist.md')?.mimeType).toBe('text/markdown');
    for (const file of testContext().skill.files) expect(byUri.has(file.uri)).toBe(true);
    expect(testContext().skill.files.some((f) => f.path.startsWith('references/'))).toBe(true);
  });

  it('serves each file byte for byte', async () => {
    for (const rel of ['SKILL.md', 'checklist.json']) {
      const { contents } = await client().readResource({ uri: `skill://async-expert/${rel}` });
      expect((contents[0] as { text: string }).text).toBe(readFileSync(path.join(SKILL_DIR, rel), 'utf8'));
    }
  });

  it('renders the checklist as markdown with every item', async () => {
    const { contents } = await client().readResource({ uri: 'skill://async-expert/checklist.md' });
    const text = (contents[0] as { text: string }).text;
    for (const item of testContext().skill.checklist.items) expect(text).toContain(item.id);
  });

  it('refuses URIs outside the skill, including traversal attempts', async () => {
    for (const uri of [
      'skill://async-expert/../package.json',
      'skill://async-expert/%2e%2e/package.json',
      'skill://async-expert//etc/passwd',
      'file:///etc/passwd',
    ]) {
      await expect(client().readResource({ uri })).rejects.toThrow();
    }
  });
});

describe('skills extension', () => {
  it('lists the skill with verbatim frontmatter and digests that match the served bytes', async () => {
    const result = await client().request({ method: 'skills/list', params: {} }, ListSkillsResult);
    expect(result.skills).toHaveLength(1);
    const entry = result.skills[0]!;
    expect(entry.uri).toBe('skill://async-expert/SKILL.md');
    expect(entry.frontmatter.name).toBe('async-expert');
    expect(entry.frontmatter).toEqual(testContext().skill.frontmatter);
    expect(entry.resources[0]?.uri).toBe(entry.uri);
    for (const res of entry.resources) {
      const { contents } = await client().readResource({ uri: res.uri });
      const bytes = Buffer.from((contents[0] as { text: string }).text, 'utf8');
      expect(res.size).toBe(bytes.length);
      expect(res.digest).toBe(`sha256:${createHash('sha256').update(bytes).digest('hex')}`);
      const rel = res.uri.slice('skill://async-expert/'.length);
      if (rel !== 'checklist.md') {
        const onDisk = readFileSync(path.join(SKILL_DIR, rel));
        expect(res.digest).toBe(`sha256:${createHash('sha256').update(onDisk).digest('hex')}`);
      }
    }
  });

  it('gets the skill by URI and refuses an unknown one with -32602', async () => {
    const got = await client().request({ method: 'skills/get', params: { uri: 'skill://async-expert/SKILL.md' } }, GetSkillResult);
    expect(got.skill.frontmatter.name).toBe('async-expert');
    await expect(
      client().request({ method: 'skills/get', params: { uri: 'skill://nope/SKILL.md' } }, GetSkillResult),
    ).rejects.toMatchObject({ code: -32602 });
  });
});

describe('prompts', () => {
  it('lists both prompts with descriptions and arguments', async () => {
    const { prompts } = await client().listPrompts();
    const names = prompts.map((p) => p.name).sort();
    expect(names).toEqual(['implement-async-feature', 'review-async-code']);
    for (const p of prompts) {
      expect(p.description).toBeTruthy();
      expect(p.arguments?.map((a) => a.name)).toContain('language');
    }
  });

  it('completes the language argument', async () => {
    const result = await client().complete({
      ref: { type: 'ref/prompt', name: 'implement-async-feature' },
      argument: { name: 'language', value: 'py' },
    });
    expect(result.completion.values).toEqual(['python']);
  });

  it('builds implement-async-feature from the skill and the checklist', async () => {
    const prompt = await client().getPrompt({
      name: 'implement-async-feature',
      arguments: { task: 'Fetch 500 URLs with at most 10 at a time', language: 'python' },
    });
    const text = prompt.messages.map((m) => (m.content.type === 'text' ? m.content.text : '')).join('\n');
    expect(text).toContain('Fetch 500 URLs');
    expect(text).toContain('verify_api');
    const beforeItem = testContext().skill.checklist.items.find((i) => i.phase === 'before' && i.languages.includes('python'));
    expect(text).toContain(beforeItem!.id);
    expect(prompt.messages.some((m) => m.content.type === 'resource')).toBe(true);
  });

  it('builds review-async-code with the code fenced', async () => {
    const code = 'async function f() { fetch("https://example.com"); }';
    const prompt = await client().getPrompt({ name: 'review-async-code', arguments: { code, language: 'typescript' } });
    const text = prompt.messages.map((m) => (m.content.type === 'text' ? m.content.text : '')).join('\n');
    expect(text).toContain(code);
    expect(text).toContain('review_code');
  });

  it('rejects an unknown language naming the allowed ones', async () => {
    await expect(
      client().getPrompt({ name: 'review-async-code', arguments: { code: 'x', language: 'cobol' } }),
    ).rejects.toThrow(/python, typescript, javascript, csharp, rust/);
  });
});

describe('logging', () => {
  it('accepts logging/setLevel', async () => {
    await expect(client().setLoggingLevel('warning')).resolves.toBeDefined();
  });
});

describe('resource URI bounds', () => {
  it('refuses an over-long symbol or pattern id in a URI, naming the limit', async () => {
    await expect(client().readResource({ uri: `api://python/${'a'.repeat(400)}` })).rejects.toThrow(/limit is 300/);
    await expect(client().readResource({ uri: `pattern://python/${'a'.repeat(200)}` })).rejects.toThrow(/limit of 100/);
  });
});

describe('pattern resources', () => {
  it('serve what get_pattern answers: provenance, contract outcome and code, from one renderer', async () => {
    for (const [language, id] of [['python', 'graceful-shutdown'], ['typescript', 'timeout'], ['javascript', 'retry-backoff']] as const) {
      const { contents } = await client().readResource({ uri: `pattern://${language}/${id}` });
      expect(contents).toHaveLength(1);
      expect(contents[0]?.mimeType).toBe('text/markdown');
      const text = (contents[0] as { text: string }).text;
      const answer = await client().callTool({ name: 'get_pattern', arguments: { id, language } });
      expect(text).toBe(firstText(answer));
      const structured = answer.structuredContent as { code: string; verification: { provenance?: string; contract?: { passed: string[] } } };
      expect(structured.verification.provenance).toMatch(/^executed on /);
      expect(text).toContain(`Provenance: ${structured.verification.provenance}`);
      expect(structured.verification.contract?.passed.length).toBeGreaterThan(0);
      expect(text).toMatch(/^Contract \(templates\/contracts\): \d+ items passed/m);
      expect(text).toContain(structured.code.trimEnd());
    }
  });

  it('show a declared unmet contract item with its reason', async () => {
    const { contents } = await client().readResource({ uri: 'pattern://python/offload-blocking' });
    expect((contents[0] as { text: string }).text).toMatch(/^Not met: cancel-stops-work: .+/m);
  });
});
