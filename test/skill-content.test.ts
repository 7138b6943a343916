import { spawnSync } from 'node:child_process';
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { ts } from 'ts-morph';
import { describe, expect, it } from 'vitest';
import { parse as parseYaml } from 'yaml';
import { z } from 'zod';
import { probeToolchain, skipReason } from './helpers/toolchain.js';

const root = fileURLToPath(new URL('..', import.meta.url));
const skillDir = join(root, 'skills', 'async-expert');
const read = (...parts: string[]) => readFileSync(join(...parts), 'utf8');

const RULE_IDS = [
  'floating-promise', 'missing-await', 'await-in-loop', 'unbounded-concurrency', 'blocking-call-in-async',
  'async-promise-executor', 'promise-executor-return', 'misused-promise', 'then-without-catch',
  'broken-promise-chain', 'missing-timeout', 'swallowed-error', 'race-condition', 'hallucinated-api',
  'too-new-api', 'dangling-task', 'swallowed-cancellation', 'event-loop-misuse', 'timeout-misuse',
] as const;
const LANGUAGES = ['python', 'typescript', 'javascript', 'csharp', 'rust'] as const;
const PHASES = ['before', 'during', 'commit'] as const;
const TOOLS = ['verify_api', 'search_api', 'list_patterns', 'get_pattern', 'review_code', 'get_checklist'];
const TOOLS_HEADING = '## Using the async-expert-mcp tools';

/** Pattern ids as templates/README.md lists them: the paragraph under "## Pattern ids". */
function readPatternIds(): string[] {
  const readme = read(root, 'templates', 'README.md');
  const section = /^## Pattern ids\n([\s\S]*?)(?:\n\n|\n## )/m.exec(readme);
  if (!section?.[1]) throw new Error('templates/README.md has no "## Pattern ids" paragraph');
  return section[1].split(',').map((s) => s.trim()).filter(Boolean);
}
const PATTERN_IDS = readPatternIds();

// --- a small JSON Schema (draft 2020-12) checker for the keywords checklist.schema.json uses -------------------

type Schema = Record<string, unknown>;
const SUPPORTED_KEYWORDS = new Set([
  '$schema', '$id', '$defs', '$ref', 'title', 'description', 'type', 'properties', 'required',
  'additionalProperties', 'items', 'enum', 'const', 'pattern', 'minLength', 'minItems', 'uniqueItems',
]);

function typeOf(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'array';
  if (typeof value === 'number' && Number.isInteger(value)) return 'integer';
  return typeof value;
}

/** Returns every violation of `schema` by `value`, as "path: problem" strings. */
function validate(value: unknown, schema: Schema, rootSchema: Schema, path = '$'): string[] {
  const unknownKeyword = Object.keys(schema).find((k) => !SUPPORTED_KEYWORDS.has(k));
  if (unknownKeyword) throw new Error(`schema keyword "${unknownKeyword}" at ${path} is not supported by this checker`);
  if (typeof schema.$ref === 'string') {
    const name = /^#\/\$defs\/(.+)$/.exec(schema.$ref)?.[1];
    const target = name ? (rootSchema.$defs as Record<string, Schema> | undefined)?.[name] : undefined;
    if (!target) throw new Error(`unresolvable $ref ${schema.$ref}`);
    return validate(value, target, rootSchema, path);
  }
  const errors: string[] = [];
  const actual = typeOf(value);
  if (typeof schema.type === 'string') {
    const ok = schema.type === actual || (schema.type === 'number' && actual === 'integer');
    if (!ok) return [`${path}: expected ${schema.type}, got ${actual}`];
  }
  if (Array.isArray(schema.enum) && !schema.enum.includes(value)) {
    errors.push(`${path}: ${JSON.stringify(value)} is not one of ${schema.enum.join(', ')}`);
  }
  if ('const' in schema && schema.const !== value) errors.push(`${path}: must be ${JSON.stringify(schema.const)}`);
  if (typeof value === 'string') {
    if (typeof schema.minLength === 'number' && value.length < schema.minLength) errors.push(`${path}: too short`);
    if (typeof schema.pattern === 'string' && !new RegExp(schema.pattern, 'u').test(value)) {
      errors.push(`${path}: ${JSON.stringify(value)} does not match ${schema.pattern}`);
    }
  }
  if (Array.isArray(value)) {
    if (typeof schema.minItems === 'number' && value.length < schema.minItems) errors.push(`${path}: too few items`);
    if (schema.uniqueItems === true && new Set(value.map((v) => JSON.stringify(v))).size !== value.length) {
      errors.push(`${path}: items are not unique`);
    }
    if (schema.items) value.forEach((v, i) => errors.push(...validate(v, schema.items as Schema, rootSchema, `${path}[${i}]`)));
  }
  if (actual === 'object') {
    const obj = value as Record<string, unknown>;
    const props = (schema.properties ?? {}) as Record<string, Schema>;
    for (const key of (schema.required ?? []) as string[]) {
      if (!(key in obj)) errors.push(`${path}: missing required "${key}"`);
    }
    for (const [key, v] of Object.entries(obj)) {
      if (props[key]) errors.push(...validate(v, props[key], rootSchema, `${path}.${key}`));
      else if (schema.additionalProperties === false) errors.push(`${path}: unexpected property "${key}"`);
    }
  }
  return errors;
}

