import { spawn, spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Language, Parser } from 'web-tree-sitter';
import {
  expectOnePerPatternId,
  HEADER_KEYS,
  listTemplateFiles,
  PATTERN_IDS,
  readTemplate,
  REQUIRED_HEADER_KEYS,
} from '../helpers/template-files.js';
import { probeToolchain, skipReason, underCI } from '../helpers/toolchain.js';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const TEMPLATE_DIR = 'templates/python';
/** The build-time script is plain .mjs (no declarations): imported by URL, with the shapes its JSDoc gives. */
const SCRIPT_URL = pathToFileURL(path.join(ROOT, 'scripts/templates/python.mjs')).href;
interface PythonScript {
  verifyAll(rootDir: string, options?: { python?: string }): Promise<VerificationRecord[]>;
  onlySlowCallbackWarnings(stderr: string): boolean;
  libraryPackages(text: string): Array<{ name: string; version: string; module: string }>;
  interpreterWith(
    packages: Array<{ name: string; version: string; module: string }>,
    interpreters: string[],
  ): Promise<{ interpreter?: string; toolchain: string; why: string }>;
  DEBIAN_PYTHON: string;
}
const loadScript = async (): Promise<PythonScript> => (await import(SCRIPT_URL)) as PythonScript;

const KNOWN_KEYS = new Set(HEADER_KEYS);

interface Header {
  /** Single-valued keys; `fallback` is collected in `fallbacks`. */
  fields: Map<string, string>;
  fallbacks: string[];
  /** Problems found while parsing: duplicate or unknown keys, malformed lines. */
  problems: string[];
}

/** Parses the `# @pattern` ... `# @end` block at the top of a file (format: templates/README.md). */
function parseHeader(text: string): Header | undefined {
  const lines = text.split('\n');
  if (lines[0]?.trim() !== '# @pattern') return undefined;
  const header: Header = { fields: new Map(), fallbacks: [], problems: [] };
  for (const line of lines.slice(1)) {
    if (line.trim() === '# @end') return header;
    const match = /^# ([a-z-]+):(.*)$/.exec(line);
    if (!match) {
      header.problems.push(`malformed header line: ${JSON.stringify(line)}`);
      continue;
    }
    const key = match[1] ?? '';
    const value = (match[2] ?? '').trim();
    if (!KNOWN_KEYS.has(key)) header.problems.push(`unknown key "${key}"`);
    else if (key === 'fallback') header.fallbacks.push(value);
    else if (key === 'unmet') continue; // repeatable; src/templates/header.ts parses it and the contract tests check it
    else if (header.fields.has(key)) header.problems.push(`duplicate key "${key}"`);
    else header.fields.set(key, value);
  }
  return undefined; // no @end line
}

/** Every .py under templates/python (legacy/ and library/ included): new files are picked up without edits here. */
const files = listTemplateFiles(TEMPLATE_DIR, '.py', { recursive: true });
const mainFiles = files.filter((f) => path.posix.dirname(f) === TEMPLATE_DIR);
const legacyFiles = files.filter((f) => path.posix.dirname(f) === `${TEMPLATE_DIR}/legacy`);
const isLibrary = (file: string): boolean => path.posix.dirname(file) === `${TEMPLATE_DIR}/library`;

/**
 * For a library variant: the interpreter that imports its pinned packages, or undefined after saying what to
 * install (a failure under CI, where .ci/run installs them).
 */
async function libraryInterpreter(file: string): Promise<string | undefined> {
  // No python3 (or hidden, as in the Node-alone run): the python3 skip line below already names it; probing
  // /usr/bin/python3 by its absolute path would see past ASYNC_EXPERT_HIDE_TOOLCHAINS.
  if (!python.available) return undefined;
  const script = await loadScript();
  const found = await script.interpreterWith(script.libraryPackages(read(file)), ['python3', script.DEBIAN_PYTHON]);
  if (found.interpreter) return found.interpreter;
  if (underCI) throw new Error(`${file}: ${found.why}`);
  console.warn(`skipped ${file}: ${found.why}`);
  return undefined;
}
const read = readTemplate;
const python = probeToolchain('python3');
const skip = skipReason(python, 'python3');
const pythonMinimum = (header: Header): [number, number] | undefined => {
  const match = /(?:^|,)\s*python (\d+)\.(\d+)\s*(?:,|$)/.exec(header.fields.get('minimum') ?? '');
  return match ? [Number(match[1]), Number(match[2])] : undefined;
};

