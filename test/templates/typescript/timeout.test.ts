import { EventEmitter } from 'node:events';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { Deadline, TimeoutError, withTimeout } from '../../../templates/typescript/timeout.js';

/** An operation that only ends when its signal aborts, the way a well-behaved fetch does. */
function untilAborted(seen: AbortSignal[]): (signal: AbortSignal) => Promise<never> {
  return (signal) =>
    new Promise<never>((_resolve, reject) => {
      seen.push(signal);
      signal.addEventListener('abort', () => reject(signal.reason), { once: true });
    });
}

describe('timeout template', () => {
  beforeEach(() => {
    vi.useFakeTimers();
  });
  afterEach(() => {
    vi.useRealTimers();
  });

  it('rejects with TimeoutError at the budget, aborts the operation and leaves no timer', async () => {
    const seen: AbortSignal[] = [];
    const result = withTimeout(untilAborted(seen), 1_000);
    const outcome = expect(result).rejects.toBeInstanceOf(TimeoutError);
    expect(vi.getTimerCount()).toBe(1);
    await vi.advanceTimersByTimeAsync(999);
    expect(seen[0]?.aborted).toBe(false);
    await vi.advanceTimersByTimeAsync(1);
    await outcome;
    expect(seen[0]?.aborted).toBe(true);
    expect(seen[0]?.reason).toBeInstanceOf(TimeoutError);
    expect(vi.getTimerCount()).toBe(0);
  });

  it('stops waiting even when the operation ignores its signal', async () => {
    const result = withTimeout(() => new Promise<string>(() => {}), 50);
    const outcome = expect(result).rejects.toThrow('timed out after 50 ms');
    await vi.advanceTimersByTimeAsync(50);
    await outcome;
    expect(vi.getTimerCount()).toBe(0);
  });

  it('clears its timer as soon as the operation finishes first', async () => {
    const value = await withTimeout(async () => 'done', 10_000);
    expect(value).toBe('done');
    expect(vi.getTimerCount()).toBe(0);
  });

  it('passes an operation failure through unchanged', async () => {
    const failure = new Error('boom');
    await expect(withTimeout(() => Promise.reject(failure), 100)).rejects.toBe(failure);
    expect(vi.getTimerCount()).toBe(0);
  });

  it('aborts with the caller reason and removes its listener from the caller signal', async () => {
    const parent = new AbortController();
    const seen: AbortSignal[] = [];
    const reason = new Error('caller gave up');
    const result = withTimeout(untilAborted(seen), 1_000, { signal: parent.signal });
    parent.abort(reason);
    await expect(result).rejects.toBe(reason);
    expect(seen[0]?.reason).toBe(reason);
    expect(vi.getTimerCount()).toBe(0);

    // A finished call must not keep a listener on a long-lived signal.
    const other = new AbortController();
    await withTimeout(async () => 1, 100, { signal: other.signal });
    expect(EventEmitter.getEventListeners(other.signal, 'abort')).toHaveLength(0);
  });

  it('refuses to start when the caller signal is already aborted', async () => {
    const parent = new AbortController();
    parent.abort(new Error('already'));
    const operation = vi.fn(async () => 1);
    await expect(withTimeout(operation, 100, { signal: parent.signal })).rejects.toThrow('already');
    expect(operation).not.toHaveBeenCalled();
  });

  it('checks its arguments and names them', async () => {
    await expect(withTimeout(async () => 1, -1)).rejects.toThrow(RangeError);
    await expect(withTimeout(async () => 1, Number.NaN)).rejects.toThrow(/`timeoutMs`.*NaN/);
    await expect(withTimeout('x' as never, 5)).rejects.toThrow(/`operation`.*x \(string\)/);
    expect(() => Deadline.after(Number.POSITIVE_INFINITY)).toThrow(/`budgetMs`/);
  });

  it('shares one deadline across steps so later steps get only what is left', async () => {
    const deadline = Deadline.after(100);
    const first = deadline.run(async (signal) => {
      await new Promise((resolve) => setTimeout(resolve, 60));
      return signal.aborted;
    });
    await vi.advanceTimersByTimeAsync(60);
    expect(await first).toBe(false);
    expect(deadline.remainingMs()).toBe(40);

    const seen: AbortSignal[] = [];
    const second = deadline.run(untilAborted(seen));
    const outcome = expect(second).rejects.toBeInstanceOf(TimeoutError);
    await vi.advanceTimersByTimeAsync(40);
    await outcome;
    expect(deadline.expired).toBe(true);
    const third = vi.fn(async () => 'late');
    await expect(deadline.run(third)).rejects.toThrow('Deadline passed');
    expect(third).not.toHaveBeenCalled();
    expect(vi.getTimerCount()).toBe(0);
  });
});