// --- the same shape in zod, for typed access and a second opinion --------------------------------------------

const ItemSchema = z.strictObject({
  id: z.string().regex(/^[a-z0-9]+(-[a-z0-9]+)*$/),
  phase: z.enum(PHASES),
  text: z.string().min(1),
  why: z.string().min(1),
  languages: z.array(z.enum(LANGUAGES)).min(1),
  rules: z.array(z.enum(RULE_IDS)).optional(),
  patterns: z.array(z.string()).optional(),
});
const ChecklistSchema = z.strictObject({
  $schema: z.string().optional(),
  version: z.literal(1),
  phases: z.array(z.strictObject({ id: z.enum(PHASES), title: z.string().min(1), description: z.string().min(1) })),
  items: z.array(ItemSchema),
});

const checklistRaw: unknown = JSON.parse(read(skillDir, 'checklist.json'));
const checklistSchema = JSON.parse(read(skillDir, 'checklist.schema.json')) as Schema;

describe('checklist.schema.json', () => {
  it('is a draft 2020-12 schema whose enums match the known rule ids, pattern ids, languages and phases', () => {
    expect(checklistSchema.$schema).toBe('https://json-schema.org/draft/2020-12/schema');
    const defs = checklistSchema.$defs as Record<string, { enum: string[] }>;
    expect(defs.ruleId?.enum).toEqual([...RULE_IDS]);
    expect(defs.patternId?.enum).toEqual(PATTERN_IDS);
    expect(defs.language?.enum).toEqual([...LANGUAGES]);
    expect(defs.phaseId?.enum).toEqual([...PHASES]);
  });

  it('rejects documents that break it (the checker is not vacuous)', () => {
    const good = structuredClone(checklistRaw) as { items: Record<string, unknown>[]; extra?: unknown };
    expect(validate(good, checklistSchema, checklistSchema)).toEqual([]);
    const bad = structuredClone(good);
    bad.items[0] = { ...bad.items[0], id: 'Not Kebab', phase: 'later', languages: ['cobol'], rules: ['made-up'] };
    delete bad.items[1]?.why;
    bad.extra = true;
    const errors = validate(bad, checklistSchema, checklistSchema);
    expect(errors).toEqual(expect.arrayContaining([
      expect.stringContaining('$.items[0].id'),
      expect.stringContaining('$.items[0].phase'),
      expect.stringContaining('$.items[0].languages[0]'),
      expect.stringContaining('$.items[0].rules[0]'),
      expect.stringContaining('missing required "why"'),
      expect.stringContaining('unexpected property "extra"'),
    ]));
  });
});

describe('checklist.json', () => {
  it('validates against checklist.schema.json', () => {
    expect(validate(checklistRaw, checklistSchema, checklistSchema)).toEqual([]);
  });

  const checklist = ChecklistSchema.parse(checklistRaw);

  it('has 20 or more items with unique ids', () => {
    expect(checklist.items.length).toBeGreaterThanOrEqual(20);
    const ids = checklist.items.map((i) => i.id);
    expect(ids.filter((id, i) => ids.indexOf(id) !== i)).toEqual([]);
  });

  it('declares each phase once, in order, and every phase has items', () => {
    expect(checklist.phases.map((p) => p.id)).toEqual([...PHASES]);
    for (const phase of PHASES) {
      expect(checklist.items.filter((i) => i.phase === phase).length, phase).toBeGreaterThan(0);
    }
  });

  it('references only known review rules and template pattern ids', () => {
    for (const item of checklist.items) {
      for (const rule of item.rules ?? []) expect(RULE_IDS, item.id).toContain(rule);
      for (const pattern of item.patterns ?? []) expect(PATTERN_IDS, item.id).toContain(pattern);
    }
  });

  it('keeps each item text to one imperative line', () => {
    for (const item of checklist.items) {
      expect(item.text, item.id).not.toMatch(/\n/);
      expect(item.text, item.id).toMatch(/^[A-Z]/);
    }
  });
});