describe('python templates: headers', () => {
  it('has a template for each of the 14 pattern ids, and nothing else at the top level', () => {
    expectOnePerPatternId(mainFiles, '.py');
  });

  it('has legacy variants for timeout and structured-concurrency, and only for known ids', () => {
    const legacyIds = legacyFiles.map((f) => path.posix.basename(f, '.py'));
    expect(legacyIds).toEqual(expect.arrayContaining(['timeout', 'structured-concurrency']));
    for (const id of legacyIds) expect(PATTERN_IDS, `legacy/${id}.py`).toContain(id);
  });

  it.each(files)('%s has a complete header whose id is the file name', (file) => {
    const header = parseHeader(read(file));
    expect(header, 'header block from "# @pattern" (first line) to "# @end"').toBeDefined();
    if (!header) return;
    expect(header.problems).toEqual([]);
    for (const key of REQUIRED_HEADER_KEYS) expect(header.fields.has(key), `key "${key}"`).toBe(true);
    for (const key of ['id', 'title', 'summary', 'minimum', 'apis', 'pitfalls', 'tags']) {
      expect(header.fields.get(key), `value of "${key}"`).not.toBe('');
    }
    expect(header.fields.get('id')).toBe(path.posix.basename(file, '.py'));
    expect(pythonMinimum(header), 'minimum names a python version').toBeDefined();
    for (const fallback of header.fallbacks) expect(fallback).toMatch(/^python \d+\.\d+: \S/);
  });

  it.each(mainFiles)('%s gives a fallback when it needs Python 3.11 or newer', (file) => {
    const header = parseHeader(read(file));
    const minimum = header && pythonMinimum(header);
    expect(minimum).toBeDefined();
    if (!header || !minimum) return;
    const needsNew = minimum[0] > 3 || (minimum[0] === 3 && minimum[1] >= 11);
    if (needsNew) expect(header.fallbacks.length, 'fallback lines').toBeGreaterThan(0);
  });

  it.each(legacyFiles)('%s declares python 3.8', (file) => {
    const header = parseHeader(read(file));
    expect(header?.fields.get('minimum')).toBe('python 3.8');
  });

  it.each(files)('%s names each declared API in its code', (file) => {
    const text = read(file);
    const header = parseHeader(text);
    const body = text.slice(text.indexOf('# @end'));
    const apis = (header?.fields.get('apis') ?? '').split(',').map((a) => a.trim());
    const missing = apis.filter((api) => {
      const last = api.split('.').pop() ?? api;
      return !new RegExp(`\\b${last.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}\\b`).test(body);
    });
    expect(missing).toEqual([]);
  });

  // The grammar, not a text search: the templates mention get_event_loop() in comments to warn against it.
  let parser: Parser;
  beforeAll(async () => {
    await Parser.init();
    const grammar = await Language.load(path.join(ROOT, 'node_modules/tree-sitter-python/tree-sitter-python.wasm'));
    parser = new Parser();
    parser.setLanguage(grammar);
  });
  afterAll(() => parser.delete());

  it.each(files)('%s parses cleanly and never calls get_event_loop()', (file) => {
    const tree = parser.parse(read(file));
    expect(tree).not.toBeNull();
    if (!tree) return;
    try {
      expect(tree.rootNode.hasError, 'syntax errors').toBe(false);
      const called = tree.rootNode.descendantsOfType('call').map((call) => {
        const callee = call.childForFieldName('function');
        return callee?.type === 'attribute' ? callee.childForFieldName('attribute')?.text : callee?.text;
      });
      expect(called.length).toBeGreaterThan(0);
      expect(called).not.toContain('get_event_loop');
    } finally {
      tree.delete();
    }
  });

  it.each(files)('%s ends with an asyncio.run self-check', (file) => {
    const text = read(file);
    expect(text).toMatch(/\nif __name__ == "__main__":\n {4}(?:sys\.exit\()?asyncio\.run\(_self_check\(\)\)\)?\n$/);
  });
});

interface PyrightDiagnostic {
  file: string;
  severity: string;
  message: string;
  rule?: string;
  range: { start: { line: number } };
}

