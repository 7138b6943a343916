import { readdir, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';

async function makeThumbnail(data: Buffer): Promise<Buffer> {
  // Stand-in for an image library call.
  return data.subarray(0, Math.min(data.length, 1024));
}

export async function thumbnailDirectory(dir: string, outDir: string): Promise<void> {
  const names = (await readdir(dir)).filter((n) => n.endsWith('.jpg'));
  for (const name of names) {
    const data = await readFile(path.join(dir, name)); // expect: await-in-loop
    const thumb = await makeThumbnail(data);
    await writeFile(path.join(outDir, name), thumb);
  }
}

export async function sizes(files: string[]): Promise<Record<string, number>> {
  const out: Record<string, number> = {};
  for (let i = 0; i < files.length; i++) {
    const file = files[i]!;
    out[file] = (await readFile(file)).length; // expect: await-in-loop
  }
  return out;
}
