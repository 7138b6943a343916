import { exec, execFile } from 'node:child_process';
import { promisify } from 'node:util';

const execFileAsync = promisify(execFile);

export function currentCommit(cwd: string): Promise<string> {
  return new Promise((resolve, reject) => {
    exec('git rev-parse HEAD', { cwd }, (err, stdout) => { // expect: missing-timeout
      if (err) reject(err);
      else resolve(stdout.trim());
    });
  });
}

export async function changedFiles(cwd: string, base: string): Promise<string[]> {
  const { stdout } = await execFileAsync('git', ['diff', '--name-only', `${base}...HEAD`], {
    cwd,
    timeout: 20_000,
    maxBuffer: 8 * 1024 * 1024,
  });
  return stdout.split('\n').filter(Boolean);
}
