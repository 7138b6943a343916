// @pattern
// id: circuit-breaker
// title: Circuit breaker
// summary: After repeated failures stop calling a sick dependency and fail fast; after a cool-down let one time-boxed probe through, and close again only if that probe succeeds.
// minimum: node 20, ecmascript ES2022, typescript 5.0
// apis: perf_hooks.performance, Promise.race, AbortController, AbortSignal, setTimeout, clearTimeout
// pitfalls: counting caller mistakes (validation errors, 404s) as dependency failures opens the circuit for everyone; treating a timeout as "not a failure" means a hung dependency never opens the circuit; letting every waiting caller through when the cool-down ends stampedes a dependency that is just recovering; letting any success close the circuit, including a slow call admitted before it opened; a probe that never completes keeps the breaker rejecting forever unless the probe is time-boxed; a reset timer per breaker keeps processes alive and leaks in tests, so the open state is computed from the clock when a call arrives
// rules: swallowed-error, missing-timeout
// tags: circuit-breaker, resilience, fail-fast
// @end

export type CircuitState = 'closed' | 'open' | 'half-open';

export interface CircuitBreakerOptions {
  /** Consecutive failures that open the circuit. */
  failureThreshold: number;
  /** How long the circuit stays open before one probe call is allowed. */
  resetTimeoutMs: number;
  /** How long the probe may take before it counts as failed. Default: resetTimeoutMs. At most 2^31-1 ms. */
  probeTimeoutMs?: number;
  /**
   * Which errors count against the dependency. Default: all. Return false for the caller's own mistakes. A
   * TimeoutError always counts and the caller's own abort never does, whatever this returns.
   */
  isFailure?: (error: unknown) => boolean;
  /** Monotonic clock in milliseconds; injectable for tests. Default performance.now. */
  now?: () => number;
}

export interface CallOptions {
  /** The caller's signal: aborting it aborts the operation, and that abort counts neither way. */
  signal?: AbortSignal;
}

/** Rejection while the circuit is open: the call was not attempted. */
export class CircuitOpenError extends Error {
  override readonly name = 'CircuitOpenError';

  constructor(readonly retryAfterMs: number) {
    super(`Circuit is open; not calling the dependency for another ${Math.ceil(retryAfterMs)} ms`);
  }
}

/** Rejection of a probe that took longer than probeTimeoutMs; `name` matches AbortSignal.timeout()'s DOMException. */
export class ProbeTimeoutError extends Error {
  override readonly name = 'TimeoutError';

  constructor(readonly timeoutMs: number) {
    super(`The circuit breaker's probe did not finish within ${timeoutMs} ms`);
  }
}

/** Node's timers hold at most 2^31-1 ms; a longer delay would fire after 1 ms. */
const TIMER_MAX_MS = 2 ** 31 - 1;

function checkPositive(value: unknown, name: string, max = Number.MAX_VALUE): void {
  if (typeof value !== 'number' || Number.isNaN(value)) {
    throw new TypeError(`Expected \`${name}\` to be a number, got ${String(value)} (${typeof value})`);
  }
  if (value <= 0 || !Number.isFinite(value) || value > max) {
    throw new RangeError(`Expected \`${name}\` to be a finite number > 0 and <= ${max}, got ${value}`);
  }
}

const isTimeout = (error: unknown): boolean => error instanceof Error && error.name === 'TimeoutError';

/** Rejects with the signal's reason once it aborts; `dispose()` removes the listener. */
function rejectOnAbort(signal: AbortSignal): { promise: Promise<never>; dispose: () => void } {
  let onAbort = (): void => {};
  const promise = new Promise<never>((_resolve, reject) => {
    onAbort = () => reject(signal.reason);
    signal.addEventListener('abort', onAbort, { once: true });
  });
  return { promise, dispose: () => signal.removeEventListener('abort', onAbort) };
}

export class CircuitBreaker {
  private readonly failureThreshold: number;
  private readonly resetTimeoutMs: number;
  private readonly probeTimeoutMs: number;
  private readonly isFailure: (error: unknown) => boolean;
  private readonly now: () => number;
  private failures = 0;
  private openedAt: number | undefined;
  /**
   * Bumped on every state change. A call records the generation it was admitted in, and its outcome only counts
   * while that generation is current: a slow call admitted while closed cannot close, or re-open, a later circuit.
   */
  private generation = 0;
  /** The running probe, if any: only this one call may decide whether a half-open circuit closes. */
  private probe: { startedAt: number } | undefined;