/** Runs the bundled pyright (a devDependency: no Python needed) on some files and returns its JSON report. */
function runPyright(configPath: string, pythonVersion: string, targets: string[]): Promise<PyrightDiagnostic[]> {
  const cli = path.join(ROOT, 'node_modules/pyright/index.js');
  const args = [cli, '-p', configPath, '--pythonversion', pythonVersion, '--outputjson', ...targets];
  return new Promise((resolve, reject) => {
    let stdout = '';
    const child = spawn(process.execPath, args, { cwd: ROOT, stdio: ['ignore', 'pipe', 'inherit'] });
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString('utf8')));
    child.on('error', reject);
    child.on('close', () => {
      // Exit code 1 only means "errors found"; the JSON says which.
      try {
        resolve((JSON.parse(stdout) as { generalDiagnostics: PyrightDiagnostic[] }).generalDiagnostics);
      } catch {
        reject(new Error(`pyright printed no JSON report: ${stdout.slice(0, 500)}`));
      }
    });
  });
}

// Strict mode, so every parameter and return has a type; at the declared minimum, so an API newer than the
// header claims (asyncio.timeout on 3.10, say) is an error. Runtime argument checks are deliberate, hence the
// two rules that call them unnecessary are off.
describe('python templates: pyright strict at the declared minimum Python', () => {
  const diagnostics = new Map<string, string[]>();
  let configDir = '';

  beforeAll(async () => {
    configDir = mkdtempSync(path.join(tmpdir(), 'py-pyright-'));
    const configPath = path.join(configDir, 'pyrightconfig.json');
    writeFileSync(
      configPath,
      JSON.stringify({
        typeCheckingMode: 'strict',
        reportUnnecessaryIsInstance: false,
        reportUnnecessaryComparison: false,
        // Library variants import packages Debian installs for its own interpreter (python3-tenacity).
        extraPaths: ['/usr/lib/python3/dist-packages'],
      }),
    );
    const byVersion = new Map<string, string[]>();
    for (const file of files) {
      const header = parseHeader(read(file));
      const minimum = header && pythonMinimum(header);
      if (!minimum) continue; // the header tests report it
      const version = minimum.join('.');
      byVersion.set(version, [...(byVersion.get(version) ?? []), file]);
    }
    // One pyright run per version, one after the other: each run loads the stubs once.
    for (const [version, group] of byVersion) {
      for (const file of group) diagnostics.set(file, []);
      for (const d of await runPyright(configPath, version, group)) {
        const file = path.relative(ROOT, d.file).split(path.sep).join('/');
        const line = `${d.range.start.line + 1}: ${d.message}${d.rule ? ` (${d.rule})` : ''}`;
        diagnostics.set(file, [...(diagnostics.get(file) ?? []), line]);
      }
    }
  });
  afterAll(() => {
    if (configDir) rmSync(configDir, { recursive: true, force: true });
  });

  it.for(files)('%s has no pyright diagnostics', async (file, ctx) => {
    if (isLibrary(file) && (await libraryInterpreter(file)) === undefined) return ctx.skip();
    expect(diagnostics.get(file), 'file was checked').toBeDefined();
    expect(diagnostics.get(file)).toEqual([]);
  });
});


describe.skipIf(skip !== undefined)('python templates: executed under python3 -X dev -W error', () => {
  const run = (file: string, interpreter = 'python3') =>
    spawnSync(interpreter, ['-X', 'dev', '-W', 'error', file], {
      cwd: ROOT,
      encoding: 'utf8',
      timeout: 60_000,
      env: { ...process.env, PYTHONDONTWRITEBYTECODE: '1' },
    });

  it.for(files)('%s exits 0 with nothing on stderr', async (file, ctx) => {
    const interpreter = isLibrary(file) ? await libraryInterpreter(file) : 'python3';
    if (interpreter === undefined) return ctx.skip();
    let result = run(file, interpreter);
    // A loaded machine can pause the process past asyncio's 0.1 s slow-callback threshold; a real blocking call
    // trips it on every run, so reruns separate the two (scripts/templates/python.mjs reruns once; a test shares the
    // machine with other suites, so it allows two).
    const { onlySlowCallbackWarnings } = await loadScript();
    for (let rerun = 0; rerun < 2 && result.status === 0 && onlySlowCallbackWarnings(result.stderr); rerun++) result = run(file, interpreter);
    expect(result.error).toBeUndefined();
    // stderr first: on failure it holds the traceback, which says more than the exit code.
    expect(result.stderr).toBe('');
    expect(result.status).toBe(0);
  });
});

