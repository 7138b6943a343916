import { open, unlink } from 'node:fs/promises';
import { setTimeout as sleep } from 'node:timers/promises';

/** Waits until it can create the lock file exclusively. */
export function acquireLock(path: string, timeoutMs: number): Promise<() => Promise<void>> {
  return new Promise(async (resolve, reject) => { // expect: async-promise-executor
    const deadline = Date.now() + timeoutMs;
    while (Date.now() < deadline) {
      try {
        const handle = await open(path, 'wx');
        await handle.close();
        resolve(() => unlink(path));
        return;
      } catch (err) {
        if ((err as NodeJS.ErrnoException).code !== 'EEXIST') {
          reject(err);
          return;
        }
        await sleep(100);
      }
    }
    reject(new Error(`could not lock ${path} within ${timeoutMs} ms`));
  });
}