  constructor(options: CircuitBreakerOptions) {
    if (typeof options !== 'object' || options === null) {
      throw new TypeError(`Expected \`options\` to be an object, got ${String(options)}`);
    }
    checkPositive(options.failureThreshold, 'failureThreshold');
    if (!Number.isInteger(options.failureThreshold)) {
      throw new RangeError(`Expected \`failureThreshold\` to be an integer, got ${options.failureThreshold}`);
    }
    checkPositive(options.resetTimeoutMs, 'resetTimeoutMs');
    const probeTimeoutMs = options.probeTimeoutMs ?? Math.min(options.resetTimeoutMs, TIMER_MAX_MS);
    checkPositive(probeTimeoutMs, 'probeTimeoutMs', TIMER_MAX_MS);
    if (options.isFailure !== undefined && typeof options.isFailure !== 'function') {
      throw new TypeError(`Expected \`isFailure\` to be a function, got ${String(options.isFailure)}`);
    }
    this.failureThreshold = options.failureThreshold;
    this.resetTimeoutMs = options.resetTimeoutMs;
    this.probeTimeoutMs = probeTimeoutMs;
    this.isFailure = options.isFailure ?? (() => true);
    this.now = options.now ?? (() => performance.now());
  }

  /** Derived from the clock on every read, so no timer is needed to leave the open state. */
  get state(): CircuitState {
    if (this.openedAt === undefined) return 'closed';
    return this.now() - this.openedAt >= this.resetTimeoutMs ? 'half-open' : 'open';
  }

  /**
   * Runs `operation` unless the circuit is open. The operation receives a signal that aborts when the caller's
   * does, and, for the probe, when the probe's time box ends; pass it on, and give ordinary calls their own timeout
   * so that a hung dependency shows up as failures.
   */
  async call<T>(operation: (signal: AbortSignal) => Promise<T>, options: CallOptions = {}): Promise<T> {
    if (typeof operation !== 'function') {
      throw new TypeError(`Expected \`operation\` to be a function, got ${String(operation)} (${typeof operation})`);
    }
    const callerSignal = options.signal;
    callerSignal?.throwIfAborted();
    const state = this.state;
    if (state === 'open') throw new CircuitOpenError(this.resetTimeoutMs - (this.now() - (this.openedAt ?? 0)));
    if (state === 'half-open' && this.probe) {
      throw new CircuitOpenError(Math.max(0, this.probe.startedAt + this.probeTimeoutMs - this.now()));
    }

    const generation = this.generation;
    const probe = state === 'half-open' ? { startedAt: this.now() } : undefined;
    this.probe ??= probe;
    const controller = new AbortController();
    const onCallerAbort = (): void => controller.abort(callerSignal?.reason);
    callerSignal?.addEventListener('abort', onCallerAbort, { once: true });
    const aborted = rejectOnAbort(controller.signal);
    const timer = probe
      ? setTimeout(() => controller.abort(new ProbeTimeoutError(this.probeTimeoutMs)), this.probeTimeoutMs)
      : undefined;
    try {
      // The race settles the call when the probe times out or the caller aborts, even if the operation ignores it.
      const value = await Promise.race([(async () => operation(controller.signal))(), aborted.promise]);
      this.settle(generation, probe, 'success');
      return value;
    } catch (error) {
      // The caller's own abort says nothing about the dependency; a timeout always does.
      if (!callerSignal?.aborted && (isTimeout(error) || this.isFailure(error))) this.settle(generation, probe, 'failure');
      throw error;
    } finally {
      clearTimeout(timer);
      aborted.dispose();
      callerSignal?.removeEventListener('abort', onCallerAbort);
      if (probe && this.probe === probe) this.probe = undefined; // a cancelled probe frees the slot for the next call
    }
  }

  private settle(generation: number, probe: object | undefined, outcome: 'success' | 'failure'): void {
    if (generation !== this.generation) return; // a late outcome of an earlier circuit: it decides nothing now
    if (probe !== undefined && probe !== this.probe) return;
    if (outcome === 'success') {
      this.failures = 0;
      if (probe) this.transition(undefined); // only the probe closes an open circuit
      return;
    }
    this.failures += 1;
    // A failed probe re-opens at once: the dependency has not recovered, so the cool-down starts over.
    if (probe || this.failures >= this.failureThreshold) this.transition(this.now());
  }

  private transition(openedAt: number | undefined): void {
    this.openedAt = openedAt;
    if (openedAt === undefined) this.failures = 0;
    this.generation += 1;
    this.probe = undefined;
  }
}
