import { spawnSync } from 'node:child_process';
import { chmodSync, existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runReviewCli } from '../../src/review/cli.js';
import { globToRegExp } from '../../src/review/files.js';

const root = join(import.meta.dirname, '../..');

async function run(args: string[], cwd: string) {
  let stdout = '';
  let stderr = '';
  const code = await runReviewCli(args, { stdout: (s) => (stdout += s), stderr: (s) => (stderr += s), cwd });
  return { code, stdout, stderr };
}

let dir: string;

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'review-cli-'));
  // A project whose import only resolves through its tsconfig paths: type-aware rules need that context.
  mkdirSync(join(dir, 'app/src/lib'), { recursive: true });
  writeFileSync(join(dir, 'app/tsconfig.json'), JSON.stringify({
    compilerOptions: { target: 'ES2022', module: 'ESNext', moduleResolution: 'Bundler', strict: true, baseUrl: '.', paths: { '@lib/*': ['src/lib/*'] } },
  }));
  writeFileSync(join(dir, 'app/src/lib/store.ts'), 'export async function persist(key: string): Promise<void> {}\n');
  writeFileSync(join(dir, 'app/src/main.ts'), "import { persist } from '@lib/store';\nexport function save() {\n  persist('k');\n}\n");
  mkdirSync(join(dir, 'clean'));
  writeFileSync(join(dir, 'clean/ok.js'), 'export async function f(url) {\n  return fetch(url, { signal: AbortSignal.timeout(1000) });\n}\n');
  writeFileSync(join(dir, 'clean/warn.js'), 'export async function f(url) {\n  return fetch(url);\n}\n');
  mkdirSync(join(dir, 'py'));
  writeFileSync(join(dir, 'py/worker.py'), 'import asyncio\nimport time\n\n\nasync def tick() -> None:\n    time.sleep(1)\n    await asyncio.sleep(0)\n');
  writeFileSync(join(dir, 'py/empty.py'), '');
  mkdirSync(join(dir, 'clean/node_modules/dep'), { recursive: true });
  writeFileSync(join(dir, 'clean/node_modules/dep/index.js'), 'async function x() {}\nx();\n');
});

afterAll(() => {
  rmSync(dir, { recursive: true, force: true });
});

