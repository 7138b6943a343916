import { ChildProcess } from 'node:child_process';

export function waitForExit(child: ChildProcess): Promise<number> {
  return new Promise((resolve, reject) => {
    if (child.exitCode !== null) {
      return child.exitCode; // expect: promise-executor-return
    }
    child.once('exit', (code) => resolve(code ?? -1));
    child.once('error', reject);
  });
}

export function waitForExitFixed(child: ChildProcess): Promise<number> {
  return new Promise((resolve, reject) => {
    if (child.exitCode !== null) {
      resolve(child.exitCode);
      return;
    }
    child.once('exit', (code) => resolve(code ?? -1));
    child.once('error', reject);
  });
}
