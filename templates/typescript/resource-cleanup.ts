// @pattern
// id: resource-cleanup
// title: Async resource cleanup with await using
// summary: Make a resource AsyncDisposable and hold it with await using, so it is released on every path out of the block: return, exception or cancellation.
// minimum: node 24, ecmascript ESNext, typescript 5.2
// apis: Symbol.asyncDispose, AsyncDisposable, fs/promises.mkdtemp, fs/promises.rm, fs/promises.writeFile, fs/promises.readFile, os.tmpdir
// pitfalls: cleanup after the last await instead of in finally (or a using block) is skipped by any exception; `return promise` instead of `return await promise` inside the block disposes the resource before the promise settles; disposing twice (an explicit close plus await using) must be harmless; a dispose that throws while the block already failed yields a SuppressedError holding both
// rules: swallowed-error, floating-promise, missing-await
// tags: cleanup, finally, await-using, disposable, resources
// fallback: node 20: hold the resource with try/finally (withResource) instead of await using; see legacy/resource-cleanup.ts. TypeScript's downlevelled await using also runs on Node 20.4+, where Symbol.asyncDispose exists as an experimental addition (checked on 20.20)
// @end

import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/** A private temporary directory, removed with everything in it when disposed. */
export class TempDirectory implements AsyncDisposable {
  private removed = false;

  private constructor(readonly path: string) {}

  static async create(prefix = 'tmp-'): Promise<TempDirectory> {
    if (typeof prefix !== 'string' || prefix.includes('/') || prefix.includes('\\')) {
      throw new TypeError(`Expected \`prefix\` to be a file-name prefix without separators, got ${String(prefix)}`);
    }
    return new TempDirectory(await mkdtemp(join(tmpdir(), prefix)));
  }

  get isRemoved(): boolean {
    return this.removed;
  }

  /** Idempotent, so an explicit close() inside an await using block is harmless. */
  async close(): Promise<void> {
    if (this.removed) return;
    this.removed = true;
    await rm(this.path, { recursive: true, force: true });
  }

  async [Symbol.asyncDispose](): Promise<void> {
    await this.close();
  }
}

/**
 * The directory is removed when the block is left, whether `render` returns or throws. Resources declared with
 * several `await using` lines are disposed in reverse order, and one that fails to be acquired leaves the earlier
 * ones still covered, which a single try/finally around several acquisitions gets wrong.
 */
export async function renderViaScratchFile(render: (scratchPath: string) => Promise<void>): Promise<string> {
  if (typeof render !== 'function') {
    throw new TypeError(`Expected \`render\` to be a function, got ${String(render)} (${typeof render})`);
  }
  await using scratch = await TempDirectory.create('render-');
  const file = join(scratch.path, 'output.txt');
  await writeFile(file, '');
  await render(file);
  // `return await`, not `return`: the read must finish before leaving the block removes the directory.
  return await readFile(file, 'utf8');
}

/**
 * Creates one scratch directory per prefix and hands them all to `use`; they are removed in reverse order of
 * creation when it settles. If creating one fails, the ones already created are removed before the error reaches
 * the caller. One `await using` per level of the recursion gives each directory its own scope.
 */
export async function withScratchDirectories<T>(
  prefixes: readonly string[],
  use: (directories: readonly TempDirectory[]) => Promise<T>,
): Promise<T> {
  if (!Array.isArray(prefixes)) throw new TypeError(`Expected \`prefixes\` to be an array, got ${String(prefixes)}`);
  if (typeof use !== 'function') throw new TypeError(`Expected \`use\` to be a function, got ${String(use)} (${typeof use})`);
  const open = async (index: number, opened: readonly TempDirectory[]): Promise<T> => {
    if (index === prefixes.length) return await use(opened);
    await using directory = await TempDirectory.create(prefixes[index]);
    return await open(index + 1, [...opened, directory]);
  };
  return await open(0, []);
}
