import { describe, expect, it, vi } from 'vitest';
import {
  batch,
  collect,
  mapAsync,
  paginate,
  take,
  type Page,
  type PageFetcher,
} from '../../../templates/typescript/async-streaming.js';

/** A fake paged API: 3 pages of 3 numbers each. */
function pagedApi(): { fetchPage: PageFetcher<number> & ReturnType<typeof vi.fn>; pages: Page<number>[] } {
  const pages: Page<number>[] = [
    { items: [1, 2, 3], next: 'p2' },
    { items: [4, 5, 6], next: 'p3' },
    { items: [7, 8, 9] },
  ];
  const fetchPage = vi.fn(async (cursor: string | undefined) => {
    await new Promise((resolve) => setImmediate(resolve));
    return pages[cursor === undefined ? 0 : Number(cursor.slice(1)) - 1] as Page<number>;
  });
  return { fetchPage, pages };
}

/** A source that records whether it was closed (its finally ran). */
function trackedSource(values: number[]): { source: AsyncGenerator<number>; state: { closed: boolean; pulled: number } } {
  const state = { closed: false, pulled: 0 };
  async function* generate(): AsyncGenerator<number> {
    try {
      for (const value of values) {
        state.pulled += 1;
        yield value;
      }
    } finally {
      state.closed = true;
    }
  }
  return { source: generate(), state };
}

describe('async-streaming template', () => {
  it('paginate streams every item across pages, in order, and closes at the end', async () => {
    const { fetchPage } = pagedApi();
    const onClose = vi.fn();
    const seen: number[] = [];
    for await (const n of paginate(fetchPage, { onClose })) seen.push(n);
    expect(seen).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9]);
    expect(fetchPage.mock.calls.map((call) => call[0])).toEqual([undefined, 'p2', 'p3']);
    expect(onClose).toHaveBeenCalledTimes(1);
  });

  it('paginate fetches lazily and cleans up when the consumer breaks early', async () => {
    const { fetchPage } = pagedApi();
    const onClose = vi.fn();
    for await (const n of paginate(fetchPage, { onClose })) {
      if (n === 2) break;
    }
    expect(fetchPage).toHaveBeenCalledTimes(1); // pages 2 and 3 were never requested
    expect(onClose).toHaveBeenCalledTimes(1);
  });

  it('paginate passes the signal on and stops with its reason between pages', async () => {
    const { fetchPage } = pagedApi();
    const controller = new AbortController();
    const reason = new Error('stop paging');
    const onClose = vi.fn();
    const seen: number[] = [];
    const run = async (): Promise<void> => {
      for await (const n of paginate(fetchPage, { signal: controller.signal, onClose })) {
        seen.push(n);
        if (n === 3) controller.abort(reason);
      }
    };
    await expect(run()).rejects.toBe(reason);
    expect(seen).toEqual([1, 2, 3]);
    expect(fetchPage.mock.calls[0]?.[1]).toBe(controller.signal);
    expect(onClose).toHaveBeenCalledTimes(1);
  });

  it('transforms compose, and an early stop downstream closes the source upstream', async () => {
    const { source, state } = trackedSource(Array.from({ length: 100 }, (_, i) => i));
    const out: number[][] = [];
    for await (const group of take(batch(mapAsync(source, async (n) => n * 10), 3), 2)) out.push(group);
    expect(out).toEqual([
      [0, 10, 20],
      [30, 40, 50],
    ]);
    expect(state.closed).toBe(true);
    expect(state.pulled).toBe(6); // nothing read beyond what was needed
  });

  it('a consumer that throws mid-stream still closes the source', async () => {
    const { source, state } = trackedSource([1, 2, 3]);
    const run = async (): Promise<void> => {
      for await (const n of batch(source, 1)) {
        if (n[0] === 2) throw new Error('consumer failed');
      }
    };
    await expect(run()).rejects.toThrow('consumer failed');
    expect(state.closed).toBe(true);
  });

  it('collect gathers a finite stream and refuses to exceed its bound', async () => {
    expect(await collect(batch(trackedSource([1, 2, 3, 4, 5]).source, 2))).toEqual([[1, 2], [3, 4], [5]]);
    const { source, state } = trackedSource([1, 2, 3, 4]);
    await expect(collect(source, 3)).rejects.toThrow('more than max = 3');
    expect(state.closed).toBe(true);
  });

  it('checks its arguments at the call, not at the first next()', () => {
    const { source } = trackedSource([1]);
    expect(() => paginate(undefined as never)).toThrow(/`fetchPage`/);
    expect(() => batch(source, 0)).toThrow(/`size`.*0/);
    expect(() => batch([1, 2] as never, 2)).toThrow(/`source`.*async iterable/);
    expect(() => take(source, -1)).toThrow(RangeError);
    expect(() => mapAsync(source, 'f' as never)).toThrow(/`fn`/);
  });
});
