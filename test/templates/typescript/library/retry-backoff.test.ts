import { afterEach, describe, expect, it, vi } from 'vitest';
import { isTransientHttpError, retry } from '../../../../templates/typescript/library/retry-backoff.js';

class HttpError extends Error {
  constructor(readonly status: number) {
    super(`HTTP ${status}`);
  }
}

afterEach(() => {
  vi.useRealTimers();
});

describe('retry-backoff library variant (p-retry 7.1.1)', () => {
  it('retries transient failures with growing, randomised delays under the cap, and returns the first success', async () => {
    vi.useFakeTimers();
    const delays: number[] = [];
    let last = Date.now();
    const operation = vi.fn(async (attempt: number) => {
      delays.push(Date.now() - last);
      last = Date.now();
      if (attempt < 5) throw new HttpError(503);
      return `ok on ${attempt}`;
    });
    const result = retry(operation, { retries: 5, minDelayMs: 100, maxDelayMs: 500, shouldRetry: isTransientHttpError });
    await vi.runAllTimersAsync();
    await expect(result).resolves.toBe('ok on 5');
    // waits before attempts 2..5: randomize puts each in [d, 2d) with d = 100, 200, 400, then the 500 ms cap
    const waits = delays.slice(1);
    expect(waits).toHaveLength(4);
    [100, 200, 400, 500].forEach((d, i) => {
      expect(waits[i]).toBeGreaterThanOrEqual(d);
      expect(waits[i]).toBeLessThanOrEqual(Math.min(2 * d, 500));
    });
  });

  it('rethrows an error shouldRetry rejects at once, unchanged, and never retries a plain TypeError', async () => {
    const notFound = new HttpError(404);
    const op = vi.fn(async () => {
      throw notFound;
    });
    await expect(retry(op, { shouldRetry: isTransientHttpError })).rejects.toBe(notFound);
    expect(op).toHaveBeenCalledTimes(1);
    const bug = vi.fn(async () => {
      throw new TypeError('undefined is not a function');
    });
    await expect(retry(bug, { shouldRetry: () => true })).rejects.toThrow(TypeError);
    expect(bug).toHaveBeenCalledTimes(1);
  });

  it('gives up after the retries with the last error, and reports each retry before its wait', async () => {
    const seen: Array<{ attempt: number; retriesLeft: number }> = [];
    const op = vi.fn(async (attempt: number) => {
      throw new HttpError(500 + attempt);
    });
    const failure = await retry(op, { retries: 2, minDelayMs: 1, onRetry: ({ attempt, retriesLeft }) => seen.push({ attempt, retriesLeft }) }).catch((e: unknown) => e);
    expect(failure).toBeInstanceOf(HttpError);
    expect((failure as HttpError).status).toBe(503);
    expect(op).toHaveBeenCalledTimes(3);
    expect(seen).toEqual([
      { attempt: 1, retriesLeft: 2 },
      { attempt: 2, retriesLeft: 1 },
    ]);
  });

  it('stops at once with the caller\'s reason when aborted during a wait, and starts no further attempt', async () => {
    vi.useFakeTimers();
    const controller = new AbortController();
    const op = vi.fn(async () => {
      throw new HttpError(503);
    });
    const result = retry(op, { retries: 5, minDelayMs: 10_000, signal: controller.signal });
    const settled = result.catch((e: unknown) => e);
    await vi.advanceTimersByTimeAsync(1);
    expect(op).toHaveBeenCalledTimes(1);
    const reason = new Error('caller gave up');
    controller.abort(reason);
    expect(await settled).toBe(reason);
    await vi.advanceTimersByTimeAsync(60_000);
    expect(op).toHaveBeenCalledTimes(1);
    expect(vi.getTimerCount()).toBe(0); // the backoff timer was cleared
  });

  it('passes the signal to the attempt, and an abort mid-attempt rejects with its reason without a retry', async () => {
    const controller = new AbortController();
    let received: AbortSignal | undefined;
    const op = vi.fn(
      (_attempt: number, signal: AbortSignal | undefined) =>
        new Promise<string>((_resolve, reject) => {
          received = signal;
          signal?.addEventListener('abort', () => reject(new Error('aborted inside the operation')), { once: true });
        }),
    );
    const result = retry(op, { retries: 3, minDelayMs: 1, signal: controller.signal });
    await Promise.resolve();
    controller.abort(new Error('shutdown'));
    await expect(result).rejects.toThrow('shutdown');
    expect(received).toBe(controller.signal);
    expect(op).toHaveBeenCalledTimes(1);
  });

  it('starts no attempt after the budget is spent', async () => {
    vi.useFakeTimers();
    const op = vi.fn(async () => {
      await new Promise((resolve) => setTimeout(resolve, 400)); // each attempt takes 400 ms
      throw new HttpError(503);
    });
    const result = retry(op, { retries: 10, minDelayMs: 100, maxDelayMs: 100, budgetMs: 1_000 }).catch((e: unknown) => e);
    await vi.runAllTimersAsync();
    expect(await result).toBeInstanceOf(HttpError);
    // 400 + [100, 200) + 400 + ... : the third attempt ends past 1 s, so no fourth starts
    expect(op.mock.calls.length).toBeLessThanOrEqual(3);
    expect(op.mock.calls.length).toBeGreaterThanOrEqual(2);
  });

  it('refuses options that would break the backoff, naming them', async () => {
    const op = async () => 'ok';
    await expect(retry(op, { maxDelayMs: 2 ** 31 })).rejects.toThrow(/maxDelayMs/);
    await expect(retry(op, { retries: 1.5 })).rejects.toThrow(/retries/);
    await expect(retry(op, { minDelayMs: -1 })).rejects.toThrow(/minDelayMs/);
    await expect(retry(op, { budgetMs: Number.NaN })).rejects.toThrow(/budgetMs/);
    await expect(retry('nope' as unknown as () => Promise<string>)).rejects.toThrow(/operation/);
  });
});
