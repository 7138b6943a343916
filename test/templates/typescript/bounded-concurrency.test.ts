import { describe, expect, it } from 'vitest';
import { createLimiter, mapWithConcurrency } from '../../../templates/typescript/bounded-concurrency.js';

/** Tracks how many calls run at once; each call waits a few macrotasks so that overlaps really happen. */
function probe(): { run: <T>(value: T, ticks?: number) => Promise<T>; max: () => number; active: () => number } {
  let active = 0;
  let max = 0;
  return {
    async run<T>(value: T, ticks = 1 + (Number(value) % 3)): Promise<T> {
      active += 1;
      max = Math.max(max, active);
      for (let i = 0; i < ticks; i += 1) await new Promise((resolve) => setImmediate(resolve));
      active -= 1;
      return value;
    },
    max: () => max,
    active: () => active,
  };
}

describe('bounded-concurrency template', () => {
  it('never runs more than `limit` mappers at once, uses the whole limit, and keeps input order', async () => {
    const p = probe();
    const input = Array.from({ length: 50 }, (_, i) => i);
    const output = await mapWithConcurrency(input, 4, (n) => p.run(n * 10));
    expect(output).toEqual(input.map((n) => n * 10));
    expect(p.max()).toBe(4);
    expect(p.active()).toBe(0);
  });

  it('reads a lazy input only as fast as it is processed', async () => {
    let produced = 0;
    function* ids(): Generator<number> {
      for (let i = 0; i < 1_000; i += 1) {
        produced += 1;
        yield i;
      }
    }
    const p = probe();
    let producedAtFirstResult = -1;
    await mapWithConcurrency(ids(), 3, async (n, index) => {
      const value = await p.run(n, 2);
      if (index === 0) producedAtFirstResult = produced;
      return value;
    });
    expect(produced).toBe(1_000);
    expect(producedAtFirstResult).toBeLessThanOrEqual(3);
    expect(p.max()).toBe(3);
  });

  it('stops starting items after a failure, aborts running ones, and rethrows once they settled', async () => {
    const started: number[] = [];
    const abortedSignals: boolean[] = [];
    let running = 0;
    const failure = new Error('item 2 failed');
    const result = mapWithConcurrency(Array.from({ length: 100 }, (_, i) => i), 3, async (n, _index, signal) => {
      started.push(n);
      running += 1;
      try {
        if (n === 2) throw failure;
        await new Promise<void>((resolve) => signal.addEventListener('abort', () => resolve(), { once: true }));
        abortedSignals.push(signal.aborted);
        return n;
      } finally {
        running -= 1;
      }
    });
    await expect(result).rejects.toBe(failure);
    expect(started).toEqual([0, 1, 2]);
    expect(abortedSignals).toEqual([true, true]);
    expect(running).toBe(0);
  });

  it('rejects with the caller reason on abort and starts nothing more', async () => {
    const controller = new AbortController();
    const reason = new Error('shutdown');
    const started: number[] = [];
    const result = mapWithConcurrency([1, 2, 3, 4, 5], 2, async (n, _i, signal) => {
      started.push(n);
      if (n === 2) controller.abort(reason);
      await new Promise((resolve) => setImmediate(resolve));
      return signal.aborted;
    }, { signal: controller.signal });
    await expect(result).rejects.toBe(reason);
    expect(started).toEqual([1, 2]);
  });

  it('checks its arguments and names them', async () => {
    await expect(mapWithConcurrency([1], 0, async (n) => n)).rejects.toThrow(/`limit`.*0/);
    await expect(mapWithConcurrency([1], 1.5, async (n) => n)).rejects.toThrow(TypeError);
    await expect(mapWithConcurrency(42 as never, 1, async (n) => n)).rejects.toThrow(/`items`.*42/);
    await expect(mapWithConcurrency([1], 1, 'f' as never)).rejects.toThrow(/`mapper`/);
    expect(() => createLimiter(-2)).toThrow(RangeError);
  });

  it('createLimiter caps concurrent calls across independent callers and propagates results and errors', async () => {
    const limit = createLimiter(2);
    const p = probe();
    const calls = Array.from({ length: 12 }, (_, i) =>
      limit(async () => {
        const value = await p.run(i, 3);
        if (value === 5) throw new Error('five');
        return value;
      }),
    );
    const settled = await Promise.allSettled(calls);
    expect(p.max()).toBe(2);
    expect(settled.filter((s) => s.status === 'rejected')).toHaveLength(1);
    expect(settled.flatMap((s) => (s.status === 'fulfilled' ? [s.value] : []))).toEqual([
      0, 1, 2, 3, 4, 6, 7, 8, 9, 10, 11,
    ]);
    // The slot freed by the failure was handed on: a later call still runs.
    await expect(limit(async () => 'after')).resolves.toBe('after');
  });
});
