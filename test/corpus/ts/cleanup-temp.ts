import { readdir, rm, stat } from 'node:fs/promises';
import path from 'node:path';

const MAX_AGE_MS = 24 * 60 * 60 * 1000;

export async function cleanupTemp(dir: string): Promise<number> {
  let removed = 0;
  const names = await readdir(dir);
  for (const name of names) {
    const full = path.join(dir, name);
    try {
      const s = await stat(full); // expect: await-in-loop
      if (Date.now() - s.mtimeMs > MAX_AGE_MS) {
        await rm(full, { recursive: true, force: true });
        removed++;
      }
    } catch (_) {} // expect: swallowed-error
  }
  return removed;
}
