import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import ts from 'typescript';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

/**
 * JavaScript is served by transpiling the TypeScript templates (target ES2022). This checks that the transpiled
 * modules load and work on the Node running the tests (20.x in CI), including the parts that depend on the
 * transpilation: the downlevelled `await using` and the inline worker thread.
 */
const root = fileURLToPath(new URL('../../../', import.meta.url));
const dir = `${root}templates/typescript/`;
const files = [
  ...readdirSync(dir).filter((name) => name.endsWith('.ts')),
  ...readdirSync(`${dir}legacy/`)
    .filter((name) => name.endsWith('.ts'))
    .map((name) => `legacy/${name}`),
];
let outDir = '';

beforeAll(async () => {
  outDir = await mkdtemp(join(tmpdir(), 'ts-templates-js-'));
  await mkdir(join(outDir, 'legacy'));
  for (const file of files) {
    const output = ts.transpileModule(readFileSync(dir + file, 'utf8'), {
      compilerOptions: { target: ts.ScriptTarget.ES2022, module: ts.ModuleKind.ESNext },
      fileName: file.replace(/^legacy\//, ''),
      reportDiagnostics: true,
    });
    expect(output.diagnostics ?? []).toEqual([]);
    await writeFile(join(outDir, file.replace(/\.ts$/, '.mjs')), output.outputText);
  }
});

afterAll(async () => {
  if (outDir) await rm(outDir, { recursive: true, force: true });
});

async function load(id: string): Promise<Record<string, unknown>> {
  return (await import(pathToFileURL(join(outDir, `${id}.mjs`)).href)) as Record<string, unknown>;
}

describe(`transpiled TypeScript templates on Node ${process.version}`, () => {
  it.each(files.map((f) => f.replace(/\.ts$/, '')))('%s loads and exports what the TypeScript module does', async (id) => {
    const js = await load(id);
    const tsModule = (await import(`${dir}${id}.ts`)) as Record<string, unknown>;
    expect(Object.keys(js).sort()).toEqual(Object.keys(tsModule).sort());
  });

  it.each(['resource-cleanup', 'legacy/resource-cleanup'])(
    '%s: the transpiled cleanup (downlevelled await using / try-finally) removes its directory',
    async (id) => {
      const { renderViaScratchFile } = (await load(id)) as {
        renderViaScratchFile: (render: (path: string) => Promise<void>) => Promise<string>;
      };
      let scratch = '';
      const text = await renderViaScratchFile(async (path) => {
        scratch = path;
        await writeFile(path, 'from js');
      });
      expect(text).toBe('from js');
      expect(existsSync(scratch)).toBe(false);
    },
  );

  it('offload-blocking: the inline worker runs off the main thread', async () => {
    const { countPrimesOffThread } = (await load('offload-blocking')) as {
      countPrimesOffThread: (limit: number) => Promise<{ count: number; isMainThread: boolean }>;
    };
    await expect(countPrimesOffThread(1_000)).resolves.toEqual(expect.objectContaining({ count: 168, isMainThread: false }));
  });

  it('bounded-concurrency: the limiter still caps concurrency', async () => {
    const { mapWithConcurrency } = (await load('bounded-concurrency')) as {
      mapWithConcurrency: (items: number[], limit: number, fn: (n: number) => Promise<number>) => Promise<number[]>;
    };
    let active = 0;
    let max = 0;
    const out = await mapWithConcurrency([1, 2, 3, 4, 5, 6], 2, async (n) => {
      active += 1;
      max = Math.max(max, active);
      await new Promise((resolve) => setImmediate(resolve));
      active -= 1;
      return n;
    });
    expect(out).toEqual([1, 2, 3, 4, 5, 6]);
    expect(max).toBe(2);
  });
});
