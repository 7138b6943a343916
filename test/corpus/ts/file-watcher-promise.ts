import { watch } from 'node:fs';
import { stat } from 'node:fs/promises';

/** Resolves once the file exists and is non-empty. */
export function waitForFile(path: string, timeoutMs: number): Promise<number> {
  return new Promise(async (resolve, reject) => { // expect: async-promise-executor
    const existing = await stat(path).catch((err: NodeJS.ErrnoException) => {
      if (err.code === 'ENOENT') return null;
      throw err;
    });
    if (existing && existing.size > 0) {
      resolve(existing.size);
      return;
    }
    const timer = setTimeout(() => {
      watcher.close();
      reject(new Error(`${path} did not appear within ${timeoutMs} ms`));
    }, timeoutMs);
    const watcher = watch(path, async () => { // expect: misused-promise
      const s = await stat(path);
      if (s.size > 0) {
        clearTimeout(timer);
        watcher.close();
        resolve(s.size);
      }
    });
  });
}
