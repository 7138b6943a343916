import { readdir, readFile } from 'node:fs/promises';
import path from 'node:path';

async function putObject(key: string, body: Buffer): Promise<void> {
  const res = await fetch(`https://storage.example.com/bucket/${encodeURIComponent(key)}`, {
    method: 'PUT',
    body,
    signal: AbortSignal.timeout(30_000),
  });
  if (!res.ok) throw new Error(`PUT ${key} answered ${res.status}`);
}

export async function uploadDirectory(dir: string, prefix: string): Promise<number> {
  const entries = await readdir(dir, { recursive: true, withFileTypes: true });
  const files = entries.filter((e) => e.isFile());
  // expect-next-line: unbounded-concurrency
  await Promise.all(
    files.map(async (entry) => {
      const full = path.join(entry.parentPath, entry.name);
      const body = await readFile(full);
      await putObject(`${prefix}/${path.relative(dir, full)}`, body);
    }),
  );
  return files.length;
}
