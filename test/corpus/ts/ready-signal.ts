import { ChildProcess } from 'node:child_process';

/** Resolves when the child prints READY on stdout. */
export function waitReady(child: ChildProcess, ms: number): Promise<void> {
  return new Promise(async (resolve, reject) => { // expect: async-promise-executor
    const timer = setTimeout(() => reject(new Error(`child not ready after ${ms} ms`)), ms);
    child.stdout?.setEncoding('utf8');
    for await (const chunk of child.stdout ?? []) {
      if (String(chunk).includes('READY')) {
        clearTimeout(timer);
        resolve();
        return;
      }
    }
    clearTimeout(timer);
    reject(new Error('child closed stdout before READY'));
  });
}

export function exitCode(child: ChildProcess): Promise<number> {
  // The arrow's implicit return of the emitter is discarded by the Promise: the same idiom as (r) => setTimeout(r, ms).
  return new Promise((resolve) => child.once('exit', (code) => resolve(code ?? -1)));
}