interface VerificationRecord {
  file: string;
  id: string;
  status: 'executed' | 'failed' | 'unverified';
  toolchain: string;
  how: string;
  output: string;
  sha256: string;
}

describe.skipIf(skip !== undefined)('scripts/templates/python.mjs verifyAll', () => {
  let scratch = '';
  const header = (id: string): string =>
    ['# @pattern', `# id: ${id}`, '# title: t', '# @end', 'import asyncio', ''].join('\n');

  beforeAll(() => {
    scratch = mkdtempSync(path.join(tmpdir(), 'py-verify-'));
    mkdirSync(path.join(scratch, TEMPLATE_DIR, 'legacy'), { recursive: true });
    writeFileSync(
      path.join(scratch, TEMPLATE_DIR, 'good.py'),
      `${header('good')}async def main() -> None:\n    await asyncio.sleep(0)\n\nasyncio.run(main())\n`,
    );
    writeFileSync(
      path.join(scratch, TEMPLATE_DIR, 'legacy/failing.py'),
      `${header('failing')}raise SystemExit(3)\n`,
    );
    // Prints a slow-callback warning on its first run only, as a machine pause would: rerun, then executed.
    writeFileSync(
      path.join(scratch, TEMPLATE_DIR, 'stalls-once.py'),
      [
        header('stalls-once'),
        'import pathlib, sys',
        'marker = pathlib.Path(__file__).with_suffix(".ran")',
        'if not marker.exists():',
        '    marker.touch()',
        '    print("Executing <Task pending name=\'Task-1\'> took 0.150 seconds", file=sys.stderr)',
        '',
      ].join('\n'),
    );
    // Exit 0, but a coroutine is never awaited: -X dev -W error makes that a failure.
    writeFileSync(
      path.join(scratch, TEMPLATE_DIR, 'warns.py'),
      `${header('warns')}async def main() -> None:\n    pass\n\nmain()\n`,
    );
  });
  afterAll(() => {
    if (scratch) rmSync(scratch, { recursive: true, force: true });
  });

  it('reports executed, failed and stderr-only failures with relative paths and the toolchain', async () => {
    const records = await (await loadScript()).verifyAll(scratch);
    expect(records.map((r) => r.file)).toEqual([
      'templates/python/good.py',
      'templates/python/legacy/failing.py',
      'templates/python/stalls-once.py',
      'templates/python/warns.py',
    ]);
    const [good, failing, stalls, warns] = records as [
      VerificationRecord,
      VerificationRecord,
      VerificationRecord,
      VerificationRecord,
    ];
    expect(good).toMatchObject({
      id: 'good',
      status: 'executed',
      toolchain: python.version,
      how: 'python3 -X dev -W error templates/python/good.py exited 0',
    });
    expect(failing).toMatchObject({
      id: 'failing',
      status: 'failed',
      how: 'python3 -X dev -W error templates/python/legacy/failing.py exited 3',
    });
    expect(stalls).toMatchObject({
      id: 'stalls-once',
      status: 'executed',
      how: 'python3 -X dev -W error templates/python/stalls-once.py exited 0',
    });
    expect(stalls.output).toContain('ran again');
    expect(warns).toMatchObject({ id: 'warns', status: 'failed' });
    expect(warns.how).toContain('exited');
    expect(warns.output).toContain('never awaited');
    expect(good.sha256).toMatch(/^[0-9a-f]{64}$/);
  });

  it('tells asyncio slow-callback warnings apart from other stderr output', async () => {
    const { onlySlowCallbackWarnings } = await loadScript();
    const slow = "Executing <Task pending name='Task-1' coro=<main() running at x.py:3>> took 0.101 seconds\n";
    expect(onlySlowCallbackWarnings(slow)).toBe(true);
    expect(onlySlowCallbackWarnings(`${slow}Traceback (most recent call last):\n`)).toBe(false);
    expect(onlySlowCallbackWarnings("RuntimeWarning: coroutine 'main' was never awaited\n")).toBe(false);
    expect(onlySlowCallbackWarnings('')).toBe(false);
  });

  it('returns "unverified" for every file when the interpreter is missing', async () => {
    const records = await (await loadScript()).verifyAll(scratch, { python: 'python3-that-does-not-exist' });
    expect(records).toHaveLength(4);
    for (const record of records) {
      expect(record).toMatchObject({
        status: 'unverified',
        how: 'python3-that-does-not-exist not found',
        output: '',
      });
    }
  });
});
