import { describe, expect, it, vi } from 'vitest';
import { backoffDelay, isTransientHttpError, retry } from '../../../templates/typescript/retry-backoff.js';

class HttpError extends Error {
  constructor(readonly status: number) {
    super(`HTTP ${status}`);
  }
}

describe('retry-backoff template', () => {
  it('grows the delay cap exponentially up to the maximum, with full jitter', () => {
    const options = { minDelayMs: 100, maxDelayMs: 1_000, factor: 2 };
    expect([1, 2, 3, 4, 5, 6].map((attempt) => backoffDelay(attempt, options, () => 0.999999))).toEqual([
      100, 200, 400, 800, 1_000, 1_000,
    ]);
    expect(backoffDelay(3, options, () => 0)).toBe(0);
    expect(backoffDelay(3, options, () => 0.5)).toBe(200);
  });

  it('retries transient failures and returns the first success', async () => {
    const delays: number[] = [];
    const operation = vi.fn(async (attempt: number) => {
      if (attempt < 3) throw new HttpError(503);
      return `ok on ${attempt}`;
    });
    const value = await retry(operation, {
      retries: 5,
      minDelayMs: 1,
      shouldRetry: isTransientHttpError,
      onRetry: ({ delayMs }) => delays.push(delayMs),
      random: () => 0,
    });
    expect(value).toBe('ok on 3');
    expect(operation).toHaveBeenCalledTimes(3);
    expect(delays).toEqual([0, 0]);
  });

  it('does not retry an error the predicate rejects', async () => {
    const failure = new HttpError(404);
    const operation = vi.fn(async () => {
      throw failure;
    });
    await expect(retry(operation, { shouldRetry: isTransientHttpError, random: () => 0 })).rejects.toBe(failure);
    expect(operation).toHaveBeenCalledTimes(1);
  });

  it('gives up after the allowed retries with the last error', async () => {
    let calls = 0;
    const operation = async (): Promise<never> => {
      calls += 1;
      throw new Error(`failure ${calls}`);
    };
    await expect(retry(operation, { retries: 2, random: () => 0 })).rejects.toThrow('failure 3');
    expect(calls).toBe(3);
  });

  it('stops in the middle of a backoff wait when the caller aborts, with the caller reason', async () => {
    const timers = (): number => process.getActiveResourcesInfo().filter((kind) => kind === 'Timeout').length;
    const timersBefore = timers(); // vitest's own test-timeout timer is one of them
    const controller = new AbortController();
    const reason = new Error('user cancelled');
    const operation = vi.fn(async () => {
      throw new HttpError(503);
    });
    const result = retry(operation, {
      retries: 10,
      minDelayMs: 60_000,
      maxDelayMs: 60_000,
      random: () => 1,
      signal: controller.signal,
      // Abort once the first wait (a full minute) has been scheduled.
      onRetry: () => queueMicrotask(() => controller.abort(reason)),
    });
    await expect(result).rejects.toBe(reason);
    expect(operation).toHaveBeenCalledTimes(1);
    // timers/promises removed the one-minute timer; nothing keeps the event loop busy.
    expect(timers()).toBe(timersBefore);
  });

  it('passes the signal to the attempt and does not retry an aborted attempt', async () => {
    const controller = new AbortController();
    const operation = vi.fn(
      (_attempt: number, signal: AbortSignal | undefined) =>
        new Promise<never>((_resolve, reject) => {
          signal?.addEventListener('abort', () => reject(signal.reason), { once: true });
          controller.abort(new Error('stop'));
        }),
    );
    await expect(retry(operation, { signal: controller.signal, random: () => 0 })).rejects.toThrow('stop');
    expect(operation).toHaveBeenCalledTimes(1);
  });

  it('checks its arguments and names them', async () => {
    await expect(retry(async () => 1, { retries: -1 })).rejects.toThrow(/`retries`.*-1/);
    await expect(retry(async () => 1, { retries: 1.5 })).rejects.toThrow(RangeError);
    await expect(retry(async () => 1, { factor: 0.5 })).rejects.toThrow(/`factor`/);
    await expect(retry(null as never)).rejects.toThrow(/`operation`.*null/);
    expect(() => backoffDelay(0)).toThrow(/`attempt`/);
  });
});
