// @pattern
// id: resource-cleanup
// title: Async resource cleanup with try/finally
// summary: Release what you acquire on every path (success, error, cancellation) with a try/finally helper that keeps both errors when the release fails too.
// minimum: node 20, ecmascript ES2022, typescript 5.0
// apis: fs/promises.mkdtemp, fs/promises.rm, fs/promises.writeFile, fs/promises.readFile, os.tmpdir, AggregateError
// pitfalls: cleanup after the last await instead of in finally is skipped by any exception; a release that throws inside finally replaces the original error, so keep both; releasing something whose acquisition failed; acquiring several resources inside one try leaks the first when the second acquisition fails, so nest one withResource per resource
// rules: swallowed-error, floating-promise, missing-await
// tags: cleanup, finally, disposable, resources
// @end

// On Node 24+ (or with TypeScript 5.2+ downlevelling on Node 20.4+), `await using` with a [Symbol.asyncDispose]
// method does this for you: see ../resource-cleanup.ts.

import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/**
 * Acquires a resource, runs `use`, and releases it whatever happens. If both `use` and `release` fail, the result
 * is an AggregateError holding both (await using would produce a SuppressedError, which Node 20 lacks).
 */
export async function withResource<R, T>(
  acquire: () => Promise<R>,
  release: (resource: R) => Promise<void>,
  use: (resource: R) => Promise<T>,
): Promise<T> {
  for (const [name, fn] of [['acquire', acquire], ['release', release], ['use', use]] as const) {
    if (typeof fn !== 'function') {
      throw new TypeError(`Expected \`${name}\` to be a function, got ${String(fn)} (${typeof fn})`);
    }
  }
  // Acquire outside the try: if acquiring fails there is nothing to release.
  const resource = await acquire();
  let result: T;
  try {
    result = await use(resource);
  } catch (error) {
    try {
      await release(resource);
    } catch (releaseError) {
      throw new AggregateError([error, releaseError], 'The operation failed and releasing its resource failed too');
    }
    throw error;
  }
  await release(resource);
  return result;
}

/** A private temporary directory, removed with everything in it by close(). */
export class TempDirectory {
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

  /** Idempotent, so a close() in finally after an explicit one is harmless. */
  async close(): Promise<void> {
    if (this.removed) return;
    this.removed = true;
    await rm(this.path, { recursive: true, force: true });
  }
}

/** The directory is removed after `render`, whether it returns or throws. */
export async function renderViaScratchFile(render: (scratchPath: string) => Promise<void>): Promise<string> {
  if (typeof render !== 'function') {
    throw new TypeError(`Expected \`render\` to be a function, got ${String(render)} (${typeof render})`);
  }
  return withResource(
    () => TempDirectory.create('render-'),
    (scratch) => scratch.close(),
    async (scratch) => {
      const file = join(scratch.path, 'output.txt');
      await writeFile(file, '');
      await render(file);
      return await readFile(file, 'utf8');
    },
  );
}

/**
 * Creates one scratch directory per prefix and hands them all to `use`; they are removed in reverse order of
 * creation when it settles. If creating one fails, the ones already created are removed before the error reaches
 * the caller: one withResource per directory, nested, never several acquisitions inside one try.
 */
export async function withScratchDirectories<T>(
  prefixes: readonly string[],
  use: (directories: readonly TempDirectory[]) => Promise<T>,
): Promise<T> {
  if (!Array.isArray(prefixes)) throw new TypeError(`Expected \`prefixes\` to be an array, got ${String(prefixes)}`);
  if (typeof use !== 'function') throw new TypeError(`Expected \`use\` to be a function, got ${String(use)} (${typeof use})`);
  const open = (index: number, opened: readonly TempDirectory[]): Promise<T> =>
    index === prefixes.length
      ? use(opened)
      : withResource(
          () => TempDirectory.create(prefixes[index]),
          (directory) => directory.close(),
          (directory) => open(index + 1, [...opened, directory]),
        );
  return await open(0, []);
}
