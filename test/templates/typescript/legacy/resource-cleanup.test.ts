import { existsSync } from 'node:fs';
import { appendFile } from 'node:fs/promises';
import { describe, expect, it, vi } from 'vitest';
import {
  TempDirectory,
  renderViaScratchFile,
  withResource,
} from '../../../../templates/typescript/legacy/resource-cleanup.js';

describe('resource-cleanup legacy template (try/finally, Node 20.0+)', () => {
  it('withResource releases after success and returns the result', async () => {
    const release = vi.fn(async () => {});
    const result = await withResource(async () => ({ id: 7 }), release, async (r) => r.id * 2);
    expect(result).toBe(14);
    expect(release).toHaveBeenCalledExactlyOnceWith({ id: 7 });
  });

  it('withResource releases after a failure and rethrows the original error', async () => {
    const release = vi.fn(async () => {});
    const failure = new Error('query failed');
    await expect(
      withResource(async () => 'conn', release, async () => {
        throw failure;
      }),
    ).rejects.toBe(failure);
    expect(release).toHaveBeenCalledTimes(1);
  });

  it('withResource keeps both errors when the release fails too', async () => {
    const error = await withResource(
      async () => 'conn',
      async () => {
        throw new Error('release failed');
      },
      async () => {
        throw new Error('use failed');
      },
    ).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(AggregateError);
    expect((error as AggregateError).errors.map((e: Error) => e.message)).toEqual(['use failed', 'release failed']);
  });

  it('withResource does not release what it never acquired', async () => {
    const release = vi.fn(async () => {});
    const use = vi.fn(async () => 1);
    await expect(
      withResource(async () => {
        throw new Error('pool exhausted');
      }, release, use),
    ).rejects.toThrow('pool exhausted');
    expect(release).not.toHaveBeenCalled();
    expect(use).not.toHaveBeenCalled();
  });

  it('renderViaScratchFile removes its directory after success and after a failure', async () => {
    let first = '';
    expect(
      await renderViaScratchFile(async (path) => {
        first = path;
        await appendFile(path, 'ok');
      }),
    ).toBe('ok');
    expect(existsSync(first)).toBe(false);

    let second = '';
    await expect(
      renderViaScratchFile(async (path) => {
        second = path;
        throw new Error('render failed');
      }),
    ).rejects.toThrow('render failed');
    expect(second).not.toBe('');
    expect(existsSync(second)).toBe(false);
  });

  it('TempDirectory.close is idempotent', async () => {
    const dir = await TempDirectory.create('legacy-');
    await dir.close();
    await dir.close();
    expect(dir.isRemoved).toBe(true);
    expect(existsSync(dir.path)).toBe(false);
  });

  it('checks its arguments and names them', async () => {
    await expect(withResource(async () => 1, 'no' as never, async () => 1)).rejects.toThrow(/`release`.*no/);
    await expect(TempDirectory.create('a/b')).rejects.toThrow(/`prefix`/);
    await expect(renderViaScratchFile(undefined as never)).rejects.toThrow(/`render`/);
  });
});
