import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { firstSuccess, hedge, type Attempt } from '../../../templates/typescript/first-success-race.js';

/** An attempt that succeeds or fails after `ms` (fake time) unless aborted first; records its signal. */
function timed<T>(ms: number, outcome: { value: T } | { error: Error }, seen: AbortSignal[]): Attempt<T> {
  return (signal) =>
    new Promise<T>((resolve, reject) => {
      seen.push(signal);
      const timer = setTimeout(() => {
        signal.removeEventListener('abort', onAbort);
        if ('value' in outcome) resolve(outcome.value);
        else reject(outcome.error);
      }, ms);
      const onAbort = (): void => {
        clearTimeout(timer);
        reject(signal.reason);
      };
      signal.addEventListener('abort', onAbort, { once: true });
    });
}

describe('first-success-race template', () => {
  beforeEach(() => {
    vi.useFakeTimers();
  });
  afterEach(() => {
    vi.useRealTimers();
  });

  it('resolves with the first success despite an earlier failure, and aborts the losers', async () => {
    const seen: AbortSignal[] = [];
    const result = firstSuccess([
      timed(10, { error: new Error('fast failure') }, seen),
      timed(30, { value: 'mirror B' }, seen),
      timed(50, { value: 'mirror C' }, seen),
    ]);
    await vi.advanceTimersByTimeAsync(30);
    await expect(result).resolves.toBe('mirror B');
    expect(seen[1]?.aborted).toBe(false); // the winner's signal stays usable
    expect(seen[2]?.aborted).toBe(true); // the one still running was told to stop
    expect(String(seen[2]?.reason)).toContain('Lost the race');
    expect(vi.getTimerCount()).toBe(0);
  });

  it("a second attempt that ignores its abort and succeeds later does not abort the winner's signal", async () => {
    const seen: AbortSignal[] = [];
    const stubborn: Attempt<string> = (signal) => {
      seen.push(signal);
      return new Promise((resolve) => setTimeout(() => resolve('stubborn'), 20)); // ignores its signal
    };
    const result = firstSuccess([timed(10, { value: 'fast' }, seen), stubborn]);
    await vi.advanceTimersByTimeAsync(20);
    await expect(result).resolves.toBe('fast');
    expect(seen[0]?.aborted).toBe(false);
    expect(seen[1]?.aborted).toBe(true);
  });

  it('rejects with an AggregateError of every failure when all attempts fail', async () => {
    const seen: AbortSignal[] = [];
    const result = firstSuccess([
      timed(5, { error: new Error('a') }, seen),
      timed(8, { error: new Error('b') }, seen),
    ]);
    const outcome = expect(result).rejects.toSatisfy(
      (error: unknown) =>
        error instanceof AggregateError && error.errors.map((e: Error) => e.message).join() === 'a,b',
    );
    await vi.advanceTimersByTimeAsync(8);
    await outcome;
  });

  it('aborts every attempt with the caller reason when the caller aborts', async () => {
    const seen: AbortSignal[] = [];
    const controller = new AbortController();
    const reason = new Error('request cancelled');
    const result = firstSuccess([timed(100, { value: 1 }, seen), timed(100, { value: 2 }, seen)], {
      signal: controller.signal,
    });
    controller.abort(reason);
    await expect(result).rejects.toBe(reason);
    expect(seen.every((s) => s.reason === reason)).toBe(true);
    expect(vi.getTimerCount()).toBe(0);
  });

  it('hedge: starts a backup only after the delay, takes the faster one, aborts the slow primary', async () => {
    const seen: AbortSignal[] = [];
    const durations = [500, 20];
    const attempt: Attempt<string> = (signal) => {
      const index = seen.length;
      return timed(durations[index] ?? 0, { value: `attempt ${index}` }, seen)(signal);
    };
    const result = hedge(attempt, { hedgeDelayMs: 100 });
    await vi.advanceTimersByTimeAsync(99);
    expect(seen).toHaveLength(1);
    await vi.advanceTimersByTimeAsync(1);
    expect(seen).toHaveLength(2);
    await vi.advanceTimersByTimeAsync(20);
    await expect(result).resolves.toBe('attempt 1');
    expect(seen[0]?.aborted).toBe(true);
    expect(seen[1]?.aborted).toBe(false);
    expect(vi.getTimerCount()).toBe(0);
  });

  it('hedge: a fast primary never starts a backup and leaves no timer', async () => {
    const seen: AbortSignal[] = [];
    const result = hedge(timed(10, { value: 'primary' }, seen), { hedgeDelayMs: 100, maxAttempts: 3 });
    await vi.advanceTimersByTimeAsync(10);
    await expect(result).resolves.toBe('primary');
    expect(seen).toHaveLength(1);
    expect(vi.getTimerCount()).toBe(0);
  });

  it('hedge: a failure starts the next attempt at once, and all failures reject together', async () => {
    const seen: AbortSignal[] = [];
    let calls = 0;
    const attempt: Attempt<never> = (signal) => {
      calls += 1;
      return timed<never>(5, { error: new Error(`failure ${calls}`) }, seen)(signal);
    };
    const result = hedge(attempt, { hedgeDelayMs: 1_000, maxAttempts: 3 });
    const outcome = expect(result).rejects.toThrow('All 3 hedged attempts failed');
    await vi.advanceTimersByTimeAsync(15);
    await outcome;
    expect(calls).toBe(3);
    expect(vi.getTimerCount()).toBe(0);
  });

  it('checks its arguments and names them', async () => {
    await expect(firstSuccess([])).rejects.toThrow(/`attempts`/);
    await expect(firstSuccess([async () => 1, 'x' as never])).rejects.toThrow(/`attempts\[1\]`.*x/);
    await expect(hedge(async () => 1, { hedgeDelayMs: -5 })).rejects.toThrow(/`hedgeDelayMs`.*-5/);
    await expect(hedge(async () => 1, { hedgeDelayMs: 5, maxAttempts: 0 })).rejects.toThrow(/`maxAttempts`/);
  });
});
