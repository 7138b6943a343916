import { existsSync } from 'node:fs';
import { appendFile } from 'node:fs/promises';
import { describe, expect, it } from 'vitest';
import { TempDirectory, renderViaScratchFile } from '../../../templates/typescript/resource-cleanup.js';

describe('resource-cleanup template', () => {
  it('await using removes the scratch directory after success', async () => {
    let scratch = '';
    const text = await renderViaScratchFile(async (path) => {
      scratch = path;
      await appendFile(path, 'hello');
    });
    expect(text).toBe('hello');
    expect(scratch).not.toBe('');
    expect(existsSync(scratch)).toBe(false);
  });

  it('await using removes the scratch directory when the body throws', async () => {
    let scratch = '';
    await expect(
      renderViaScratchFile(async (path) => {
        scratch = path;
        await appendFile(path, 'partial');
        throw new Error('render failed');
      }),
    ).rejects.toThrow('render failed');
    expect(existsSync(scratch)).toBe(false);
  });

  it('await using disposes when the block is left early, and an explicit close() first is harmless', async () => {
    let path = '';
    const leaveEarly = async (): Promise<string> => {
      await using dir = await TempDirectory.create('early-');
      path = dir.path;
      await dir.close();
      return 'left';
    };
    expect(await leaveEarly()).toBe('left');
    expect(existsSync(path)).toBe(false);
  });

  it('TempDirectory disposal is idempotent', async () => {
    const dir = await TempDirectory.create('idem-');
    expect(existsSync(dir.path)).toBe(true);
    await dir.close();
    await dir[Symbol.asyncDispose]();
    expect(dir.isRemoved).toBe(true);
    expect(existsSync(dir.path)).toBe(false);
  });

  it('checks its arguments and names them', async () => {
    await expect(TempDirectory.create('a/b')).rejects.toThrow(/`prefix`/);
    await expect(renderViaScratchFile(undefined as never)).rejects.toThrow(/`render`/);
  });
});
