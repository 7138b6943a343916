import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { CircuitBreaker, CircuitOpenError } from '../../../templates/typescript/circuit-breaker.js';

const fail = (message = 'dependency down') => async (): Promise<never> => {
  throw new Error(message);
};

describe('circuit-breaker template', () => {
  beforeEach(() => {
    vi.useFakeTimers(); // also fakes performance.now, the breaker's default clock
  });
  afterEach(() => {
    vi.useRealTimers();
  });

  it('opens after the threshold of consecutive failures and then fails fast without calling', async () => {
    const breaker = new CircuitBreaker({ failureThreshold: 3, resetTimeoutMs: 1_000 });
    for (let i = 0; i < 2; i += 1) await expect(breaker.call(fail())).rejects.toThrow('dependency down');
    expect(breaker.state).toBe('closed');
    await expect(breaker.call(fail())).rejects.toThrow('dependency down');
    expect(breaker.state).toBe('open');

    const operation = vi.fn(async () => 'ok');
    vi.advanceTimersByTime(400);
    const rejection = await breaker.call(operation).catch((error: unknown) => error);
    expect(rejection).toBeInstanceOf(CircuitOpenError);
    expect((rejection as CircuitOpenError).retryAfterMs).toBe(600);
    expect(operation).not.toHaveBeenCalled();
    expect(vi.getTimerCount()).toBe(0); // no reset timer: the state comes from the clock
  });

  it('half-opens after the cool-down, lets exactly one trial through, and closes on its success', async () => {
    const breaker = new CircuitBreaker({ failureThreshold: 1, resetTimeoutMs: 500 });
    await expect(breaker.call(fail())).rejects.toThrow();
    vi.advanceTimersByTime(500);
    expect(breaker.state).toBe('half-open');

    let finishTrial = (): void => {};
    const trial = breaker.call(
      () =>
        new Promise<string>((resolve) => {
          finishTrial = () => resolve('recovered');
        }),
    );
    // While the trial runs, other callers are still turned away.
    await expect(breaker.call(async () => 'second')).rejects.toBeInstanceOf(CircuitOpenError);
    finishTrial();
    await expect(trial).resolves.toBe('recovered');
    expect(breaker.state).toBe('closed');
    await expect(breaker.call(async () => 'normal')).resolves.toBe('normal');
  });

  it('re-opens for a full cool-down when the trial fails', async () => {
    const breaker = new CircuitBreaker({ failureThreshold: 2, resetTimeoutMs: 500 });
    await expect(breaker.call(fail())).rejects.toThrow();
    await expect(breaker.call(fail())).rejects.toThrow();
    vi.advanceTimersByTime(500);
    await expect(breaker.call(fail('still down'))).rejects.toThrow('still down');
    expect(breaker.state).toBe('open');
    vi.advanceTimersByTime(499);
    expect(breaker.state).toBe('open');
    vi.advanceTimersByTime(1);
    expect(breaker.state).toBe('half-open');
  });

  it('a success resets the consecutive-failure count', async () => {
    const breaker = new CircuitBreaker({ failureThreshold: 2, resetTimeoutMs: 500 });
    await expect(breaker.call(fail())).rejects.toThrow();
    await breaker.call(async () => 'ok');
    await expect(breaker.call(fail())).rejects.toThrow();
    expect(breaker.state).toBe('closed');
  });

  it('does not count errors the predicate says are the caller’s fault', async () => {
    const breaker = new CircuitBreaker({
      failureThreshold: 1,
      resetTimeoutMs: 500,
      isFailure: (error) => !(error instanceof RangeError),
    });
    await expect(
      breaker.call(async () => {
        throw new RangeError('bad input');
      }),
    ).rejects.toThrow('bad input');
    expect(breaker.state).toBe('closed');
  });

  it('checks its arguments and names them', async () => {
    expect(() => new CircuitBreaker({ failureThreshold: 0, resetTimeoutMs: 1 })).toThrow(/`failureThreshold`.*0/);
    expect(() => new CircuitBreaker({ failureThreshold: 1.5, resetTimeoutMs: 1 })).toThrow(RangeError);
    expect(() => new CircuitBreaker({ failureThreshold: 1, resetTimeoutMs: 'x' as never })).toThrow(TypeError);
    expect(() => new CircuitBreaker(undefined as never)).toThrow(/`options`/);
    await expect(new CircuitBreaker({ failureThreshold: 1, resetTimeoutMs: 1 }).call(null as never)).rejects.toThrow(
      /`operation`.*null/,
    );
  });
});
