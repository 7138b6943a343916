// Makes the skill's code examples "verified" (STYLE.md point 8): every fenced block in skills/async-expert/SKILL.md
// and references/*.md is type-checked by its language's own checker, one run per language:
//   TypeScript/JavaScript  the TypeScript compiler bundled in ts-morph (strict, lib ES2022, @types/node)
//   Python                 pyright from node_modules, Python 3.11, on a temp dir
//   C#                     one `dotnet build` of test/skill-examples/csharp (net8.0, C# 12, nullable)
//   Rust                   one `cargo check --tests` of test/skill-examples/rust (offline, Debian's tokio/futures)
//
// Markers: an HTML comment on the line right before a fence changes how its block is checked.
//   <!-- example: skip REASON -->           not checked (pseudo-code, output listings); the reason is required
//   <!-- example: fragment -->              statements, not a file: checked inside an async function (`fragmentWrapper`)
//   <!-- example: expect-error CODE ... --> the checker must report exactly these codes in the block, nothing else
//                                           (a deliberate mistake that the checker itself catches)
// Blocks are otherwise standalone files. Names the prose calls "the application's own functions" are declared, never
// implemented, in test/skill-examples/{python/stubs,typescript/src}.
import { spawnSync } from 'node:child_process';
import { copyFileSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { Project, ts } from 'ts-morph';
import { beforeAll, describe, expect, it } from 'vitest';
import { probeDebianCrates, probeToolchain, skipReason } from './helpers/toolchain.js';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const SKILL_DIR = 'skills/async-expert';
const EXAMPLES_DIR = path.join(ROOT, 'test/skill-examples');

type Language = 'typescript' | 'javascript' | 'python' | 'csharp' | 'rust';

/** Fence tags and the checker they go to; `null` marks tags that are not code (nothing to check). */
const LANGUAGE_OF_TAG: Record<string, Language | null> = {
  ts: 'typescript', typescript: 'typescript', js: 'javascript', javascript: 'javascript',
  python: 'python', py: 'python', csharp: 'csharp', cs: 'csharp', rust: 'rust', rs: 'rust',
  sh: null, bash: null, shell: null, console: null, text: null, json: null, yaml: null, toml: null, xml: null,
};

type Marker =
  | { kind: 'check' }
  | { kind: 'fragment' }
  | { kind: 'skip'; reason: string }
  | { kind: 'expect-error'; codes: string[] };

interface Block {
  /** Repository-relative markdown path. */
  file: string;
  /** 1-based line of the opening fence; code line n is markdown line `fence + n`. */
  fence: number;
  tag: string;
  language: Language | null;
  code: string;
  marker: Marker;
  /** `file:line` of the fence, for messages. */
  where: string;
  /** A file-name-safe id, e.g. `anti_patterns_l36`. */
  id: string;
}

interface Diagnostic {
  /** Markdown line the checker pointed at. */
  line: number;
  /** Checker's code: TS2322, reportReturnType, CS0103, E0308. */
  code: string;
  message: string;
}

const MARKER = /^<!--\s*example:\s*(skip|fragment|expect-error)\b\s*(.*?)\s*-->$/;

/** Parses the marker comment on the line before a fence; a malformed marker is a test-setup error. */
function parseMarker(previousLine: string | undefined, where: string): Marker {
  const line = previousLine?.trim() ?? '';
  if (!line.startsWith('<!-- example')) return { kind: 'check' };
  const m = MARKER.exec(line);
  if (!m) throw new Error(`${where}: malformed marker ${JSON.stringify(line)}; use "skip REASON", "fragment" or "expect-error CODE ..."`);
  const rest = m[2] ?? '';
  if (m[1] === 'fragment') {
    if (rest !== '') throw new Error(`${where}: "example: fragment" takes no argument`);
    return { kind: 'fragment' };
  }
  if (m[1] === 'skip') {
    if (rest === '') throw new Error(`${where}: "example: skip" needs a reason`);
    return { kind: 'skip', reason: rest };
  }
  const codes = rest.split(/[\s,]+/).filter(Boolean);
  if (codes.length === 0) throw new Error(`${where}: "example: expect-error" needs at least one code`);
  return { kind: 'expect-error', codes };
}

function markdownFiles(): string[] {
  const refs = readdirSync(path.join(ROOT, SKILL_DIR, 'references'))
    .filter((f) => f.endsWith('.md'))
    .sort()
    .map((f) => `${SKILL_DIR}/references/${f}`);
  return [`${SKILL_DIR}/SKILL.md`, ...refs];
}

/** Every fenced block of the skill, in file order. */
function extractBlocks(): Block[] {
  const blocks: Block[] = [];
  for (const file of markdownFiles()) {
    const text = readFileSync(path.join(ROOT, file), 'utf8');
    const lines = text.split('\n');
    for (const m of text.matchAll(/^```([\w#+-]*)\n([\s\S]*?)^```$/gm)) {
      const fence = text.slice(0, m.index).split('\n').length;
      const tag = m[1] ?? '';
      const where = `${file}:${fence}`;
      const stem = path.basename(file, '.md').toLowerCase().replace(/[^a-z0-9]+/g, '_');
      blocks.push({
        file, fence, tag, where,
        language: tag in LANGUAGE_OF_TAG ? (LANGUAGE_OF_TAG[tag] ?? null) : null,
        code: m[2] ?? '',
        marker: parseMarker(lines[fence - 2], where),
        id: `${stem}_l${fence}`,
      });
    }
  }
  return blocks;
}

const blocks = extractBlocks();
const codeBlocks = (language: Language): Block[] => blocks.filter((b) => b.language === language);
const checked = (language: Language): Block[] => codeBlocks(language).filter((b) => b.marker.kind !== 'skip');

/** The verdict on one block: no diagnostics, or exactly the expected codes (each reported at least once). */
function expectVerdict(block: Block, diagnostics: Diagnostic[] | undefined): void {
  if (!diagnostics) throw new Error(`${block.where}: the checker returned no result for this block (a bug in this test)`);
  const found = diagnostics;
  const shown = found.map((d) => `${block.file}:${d.line}: ${d.code} ${d.message}`);
  if (block.marker.kind === 'expect-error') {
    expect([...new Set(found.map((d) => d.code))].sort(), `${block.where} expects ${block.marker.codes.join(', ')}; got:\n${shown.join('\n')}`)
      .toEqual([...block.marker.codes].sort());
  } else {
    expect(shown, `${block.where} must type-check`).toEqual([]);
  }
}

/** Tallies printed once per language, so the run shows what "verified" covered. */
function report(language: Language, status: string): void {
  const all = codeBlocks(language);
  const skipped = all.filter((b) => b.marker.kind === 'skip');
  const count = (kind: Marker['kind']) => all.filter((b) => b.marker.kind === kind).length;
  const lines = [
    `skill examples, ${language}: ${all.length - skipped.length} checked (${count('fragment')} as fragments, ` +
      `${count('expect-error')} with expected errors), ${skipped.length} skipped${status}`,
  ];
  for (const b of skipped) lines.push(`  skipped ${b.where}: ${b.marker.kind === 'skip' ? b.marker.reason : ''}`);
  console.log(lines.join('\n'));
}

/** A file handed to a checker: `offset` lines of wrapper come before the block's first line. */
interface Source { id: string; text: string; offset: number }

/** Markdown line of a checker's 1-based line in a generated file. */
const lineOf = (block: Block, fileLine: number, offset: number): number => block.fence + fileLine - offset;

/** What goes around a block's code; a standalone block gets nothing. */
interface Wrapper { before: string; after: string; transform: (code: string) => string }

const NO_WRAPPER: Wrapper = { before: '', after: '', transform: (code) => code };

/**
 * The wrapper of a fragment: an async function, so `await` and `return` are legal and its names are local. C#
 * also gets the usings a reader's file would have; its `#line` directives go between `before` and the code.
 */
function fragmentWrapper(language: Language): Wrapper {
  switch (language) {
    case 'typescript':
    case 'javascript':
      return { before: 'export async function example() {\n', after: '}\n', transform: (code) => code };
    case 'python':
      return {
        before: 'async def example() -> None:\n',
        after: '',
        transform: (code) => code.split('\n').map((l) => (l === '' ? l : `    ${l}`)).join('\n'),
      };
    case 'rust':
      return { before: 'pub async fn example() {\n', after: '}\n', transform: (code) => code };
    case 'csharp':
      return {
        before: `${CS_FRAGMENT_USINGS}\npublic static class Fragment\n{\n    public static async Task RunAsync()\n    {\n`,
        after: '\n    }\n}\n',
        transform: (code) => code,
      };
  }
}

const wrapperOf = (language: Language, fragment: boolean): Wrapper => (fragment ? fragmentWrapper(language) : NO_WRAPPER);

function wrapped(id: string, language: Language, code: string, fragment: boolean): Source {
  const w = wrapperOf(language, fragment);
  return { id, text: `${w.before}${w.transform(code)}${w.after}`, offset: w.before.split('\n').length - 1 };
}

/** The checker input for a TypeScript, Python or Rust block. */
function sourceOf(block: Block): Source {
  if (block.language === null) throw new Error(`${block.where} is not code`);
  return wrapped(block.id, block.language, block.code, block.marker.kind === 'fragment');
}

/**
 * Fixtures that prove each checker is live: `canary` must fail with one known code, `fragment` is valid only once
 * wrapped (top-level await or return) and must pass. They run in the same checker call as the blocks.
 */
const FIXTURES: Record<'typescript' | 'python' | 'csharp' | 'rust', { canary: string; fragment: string }> = {
  typescript: {
    canary: 'export async function canary(): Promise<number> {\n  return "not a number";\n}\n',
    fragment: 'const n: number = await Promise.resolve(1);\nif (n > 0) return;\n',
  },
  python: {
    canary: 'async def canary() -> int:\n    return "not a number"\n',
    fragment: 'import asyncio\nawait asyncio.sleep(0)\n',
  },
  csharp: {
    canary: 'public static class Canary\n{\n    public static int Value() => "not a number";\n}\n',
    fragment: 'await Task.Delay(1);\n',
  },
  rust: {
    canary: 'pub fn canary() -> u32 {\n    "not a number"\n}\n',
    fragment: 'let n: u64 = 1;\ntokio::task::yield_now().await;\nassert_eq!(n, 1);\n',
  },
};

/** The canary and the wrapped fragment fixture of TypeScript, Python or Rust, as checker inputs. */
function fixtureSources(language: 'typescript' | 'python' | 'rust'): Source[] {
  return [
    { id: 'canary', text: FIXTURES[language].canary, offset: 0 },
    wrapped('fragment_fixture', language, FIXTURES[language].fragment, true),
  ];
}

const CS_FRAGMENT_USINGS = [
  'using System;', 'using System.Collections.Generic;', 'using System.Linq;', 'using System.Threading;', 'using System.Threading.Tasks;',
].join('\n');

describe('skill code blocks: inventory', () => {
  it('finds code blocks in every language the skill covers', () => {
    for (const language of ['typescript', 'python', 'csharp', 'rust'] as const) {
      expect(codeBlocks(language).length, language).toBeGreaterThan(3);
    }
  });

  it('every fence tag is a known language or a known non-code tag', () => {
    expect(blocks.filter((b) => !(b.tag in LANGUAGE_OF_TAG)).map((b) => `${b.where} "${b.tag}"`)).toEqual([]);
  });

  it('markers sit only on code blocks, and skips stay rare', () => {
    expect(blocks.filter((b) => b.language === null && b.marker.kind !== 'check').map((b) => b.where)).toEqual([]);
    const code = blocks.filter((b) => b.language !== null);
    expect(code.filter((b) => b.marker.kind === 'skip').length).toBeLessThanOrEqual(Math.ceil(code.length / 10));
  });

  it('parses markers, and rejects malformed ones', () => {
    expect(parseMarker('<!-- example: skip shell session, not code -->', 'x')).toEqual({ kind: 'skip', reason: 'shell session, not code' });
    expect(parseMarker('<!-- example: expect-error reportReturnType, E0308 -->', 'x')).toEqual({ kind: 'expect-error', codes: ['reportReturnType', 'E0308'] });
    expect(parseMarker('<!-- example: fragment -->', 'x')).toEqual({ kind: 'fragment' });
    expect(parseMarker('Some prose.', 'x')).toEqual({ kind: 'check' });
    expect(() => parseMarker('<!-- example: skip -->', 'x')).toThrow(/needs a reason/);
    expect(() => parseMarker('<!-- example: fragmnet -->', 'x')).toThrow(/malformed/);
  });
});

// --- TypeScript / JavaScript ------------------------------------------------------------------------------------

const TS_DIR = path.join(EXAMPLES_DIR, 'typescript');

/**
 * Type-checks each block as its own module (moduleDetection: force) in one Program. Files are virtual but live
 * under test/skill-examples/typescript/blocks, so `vitest`, `node:*` and `../src/retry.js` resolve from disk.
 */
function typeCheckTypeScript(sources: Array<Source & { js: boolean }>): Map<string, Diagnostic[]> {
  const project = new Project({
    skipAddingFilesFromTsConfig: true,
    compilerOptions: {
      target: ts.ScriptTarget.ES2022,
      lib: ['lib.es2022.d.ts'],
      types: ['node'],
      typeRoots: [path.join(ROOT, 'node_modules/@types')],
      module: ts.ModuleKind.NodeNext,
      moduleResolution: ts.ModuleResolutionKind.NodeNext,
      moduleDetection: ts.ModuleDetectionKind.Force,
      strict: true,
      noUncheckedIndexedAccess: true,
      allowJs: true,
      checkJs: true,
      noEmit: true,
      skipLibCheck: true,
    },
  });
  const byPath = new Map<string, string>();
  for (const s of sources) {
    const file = path.join(TS_DIR, 'blocks', `${s.id}.${s.js ? 'js' : 'ts'}`);
    project.createSourceFile(file, s.text, { overwrite: true });
    byPath.set(file, s.id);
  }
  const program = project.getProgram().compilerObject;
  const result = new Map<string, Diagnostic[]>();
  const global = program.getGlobalDiagnostics().map((d) => ts.flattenDiagnosticMessageText(d.messageText, '\n'));
  if (global.length > 0) throw new Error(`TypeScript configuration errors:\n${global.join('\n')}`);
  for (const [file, id] of byPath) {
    const sf = program.getSourceFile(file);
    if (!sf) throw new Error(`TypeScript program lost ${file}`);
    const diags = [...program.getSyntacticDiagnostics(sf), ...program.getSemanticDiagnostics(sf)];
    result.set(id, diags.map((d) => ({
      line: d.start === undefined ? 0 : sf.getLineAndCharacterOfPosition(d.start).line + 1,
      code: `TS${d.code}`,
      message: ts.flattenDiagnosticMessageText(d.messageText, ' '),
    })));
  }
  return result;
}

describe('skill code blocks: TypeScript and JavaScript (ts-morph, strict, ES2022 + @types/node)', () => {
  const tsBlocks = [...checked('typescript'), ...checked('javascript')];
  let results = new Map<string, Diagnostic[]>();

  beforeAll(() => {
    results = typeCheckTypeScript([
      ...tsBlocks.map((b) => ({ ...sourceOf(b), js: b.language === 'javascript' })),
      ...fixtureSources('typescript').map((f) => ({ ...f, js: false })),
    ]);
    report('typescript', '');
    if (codeBlocks('javascript').length > 0) report('javascript', '');
  });

  it('the checker reports a broken block (canary) and accepts a wrapped fragment', () => {
    expect(results.get('canary')?.map((d) => d.code)).toEqual(['TS2322']);
    expect(results.get('fragment_fixture')?.map((d) => `${d.code} ${d.message}`)).toEqual([]);
  });

  it('every placeholder module in test/skill-examples/typescript/src is imported by some block', () => {
    const modules = readdirSync(path.join(TS_DIR, 'src')).filter((f) => f.endsWith('.d.ts')).map((f) => f.slice(0, -'.d.ts'.length));
    expect(modules.length).toBeGreaterThan(0);
    expect(modules.filter((m) => !tsBlocks.some((b) => b.code.includes(`'../src/${m}.js'`)))).toEqual([]);
  });

  it.each(tsBlocks.map((b) => [b.where, b] as const))('%s', (_where, block) => {
    const { offset } = sourceOf(block);
    expectVerdict(block, results.get(block.id)?.map((d) => ({ ...d, line: lineOf(block, d.line, offset) })));
  });
});

// --- Python -----------------------------------------------------------------------------------------------------

const PY_STUBS = path.join(EXAMPLES_DIR, 'python/stubs');
/** Third-party imports the examples show on purpose; not installed here, so "could not be resolved" is expected. */
const PY_THIRD_PARTY = new Set(['pytest']);

interface PyrightDiagnostic {
  file: string;
  severity: 'error' | 'warning' | 'information';
  message: string;
  rule?: string;
  range: { start: { line: number } };
}

/** Runs pyright once over every block (one file each) plus the canary; returns errors by block id. */
function typeCheckPython(sources: Source[]): Map<string, Diagnostic[]> {
  const dir = mkdtempSync(path.join(tmpdir(), 'skill-examples-py-'));
  try {
    for (const s of sources) writeFileSync(path.join(dir, `${s.id}.py`), s.text);
    writeFileSync(path.join(dir, 'pyrightconfig.json'), JSON.stringify({
      include: ['.'],
      stubPath: PY_STUBS, // its __builtins__.pyi declares the placeholder names; app/ the module under test
      pythonVersion: '3.11',
      typeCheckingMode: 'standard',
    }, null, 2));
    const pyright = path.join(ROOT, 'node_modules/pyright/index.js');
    const r = spawnSync(process.execPath, [pyright, '--outputjson', '--pythonversion', '3.11', '-p', dir], {
      cwd: dir, encoding: 'utf8', maxBuffer: 64 * 1024 * 1024, timeout: 300_000,
    });
    let parsed: { generalDiagnostics: PyrightDiagnostic[] };
    try {
      parsed = JSON.parse(r.stdout) as { generalDiagnostics: PyrightDiagnostic[] };
    } catch {
      throw new Error(`pyright did not print JSON (exit ${r.status}): ${r.stderr}\n${r.stdout.slice(0, 2000)}`);
    }
    const result = new Map<string, Diagnostic[]>(sources.map((s) => [s.id, []]));
    for (const d of parsed.generalDiagnostics) {
      if (d.severity !== 'error') continue;
      const id = path.basename(d.file, '.py');
      const unresolved = /^Import "([\w.]+)" could not be resolved/.exec(d.message)?.[1];
      if (unresolved && PY_THIRD_PARTY.has(unresolved.split('.')[0] ?? '')) continue;
      const list = result.get(id);
      if (!list) throw new Error(`pyright reported on an unexpected file ${d.file}: ${d.message}`);
      list.push({ line: d.range.start.line + 1, code: d.rule ?? 'error', message: d.message });
    }
    return result;
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

describe('skill code blocks: Python (pyright, Python 3.11)', () => {
  const pyBlocks = checked('python');
  let results = new Map<string, Diagnostic[]>();

  beforeAll(() => {
    results = typeCheckPython([...pyBlocks.map(sourceOf), ...fixtureSources('python')]);
    report('python', '');
  });

  it('the checker reports a broken block (canary) and accepts a wrapped fragment', () => {
    expect(results.get('canary')?.map((d) => d.code)).toEqual(['reportReturnType']);
    expect(results.get('fragment_fixture')?.map((d) => `${d.code} ${d.message}`)).toEqual([]);
  });

  it('every placeholder declared in the stubs is used by some block', () => {
    const stub = readFileSync(path.join(PY_STUBS, '__builtins__.pyi'), 'utf8');
    const names = [...stub.matchAll(/^(?:async )?def (\w+)/gm)].map((m) => m[1] ?? '');
    expect(names.length).toBeGreaterThan(0);
    const unused = names.filter((n) => !pyBlocks.some((b) => new RegExp(`\\b${n}\\b`).test(b.code)));
    expect(unused).toEqual([]);
  });

  it.each(pyBlocks.map((b) => [b.where, b] as const))('%s', (_where, block) => {
    const { offset } = sourceOf(block);
    expectVerdict(block, results.get(block.id)?.map((d) => ({ ...d, line: lineOf(block, d.line, offset) })));
  });
});

// --- C# ---------------------------------------------------------------------------------------------------------

const dotnet = probeToolchain('dotnet');
const dotnetSkip = skipReason(dotnet, 'dotnet');
if (dotnetSkip) console.log(`skill examples, csharp: ${codeBlocks('csharp').length} blocks not checked (${dotnetSkip})`);
const CS_PROJECT = path.join(EXAMPLES_DIR, 'csharp/SkillExamples.csproj');
const DOTNET_ENV = { DOTNET_CLI_TELEMETRY_OPTOUT: '1', DOTNET_NOLOGO: '1' };

/**
 * One C# source: a file-scoped namespace per block (type names may repeat across blocks), a fragment's wrapper,
 * and `#line` right before the code so that errors name the markdown file and line. Without `at`, errors name the
 * generated file (the fixtures).
 */
function csharpSource(namespace: string, code: string, fragment: boolean, at?: { mdFile: string; firstLine: number }): string {
  const w = wrapperOf('csharp', fragment);
  const start = at ? `#line ${at.firstLine} "${at.mdFile}"\n` : '';
  const end = at && fragment ? '#line default\n' : '';
  return `namespace SkillExamples.${namespace};\n${w.before}${start}${w.transform(code)}${end}${w.after}`;
}

/**
 * Builds the C# project once over every block: the project file is copied into a temp dir next to the generated
 * sources (so bin/ and obj/ never land in the tree, and parallel runs do not share them). Errors come back by
 * markdown file and line.
 */
function buildCSharp(sources: Array<{ id: string; text: string }>): { errors: Array<Diagnostic & { file: string }>; log: string } {
  const dir = mkdtempSync(path.join(tmpdir(), 'skill-examples-cs-'));
  try {
    copyFileSync(CS_PROJECT, path.join(dir, path.basename(CS_PROJECT)));
    for (const s of sources) writeFileSync(path.join(dir, `${s.id}.cs`), s.text);
    // No build servers: nothing may outlive the test (MSBuild nodes, the VBCSCompiler server).
    const args = ['build', dir, '-nologo', '-tl:off', '-clp:NoSummary', '-nodeReuse:false', '-p:UseSharedCompilation=false'];
    const r = spawnSync('dotnet', args, {
      encoding: 'utf8', maxBuffer: 64 * 1024 * 1024, timeout: 600_000, env: { ...process.env, ...DOTNET_ENV },
    });
    const log = `${r.stdout}${r.stderr}`;
    const errors = new Map<string, Diagnostic & { file: string }>();
    for (const m of log.matchAll(/^\s*(.+?)\((\d+),\d+\): error (\w+): (.*?)(?: \[[^\]]*\])?$/gm)) {
      const e = { file: m[1] ?? '', line: Number(m[2]), code: m[3] ?? '', message: m[4] ?? '' };
      errors.set(`${e.file}:${e.line}:${e.code}:${e.message}`, e);
    }
    return { errors: [...errors.values()], log };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

describe.skipIf(dotnetSkip !== undefined)('skill code blocks: C# (dotnet build, net8.0, C# 12, nullable)', () => {
  const csBlocks = checked('csharp');
  let errors: Array<Diagnostic & { file: string }> = [];
  let log = '';

  beforeAll(() => {
    ({ errors, log } = buildCSharp([
      ...csBlocks.map((b) => ({
        id: b.id,
        text: csharpSource(pascal(b.id), b.code, b.marker.kind === 'fragment', { mdFile: path.join(ROOT, b.file), firstLine: b.fence + 1 }),
      })),
      { id: 'canary', text: csharpSource('Canary', FIXTURES.csharp.canary, false) },
      { id: 'fragment_fixture', text: csharpSource('FragmentFixture', FIXTURES.csharp.fragment, true) },
    ]));
    report('csharp', ` (${dotnet.version})`);
  });

  it('the build reports the canary error, accepts a wrapped fragment, and reports nothing outside the blocks', () => {
    const isCanary = (e: { file: string }) => path.basename(e.file) === 'canary.cs';
    const isFixture = (e: { file: string }) => isCanary(e) || path.basename(e.file) === 'fragment_fixture.cs';
    expect(errors.filter(isCanary).map((e) => e.code), log.slice(-4000)).toEqual(['CS0029']);
    expect(errors.filter((e) => isFixture(e) && !isCanary(e)).map((e) => `${e.code} ${e.message}`)).toEqual([]);
    const inBlocks = (e: { file: string; line: number }) => csBlocks.some((b) =>
      path.join(ROOT, b.file) === e.file && e.line > b.fence && e.line <= b.fence + b.code.split('\n').length);
    expect(errors.filter((e) => !isFixture(e) && !inBlocks(e)).map((e) => `${e.file}(${e.line}): ${e.code} ${e.message}`)).toEqual([]);
  });

  it.each(csBlocks.map((b) => [b.where, b] as const))('%s', (_where, block) => {
    const last = block.fence + block.code.split('\n').length;
    const mine = errors.filter((e) => e.file === path.join(ROOT, block.file) && e.line > block.fence && e.line <= last);
    expectVerdict(block, mine);
  });
});

/** `anti_patterns_l109` -> `AntiPatternsL109`: a namespace segment per block. */
function pascal(id: string): string {
  return id.split('_').map((p) => p.charAt(0).toUpperCase() + p.slice(1)).join('');
}

// --- Rust -------------------------------------------------------------------------------------------------------

const RS_PROJECT = path.join(EXAMPLES_DIR, 'rust');
/** Kept between runs: tokio and futures are checked once, later runs only re-check the blocks. */
const RS_TARGET = path.join(RS_PROJECT, 'target');

const cargo = probeToolchain('cargo');
const cargoSkip = skipReason(cargo, 'cargo') ?? skipReason(probeDebianCrates(), 'Debian crate sources (librust-tokio-dev, librust-futures-dev)');
if (cargoSkip) console.log(`skill examples, rust: ${codeBlocks('rust').length} blocks not checked (${cargoSkip})`);

interface CargoMessage {
  reason: string;
  message?: { level: string; code?: { code: string } | null; message: string; spans: Array<{ file_name: string; line_start: number; is_primary: boolean }> };
}

/**
 * Copies the cargo project (Cargo.toml, .cargo/config.toml) into a temp dir, writes generated/{lib.rs, <id>.rs}
 * there, and runs `cargo check --tests` once with the target dir in the tree. Returns errors by module id.
 */
function checkRust(sources: Source[]): { byId: Map<string, Diagnostic[]>; unmapped: string[]; log: string } {
  const dir = mkdtempSync(path.join(tmpdir(), 'skill-examples-rs-'));
  try {
    return checkRustIn(dir, sources);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

function checkRustIn(dir: string, sources: Source[]): { byId: Map<string, Diagnostic[]>; unmapped: string[]; log: string } {
  mkdirSync(path.join(dir, '.cargo'));
  mkdirSync(path.join(dir, 'generated'));
  copyFileSync(path.join(RS_PROJECT, 'Cargo.toml'), path.join(dir, 'Cargo.toml'));
  copyFileSync(path.join(RS_PROJECT, '.cargo/config.toml'), path.join(dir, '.cargo/config.toml'));
  const lib = ['// Generated by test/skill-examples.test.ts: one module per Rust block of the skill.'];
  for (const s of sources) {
    writeFileSync(path.join(dir, 'generated', `${s.id}.rs`), s.text);
    lib.push(`pub mod ${s.id};`);
  }
  writeFileSync(path.join(dir, 'generated/lib.rs'), `${lib.join('\n')}\n`);
  const r = spawnSync('cargo', ['check', '--offline', '--tests', '--message-format=json'], {
    cwd: dir, encoding: 'utf8', maxBuffer: 64 * 1024 * 1024, timeout: 600_000,
    env: { ...process.env, CARGO_TARGET_DIR: RS_TARGET },
  });
  const byId = new Map<string, Diagnostic[]>(sources.map((s) => [s.id, []]));
  const unmapped: string[] = [];
  for (const line of r.stdout.split('\n')) {
    if (!line.startsWith('{')) continue;
    const msg = JSON.parse(line) as CargoMessage;
    if (msg.reason !== 'compiler-message' || msg.message?.level !== 'error') continue;
    if (msg.message.spans.length === 0 && /^aborting due to/.test(msg.message.message)) continue; // the summary line
    const span = msg.message.spans.find((s) => s.is_primary) ?? msg.message.spans[0];
    const id = span ? path.basename(span.file_name, '.rs') : undefined;
    const list = id === undefined ? undefined : byId.get(id);
    const diagnostic = { line: span?.line_start ?? 0, code: msg.message.code?.code ?? 'error', message: msg.message.message };
    if (list) list.push(diagnostic);
    else unmapped.push(`${span?.file_name ?? '?'}:${diagnostic.line}: ${diagnostic.code} ${diagnostic.message}`);
  }
  return { byId, unmapped, log: r.stderr };
}

describe.skipIf(cargoSkip !== undefined)('skill code blocks: Rust (cargo check --tests, tokio 1.24, futures 0.3.21)', () => {
  const rsBlocks = checked('rust');
  let byId = new Map<string, Diagnostic[]>();
  let unmapped: string[] = [];
  let log = '';

  beforeAll(() => {
    ({ byId, unmapped, log } = checkRust([...rsBlocks.map(sourceOf), ...fixtureSources('rust')]));
    report('rust', ` (${cargo.version})`);
  });

  it('the check reports the canary error, accepts a wrapped fragment, and reports nothing outside the blocks', () => {
    expect(byId.get('canary')?.map((d) => d.code), log.slice(-4000)).toEqual(['E0308']);
    expect(byId.get('fragment_fixture')?.map((d) => `${d.code} ${d.message}`)).toEqual([]);
    expect(unmapped).toEqual([]);
  });

  it.each(rsBlocks.map((b) => [b.where, b] as const))('%s', (_where, block) => {
    const { offset } = sourceOf(block);
    expectVerdict(block, byId.get(block.id)?.map((d) => ({ ...d, line: lineOf(block, d.line, offset) })));
  });
});
