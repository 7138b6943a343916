import { execFile, spawn } from 'node:child_process';
import { promisify } from 'node:util';

const execFileAsync = promisify(execFile);

export async function currentBranch(cwd: string): Promise<string> {
  const { stdout } = await execFileAsync('git', ['rev-parse', '--abbrev-ref', 'HEAD'], { cwd, timeout: 5_000 });
  return stdout.trim();
}

export async function changedFiles(cwd: string, base = 'origin/main'): Promise<string[]> {
  const { stdout } = await execFileAsync('git', ['diff', '--name-only', `${base}...HEAD`], {
    cwd,
    timeout: 10_000,
    maxBuffer: 10 * 1024 * 1024,
  });
  return stdout.split('\n').filter(Boolean);
}

export function runTests(cwd: string, files: string[]): Promise<number> {
  return new Promise((resolve, reject) => {
    const child = spawn('npx', ['vitest', 'run', ...files], {
      cwd,
      stdio: 'inherit',
      signal: AbortSignal.timeout(10 * 60_000),
    });
    child.once('error', reject);
    child.once('exit', (code) => resolve(code ?? 1));
  });
}

export async function testChanged(cwd: string): Promise<number> {
  const [branch, files] = await Promise.all([currentBranch(cwd), changedFiles(cwd)]);
  const tests = files.filter((f) => /\.test\.ts$/.test(f));
  console.log(`${branch}: ${tests.length} changed test files`);
  return tests.length === 0 ? 0 : runTests(cwd, tests);
}
