import { gzip, gzipSync } from 'node:zlib';
import { readFile, writeFile, unlink } from 'node:fs/promises';
import { promisify } from 'node:util';

const gzipAsync = promisify(gzip);

export async function rotate(logPath: string): Promise<string> {
  const data = await readFile(logPath);
  const compressed = gzipSync(data, { level: 9 }); // expect: blocking-call-in-async
  const target = `${logPath}.${Date.now()}.gz`;
  await writeFile(target, compressed);
  await unlink(logPath);
  return target;
}

export async function rotateFixed(logPath: string): Promise<string> {
  const data = await readFile(logPath);
  const compressed = await gzipAsync(data, { level: 9 });
  const target = `${logPath}.${Date.now()}.gz`;
  await writeFile(target, compressed);
  await unlink(logPath);
  return target;
}
