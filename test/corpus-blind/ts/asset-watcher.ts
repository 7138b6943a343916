import { watch } from 'node:fs';
import { readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { transform } from 'esbuild';

const SRC = path.resolve('assets/js');
const OUT = path.resolve('public/js');

async function buildOne(file: string): Promise<void> {
  const source = await readFile(path.join(SRC, file), 'utf8');
  const result = await transform(source, { loader: 'ts', minify: true });
  await writeFile(path.join(OUT, file.replace(/\.ts$/, '.js')), result.code);
}

export async function buildAll(files: string[]): Promise<void> {
  for (const file of files) {
    await buildOne(file); // expect: await-in-loop
  }
}

export function watchAssets(): void {
  const watcher = watch(SRC, { recursive: true });
  watcher.on('change', async (_event, filename) => { // expect: misused-promise
    if (typeof filename !== 'string' || !filename.endsWith('.ts')) return;
    await buildOne(filename);
    console.log(`rebuilt ${filename}`);
  });
  watcher.on('error', (err) => console.error('watcher failed', err));
}
