/** Every exit status of the built bin, spawned as CI and Claude Code run it (never in process). */
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, realpathSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parse as parseYaml } from 'yaml';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const repo = join(import.meta.dirname, '../..');
const bin = join(repo, 'dist/cli.js');
let dir: string;

function run(args: string[], options: { input?: string; cwd?: string } = {}) {
  const r = spawnSync(process.execPath, [bin, ...args], { cwd: options.cwd ?? dir, input: options.input ?? '', encoding: 'utf8', timeout: 60_000 });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

beforeAll(() => {
  dir = realpathSync(mkdtempSync(join(tmpdir(), 'exit-codes-')));
  writeFileSync(join(dir, 'error.ts'), 'async function f(): Promise<void> {}\nexport function g() {\n  f();\n}\n');
  writeFileSync(join(dir, 'warn.js'), 'export async function f(url) {\n  return fetch(url);\n}\n');
  writeFileSync(join(dir, 'clean.js'), 'export async function f(url) {\n  return fetch(url, { signal: AbortSignal.timeout(1000) });\n}\n');
  writeFileSync(join(dir, 'notes.md'), '# not code\n');
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('review exit status (built bin)', () => {
  it('0 clean, 1 on error findings, 2 on an unknown option or a missing file', () => {
    expect(run(['review', 'clean.js']).code).toBe(0);
    expect(run(['review', 'error.ts']).code).toBe(1);
    const unknown = run(['review', '--nope', 'clean.js']);
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toContain('Unknown option "--nope"');
    expect(run(['review', 'missing.ts']).code).toBe(2);
  });

  it('--fail-on warning and --max-warnings N fail on warnings; bad values are usage errors', () => {
    expect(run(['review', 'warn.js']).code).toBe(0);
    expect(run(['review', '--fail-on', 'warning', 'warn.js']).code).toBe(1);
    expect(run(['review', '--max-warnings', '0', 'warn.js']).code).toBe(1);
    expect(run(['review', '--max-warnings', '1', 'warn.js']).code).toBe(0);
    expect(run(['review', '--fail-on', 'info', 'warn.js']).stderr).toContain('Allowed: error, warning');
    expect(run(['review', '--max-warnings', '-1', 'warn.js']).code).toBe(2);
  });

  it('SARIF output keeps the gate exit status and goes to stdout alone', () => {
    const r = run(['review', '--format', 'sarif', 'error.ts']);
    expect(r.code).toBe(1);
    expect((JSON.parse(r.stdout) as { version: string }).version).toBe('2.1.0');
  });

  it('review --changed: only changed lines, against HEAD or --base', () => {
    const g = join(dir, 'repo');
    mkdirSync(g);
    const git = (...args: string[]) => execFileSync('git', ['-c', 'user.email=t@example.com', '-c', 'user.name=t', ...args], { cwd: g });
    git('init', '-q');
    writeFileSync(join(g, 'a.ts'), 'async function f(): Promise<void> {}\nexport function g() {\n  f();\n}\n');
    git('add', '.');
    git('commit', '-qm', 'first');
    expect(run(['review', '--changed'], { cwd: g }).code).toBe(0); // the old floating promise is not a change
    writeFileSync(join(g, 'a.ts'), 'async function f(): Promise<void> {}\nexport function g() {\n  f();\n}\nexport function h() {\n  f();\n}\n');
    const r = run(['review', '--changed', '--format', 'json'], { cwd: g });
    expect(r.code).toBe(1);
    expect((JSON.parse(r.stdout) as { results: { findings: { line: number }[] }[] }).results[0]!.findings.map((f) => f.line)).toEqual([6]);
    git('commit', '-qam', 'second');
    expect(run(['review', '--changed'], { cwd: g }).code).toBe(0);
    expect(run(['review', '--changed', '--base', 'HEAD~1'], { cwd: g }).code).toBe(1);
    expect(run(['review', '--changed', '--base', 'nope'], { cwd: g }).code).toBe(2);
  });
});

describe('hook (Claude Code PostToolUse, built bin)', () => {
  const payload = (file: string) => JSON.stringify({ session_id: 's', hook_event_name: 'PostToolUse', tool_name: 'Write', tool_input: { file_path: file, content: '' }, cwd: dir });

  it('exit 2 with a short list on stderr for findings; 0 and silent when clean or not reviewable', () => {
    const bad = run(['hook'], { input: payload(join(dir, 'error.ts')) });
    expect(bad.code).toBe(2);
    expect(bad.stdout).toBe('');
    expect(bad.stderr).toMatch(/^async-expert-mcp found 1 async issue in error\.ts:\nerror\.ts:3:3 error \[floating-promise\]/);
    const warn = run(['hook'], { input: payload('warn.js') });
    expect(warn.code).toBe(2);
    for (const quiet of [payload(join(dir, 'clean.js')), payload(join(dir, 'notes.md')), payload(join(dir, 'gone.ts'))]) {
      const r = run(['hook'], { input: quiet });
      expect([r.code, r.stdout, r.stderr]).toEqual([0, '', '']);
    }
  });

  it('a broken payload is a non-blocking exit 1 with one line', () => {
    const r = run(['hook'], { input: '{not json' });
    expect(r.code).toBe(1);
    expect(r.stderr.trim().split('\n')).toHaveLength(1);
  });

  it('the pre-commit hook file parses and runs review --changed', () => {
    const hooks = parseYaml(readFileSync(join(repo, '.pre-commit-hooks.yaml'), 'utf8')) as Array<{ id: string; entry: string; language: string }>;
    expect(hooks).toHaveLength(1);
    expect(hooks[0]).toMatchObject({ id: 'async-expert-review', entry: 'async-expert-mcp review --changed', language: 'node' });
  });
});
