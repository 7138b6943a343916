import { setTimeout as sleep } from 'node:timers/promises';
import { describe, expect, it } from 'vitest';
import { mapWithConcurrency } from '../../../../templates/typescript/library/bounded-concurrency.js';

describe('bounded-concurrency library variant (p-map 7.1.1)', () => {
  it('never runs more than `limit` mappers at once, and keeps the input order', async () => {
    let running = 0;
    let peak = 0;
    const result = await mapWithConcurrency(
      Array.from({ length: 40 }, (_, i) => i),
      4,
      async (n) => {
        running += 1;
        peak = Math.max(peak, running);
        await sleep(1 + (n % 5)); // uneven durations: completions come out of order
        running -= 1;
        return n * 2;
      },
    );
    expect(result).toEqual(Array.from({ length: 40 }, (_, i) => i * 2));
    expect(peak).toBe(4);
  });

  it('reads the input lazily, so a huge generator is fine', async () => {
    let pulled = 0;
    function* ids(): Generator<number> {
      for (let i = 0; i < 1e9; i++) {
        pulled += 1;
        if (i === 10) return;
        yield i;
      }
    }
    expect(await mapWithConcurrency(ids(), 3, async (n) => n)).toEqual([0, 1, 2, 3, 4, 5, 6, 7, 8, 9]);
    expect(pulled).toBe(11);
  });

  it('takes an async iterable', async () => {
    async function* pages(): AsyncGenerator<string> {
      for (const p of ['a', 'b', 'c']) {
        await sleep(1);
        yield p;
      }
    }
    expect(await mapWithConcurrency(pages(), 2, async (p) => p.toUpperCase())).toEqual(['A', 'B', 'C']);
  });

  it('on the first failure, aborts the running mappers and rethrows only once they have settled', async () => {
    const events: string[] = [];
    const boom = new Error('item 1 failed');
    const failure = await mapWithConcurrency([0, 1, 2, 3, 4, 5], 3, async (n, _index, signal) => {
      if (n === 1) {
        await sleep(5);
        throw boom;
      }
      try {
        await sleep(10_000, undefined, { signal });
        return n;
      } catch (error) {
        await sleep(5); // slow cleanup: the caller must still wait for it
        events.push(`item ${n} stopped`);
        throw error;
      }
    }).catch((e: unknown) => e);
    expect(failure).toBe(boom);
    expect(events.sort()).toEqual(['item 0 stopped', 'item 2 stopped']); // nothing else was started
  });

  it('closes the source iterator when it stops early', async () => {
    let closed = false;
    function* source(): Generator<number> {
      try {
        for (let i = 0; ; i++) yield i;
      } finally {
        closed = true;
      }
    }
    await expect(
      mapWithConcurrency(source(), 2, async (n) => {
        if (n === 3) throw new Error('stop');
        return n;
      }),
    ).rejects.toThrow('stop');
    expect(closed).toBe(true);
  });

  it('rejects with the caller\'s reason on abort, after the mappers saw the abort', async () => {
    const controller = new AbortController();
    const seen: unknown[] = [];
    const run = mapWithConcurrency([1, 2, 3], 2, async (_n, _i, signal) => {
      await new Promise<void>((resolve) => signal.addEventListener('abort', () => resolve(), { once: true }));
      seen.push(signal.reason);
      return 0;
    }, { signal: controller.signal }).catch((e: unknown) => e);
    await sleep(1);
    const reason = new Error('shutdown');
    controller.abort(reason);
    expect(await run).toBe(reason);
    expect(seen).toEqual([reason, reason]);
    await expect(mapWithConcurrency([1], 1, async (n) => n, { signal: controller.signal })).rejects.toBe(reason);
  });

  it('refuses a limit that is not a positive integer, Infinity included', async () => {
    const id = async (n: number) => n;
    await expect(mapWithConcurrency([1], Number.POSITIVE_INFINITY, id)).rejects.toThrow(/limit/);
    await expect(mapWithConcurrency([1], 0, id)).rejects.toThrow(RangeError);
    await expect(mapWithConcurrency([1], 2, 'x' as unknown as typeof id)).rejects.toThrow(/mapper/);
  });
});