// --- SKILL.md -------------------------------------------------------------------------------------------------

const skillMd = read(skillDir, 'SKILL.md');
const referenceFiles = readdirSync(join(skillDir, 'references')).filter((f) => f.endsWith('.md')).sort();
const docs: Array<{ name: string; text: string }> = [
  { name: 'SKILL.md', text: skillMd },
  ...referenceFiles.map((f) => ({ name: `references/${f}`, text: read(skillDir, 'references', f) })),
];

/**
 * Frontmatter read two ways: as YAML (what the server's loader does) and line by line, which must agree, so a
 * small `key: value` parser reads it too. A value is either plain (no ": " or " #", which YAML would misread) or
 * one double-quoted string.
 */
function parseFrontmatter(text: string): Record<string, string> {
  const match = /^---\n([\s\S]*?)\n---\n/.exec(text);
  if (!match?.[1]) throw new Error('SKILL.md has no frontmatter');
  const fields: Record<string, string> = {};
  for (const line of match[1].split('\n')) {
    const kv = /^([a-z][a-z0-9_-]*): (.+)$/.exec(line);
    if (!kv?.[1] || kv[2] === undefined) throw new Error(`frontmatter line is not a simple "key: value": ${line}`);
    const raw = kv[2];
    if (raw.startsWith('"')) fields[kv[1]] = JSON.parse(raw) as string;
    else if (/^[|>]/.test(raw) || /: | #/.test(raw)) throw new Error(`frontmatter value needs quoting: ${line}`);
    else fields[kv[1]] = raw;
  }
  expect(parseYaml(match[1])).toEqual(fields);
  return fields;
}

describe('SKILL.md', () => {
  it('has frontmatter with exactly name and a one-paragraph description', () => {
    const fm = parseFrontmatter(skillMd);
    expect(Object.keys(fm).sort()).toEqual(['description', 'name']);
    expect(fm.name).toBe('async-expert');
    expect(fm.description?.length).toBeGreaterThan(80);
    expect(fm.description).toMatch(/Do not use it/); // says when not to use the skill too
  });

  it('has the tools section the server copies into its instructions, 10 to 25 lines, naming every tool', () => {
    const lines = skillMd.split('\n');
    const start = lines.indexOf(TOOLS_HEADING);
    expect(start).toBeGreaterThan(0);
    const rest = lines.slice(start + 1);
    const end = rest.findIndex((l) => l.startsWith('## '));
    const body = (end === -1 ? rest : rest.slice(0, end)).join('\n').trim().split('\n');
    expect(body.length).toBeGreaterThanOrEqual(10);
    expect(body.length).toBeLessThanOrEqual(25);
    for (const tool of TOOLS) expect(body.join('\n')).toContain(`\`${tool}\``);
  });

  it('indexes every template pattern id', () => {
    for (const id of PATTERN_IDS) expect(skillMd).toContain(`| \`${id}\` |`);
  });

  it('is substantial and covers the four languages', () => {
    expect(skillMd.split('\n').length).toBeGreaterThanOrEqual(400);
    for (const word of ['asyncio', 'Promise', 'CancellationToken', 'tokio']) expect(skillMd).toContain(word);
  });

  it('points at references that exist', () => {
    expect(referenceFiles).toEqual(expect.arrayContaining(['advanced-patterns.md', 'anti-patterns.md', 'troubleshooting.md']));
    for (const ref of skillMd.matchAll(/skill:\/\/async-expert\/references\/([\w-]+\.md)/g)) {
      expect(referenceFiles).toContain(ref[1]);
    }
  });
});

// --- corrections of the seed ----------------------------------------------------------------------------------

const WARNING_WORDS = /\b(not|never|avoid|instead|deprecated|wrong|don't)\b/i;

describe('the skill never recommends asyncio.get_event_loop()', () => {
  it('mentions it only on lines that warn against it', () => {
    const offenders: string[] = [];
    const sources = [...docs, { name: 'checklist.json', text: read(skillDir, 'checklist.json') }];
    for (const { name, text } of sources) {
      text.split('\n').forEach((line, i) => {
        if (line.includes('get_event_loop') && !WARNING_WORDS.test(line)) offenders.push(`${name}:${i + 1}: ${line.trim()}`);
      });
    }
    expect(offenders).toEqual([]);
  });

  it('the warning check catches a recommending line', () => {
    expect(WARNING_WORDS.test('    loop = asyncio.get_event_loop()')).toBe(false);
  });
});

// --- code blocks ----------------------------------------------------------------------------------------------

interface CodeBlock { where: string; lang: string; code: string }

function codeBlocks(): CodeBlock[] {
  const blocks: CodeBlock[] = [];
  for (const { name, text } of docs) {
    const fence = /^```([\w-]*)\n([\s\S]*?)^```$/gm;
    for (const m of text.matchAll(fence)) {
      const line = text.slice(0, m.index).split('\n').length;
      blocks.push({ where: `${name}:${line}`, lang: m[1] ?? '', code: m[2] ?? '' });
    }
  }
  return blocks;
}
const blocks = codeBlocks();
const TS_LANGS = new Set(['ts', 'typescript', 'js', 'javascript']);

/** Syntax errors of a TS/JS snippet, as "line: message". */
function tsSyntaxErrors(code: string, lang: string): string[] {
  const out = ts.transpileModule(code, {
    reportDiagnostics: true,
    fileName: lang.startsWith('j') ? 'snippet.js' : 'snippet.ts',
    compilerOptions: { target: ts.ScriptTarget.ES2022, module: ts.ModuleKind.ESNext, allowJs: true },
  });
  return (out.diagnostics ?? []).map((d) => {
    const pos = d.file && d.start !== undefined ? d.file.getLineAndCharacterOfPosition(d.start).line + 1 : 0;
    return `${pos}: ${ts.flattenDiagnosticMessageText(d.messageText, '\n')}`;
  });
}

describe('fenced code blocks', () => {
  it('are all tagged with a language', () => {
    expect(blocks.filter((b) => b.lang === '').map((b) => b.where)).toEqual([]);
  });

  it('TypeScript and JavaScript blocks parse', () => {
    const tsBlocks = blocks.filter((b) => TS_LANGS.has(b.lang));
    expect(tsBlocks.length).toBeGreaterThan(5);
    const failures = tsBlocks.flatMap((b) => tsSyntaxErrors(b.code, b.lang).map((e) => `${b.where} +${e}`));
    expect(failures).toEqual([]);
  });

  it('the TypeScript check reports a broken block', () => {
    expect(tsSyntaxErrors('export async function f( {\n  await x\n', 'ts')).not.toEqual([]);
  });

  const python = probeToolchain('python3');
  const skip = skipReason(python, 'python3');

  /** Runs ast.parse on each source in one python3 process; returns "index: error" for each failure. */
  function pythonSyntaxErrors(sources: string[]): string[] {
    const script = [
      'import ast, json, sys',
      'for i, src in enumerate(json.load(sys.stdin)):',
      '    try:',
      '        ast.parse(src)',
      '    except SyntaxError as e:',
      '        print(f"{i}: line {e.lineno}: {e.msg}")',
    ].join('\n');
    const r = spawnSync('python3', ['-c', script], { input: JSON.stringify(sources), encoding: 'utf8' });
    if (r.status !== 0) throw new Error(`python3 failed: ${r.stderr}`);
    return r.stdout.split('\n').filter(Boolean);
  }

  it.skipIf(skip !== undefined)('Python blocks parse with ast.parse', () => {
    const pyBlocks = blocks.filter((b) => b.lang === 'python');
    expect(pyBlocks.length).toBeGreaterThan(5);
    const failures = pythonSyntaxErrors(pyBlocks.map((b) => b.code)).map((line) => {
      const [index, ...rest] = line.split(': ');
      return `${pyBlocks[Number(index)]?.where}: ${rest.join(': ')}`;
    });
    expect(failures).toEqual([]);
  });

  it.skipIf(skip !== undefined)('the Python check reports a broken block', () => {
    expect(pythonSyntaxErrors(['async def f(:\n    pass\n'])).toHaveLength(1);
  });
});
