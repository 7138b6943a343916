import { describe, expect, it } from 'vitest';
import { settleAll, settleAllOrThrow, toError } from '../../../templates/typescript/parallel-partial-failures.js';

const tick = (): Promise<void> => new Promise((resolve) => setImmediate(resolve));

describe('parallel-partial-failures template', () => {
  it('separates successes from failures, each tied to its input and index', async () => {
    const result = await settleAll(['a', 'bad', 'c', 'worse'], async (name) => {
      await tick();
      if (name.length > 2) throw new Error(`cannot load ${name}`);
      return name.toUpperCase();
    });
    expect(result.succeeded).toEqual([
      { input: 'a', index: 0, value: 'A' },
      { input: 'c', index: 2, value: 'C' },
    ]);
    expect(result.failed.map((f) => [f.input, f.index, f.error.message])).toEqual([
      ['bad', 1, 'cannot load bad'],
      ['worse', 3, 'cannot load worse'],
    ]);
  });

  it('runs the operations together, not one after another', async () => {
    let active = 0;
    let maxActive = 0;
    await settleAll([1, 2, 3, 4], async () => {
      active += 1;
      maxActive = Math.max(maxActive, active);
      await tick();
      active -= 1;
    });
    expect(maxActive).toBe(4);
  });

  it('waits for every operation, even after an early failure', async () => {
    const finished: number[] = [];
    const result = await settleAll([0, 1, 2], async (n) => {
      if (n === 0) throw new Error('first fails at once');
      for (let i = 0; i < n; i += 1) await tick();
      finished.push(n);
      return n;
    });
    expect(finished).toEqual([1, 2]);
    expect(result.failed).toHaveLength(1);
  });

  it('turns synchronous throws and non-Error rejections into Errors with the original as cause', async () => {
    const result = await settleAll([1, 2], (n) => {
      if (n === 1) throw new TypeError('sync throw');
      return Promise.reject('plain string');
    });
    expect(result.failed[0]?.error).toBeInstanceOf(TypeError);
    expect(result.failed[1]?.error.message).toBe('Non-error rejection: plain string');
    expect(result.failed[1]?.error.cause).toBe('plain string');
    expect(toError(undefined).message).toContain('undefined');
  });

  it('settleAllOrThrow returns the values when some succeed and throws AggregateError when none do', async () => {
    const some = await settleAllOrThrow([1, 2, 3], async (n) => {
      if (n === 2) throw new Error('two');
      return n * 2;
    });
    expect(some.values).toEqual([2, 6]);
    expect(some.failed.map((f) => f.input)).toEqual([2]);

    const none = settleAllOrThrow([1, 2], async (n) => {
      throw new Error(`no ${n}`);
    });
    await expect(none).rejects.toSatisfy(
      (error: unknown) => error instanceof AggregateError && error.errors.length === 2,
    );
    await expect(settleAllOrThrow([], async () => 1)).resolves.toEqual({ values: [], failed: [] });
  });

  it('checks its arguments and names them', async () => {
    await expect(settleAll('abc' as never, async () => 1)).rejects.toThrow(/`inputs`.*abc \(string\)/);
    await expect(settleAll([1], undefined as never)).rejects.toThrow(/`operation`/);
  });
});