describe('async-expert-mcp review', () => {
  it('resolves imports through the nearest tsconfig.json and exits 1 on error findings', async () => {
    const r = await run(['app/src/main.ts', '--format', 'json'], dir);
    expect(r.code).toBe(1);
    const out = JSON.parse(r.stdout) as { results: { file: string; findings: { ruleId: string; line: number }[] }[]; summary: { files: number } };
    expect(out.results.map((x) => x.file)).toEqual(['app/src/main.ts']);
    expect(out.results[0]!.findings.map((f) => [f.ruleId, f.line])).toEqual([['floating-promise', 3]]);
    expect(out.summary.files).toBe(1);
  });

  it('walks directories, skips node_modules, exits 0 with only warnings and prints a text report', async () => {
    const r = await run(['clean'], dir);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('clean/warn.js\n');
    expect(r.stdout).toMatch(/2:10 +warning .*\[missing-timeout\]/);
    expect(r.stdout).not.toContain('node_modules');
    expect(r.stdout.trim().split('\n').at(-1)).toBe('1 finding (0 errors, 1 warning, 0 info) in 1 of 2 files.');
  });

  it('expands globs', async () => {
    const r = await run(['--format=json', '**/w*.js'], dir);
    const out = JSON.parse(r.stdout) as { results: { file: string }[] };
    expect(out.results.map((x) => x.file)).toEqual(['clean/warn.js']);
    expect(globToRegExp('src/**/*.{ts,js}').test('src/a/b/c.ts')).toBe(true);
    expect(globToRegExp('src/**/*.{ts,js}').test('src/c.js')).toBe(true);
    expect(globToRegExp('src/*.ts').test('src/a/c.ts')).toBe(false);
  });

  it('filters rules and checks the target', async () => {
    const r = await run(['clean', '--rules', 'floating-promise', '--format', 'json'], dir);
    expect(JSON.parse(r.stdout).summary.bySeverity).toEqual({ error: 0, warning: 0, info: 0 });
    const bad = await run(['clean', '--rules', 'nope'], dir);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain('Known: floating-promise');
    const badTarget = await run(['clean', '--target-node', 'latest'], dir);
    expect(badTarget.code).toBe(2);
  });

  it('reviews Python files through the same dispatch', async () => {
    const r = await run(['py', '--format', 'json'], dir);
    const out = JSON.parse(r.stdout) as { results: { file: string; findings: { ruleId: string; line: number; docsUri: string }[] }[] };
    expect(out.results.map((x) => x.file)).toEqual(['py/empty.py', 'py/worker.py']);
    const worker = out.results[1]!.findings;
    expect(worker.map((f) => [f.ruleId, f.line])).toContainEqual(['blocking-call-in-async', 6]);
    expect(worker[0]!.docsUri).toMatch(/rules\/python\//);
  });

  it('answers usage and I/O errors with exit 2', async () => {
    expect((await run([], dir)).code).toBe(2);
    expect((await run(['--format', 'xml', 'clean'], dir)).stderr).toContain('Allowed: text, json, sarif');
    expect((await run(['--bogus', 'clean'], dir)).code).toBe(2);
    const missing = await run(['no/such/file.ts'], dir);
    expect(missing.code).toBe(2);
    expect(missing.stderr).toContain('no such file');
    const help = await run(['--help'], dir);
    expect(help.code).toBe(0);
    expect(help.stdout).toContain('Usage: async-expert-mcp review');
  });
});

describe('SARIF output', () => {
  const multitool = join(root, 'node_modules/.bin/sarif-multitool');
  const binary = join(root, 'node_modules/@microsoft/sarif-multitool-linux/Sarif.Multitool');

  beforeAll(() => {
    // npm skipped the package's postinstall, which marks the Linux binary executable.
    if (existsSync(binary)) chmodSync(binary, 0o755);
  });

  const validate = (file: string): string => {
    const r = spawnSync(multitool, ['validate', file], { encoding: 'utf8', timeout: 120_000 });
    if (r.error) throw r.error;
    return `${r.stdout}${r.stderr}`;
  };

  it('is valid SARIF 2.1.0 according to the Microsoft SARIF Multitool', async () => {
    const r = await run(['--format', 'sarif', 'app', 'clean'], dir);
    expect(r.code).toBe(1);
    const log = JSON.parse(r.stdout);
    expect(log.version).toBe('2.1.0');
    const results = log.runs[0].results as { ruleId: string; level: string; locations: { physicalLocation: { artifactLocation: { uri: string }; region: { startLine: number } } }[] }[];
    expect(results.map((x) => [x.ruleId, x.level, x.locations[0]!.physicalLocation.artifactLocation.uri, x.locations[0]!.physicalLocation.region.startLine])).toEqual([
      ['floating-promise', 'error', 'app/src/main.ts', 3],
      ['missing-timeout', 'warning', 'clean/warn.js', 2],
    ]);
    for (const rule of log.runs[0].tool.driver.rules) expect(rule.helpUri).toMatch(/^skill:\/\/async-expert\/rules\/.+\.md$/);
    const file = join(dir, 'out.sarif');
    writeFileSync(file, r.stdout);
    const report = validate(file);
    expect(report).toContain('Analysis completed successfully');
    expect(report).not.toMatch(/: error [A-Z]+\d+:/);
  });

  it('the validator does reject a broken log (so the check above can fail)', () => {
    const file = join(dir, 'broken.sarif');
    const log = {
      $schema: 'https://json.schemastore.org/sarif-2.1.0.json',
      version: '2.1.0',
      runs: [{ tool: { driver: { name: 'x', version: '1' } }, results: [{ ruleId: 'a', message: { text: 'a' }, locations: [{ physicalLocation: { artifactLocation: { uri: 'a.ts' }, region: { startLine: 0 } } }] }] }],
    };
    writeFileSync(file, JSON.stringify(log));
    expect(validate(file)).toMatch(/: error [A-Z]+\d+:/);
  });
});
