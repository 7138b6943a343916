import fs from 'node:fs';
import { access, mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';

export async function saveUpload(dir: string, name: string, data: Buffer): Promise<string> {
  if (!(await fs.promises.exists(dir))) { // expect: hallucinated-api
    await mkdir(dir, { recursive: true });
  }
  const target = path.join(dir, name);
  await writeFile(target, data);
  return target;
}

export async function fileExists(p: string): Promise<boolean> {
  try {
    await access(p);
    return true;
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return false;
    throw err;
  }
}
