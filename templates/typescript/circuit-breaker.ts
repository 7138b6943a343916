// @pattern
// id: circuit-breaker
// title: Circuit breaker
// summary: After repeated failures stop calling a sick dependency and fail fast; after a cool-down let one trial call through, and close again only if it succeeds.
// minimum: node 20, ecmascript ES2022, typescript 5.0
// apis: perf_hooks.performance, Promise
// pitfalls: counting caller mistakes (validation errors, 404s) as dependency failures opens the circuit for everyone; letting every waiting caller through when the cool-down ends stampedes a dependency that is just recovering; a reset timer per breaker keeps processes alive and leaks in tests, so state changes are computed from the clock when a call arrives; a breaker without a timeout on the call never sees a hung dependency as a failure
// rules: swallowed-error, missing-timeout
// tags: circuit-breaker, resilience, fail-fast
// @end

export type CircuitState = 'closed' | 'open' | 'half-open';

export interface CircuitBreakerOptions {
  /** Consecutive failures that open the circuit. */
  failureThreshold: number;
  /** How long the circuit stays open before one trial call is allowed. */
  resetTimeoutMs: number;
  /** Which errors count against the dependency. Default: all. Return false for the caller's own mistakes. */
  isFailure?: (error: unknown) => boolean;
  /** Monotonic clock in milliseconds; injectable for tests. Default performance.now. */
  now?: () => number;
}

/** Rejection while the circuit is open: the call was not attempted. */
export class CircuitOpenError extends Error {
  override readonly name = 'CircuitOpenError';

  constructor(readonly retryAfterMs: number) {
    super(`Circuit is open; not calling the dependency for another ${Math.ceil(retryAfterMs)} ms`);
  }
}

function checkPositive(value: unknown, name: string): void {
  if (typeof value !== 'number' || Number.isNaN(value)) {
    throw new TypeError(`Expected \`${name}\` to be a number, got ${String(value)} (${typeof value})`);
  }
  if (value <= 0 || !Number.isFinite(value)) {
    throw new RangeError(`Expected \`${name}\` to be a finite number > 0, got ${value}`);
  }
}

export class CircuitBreaker {
  private readonly failureThreshold: number;
  private readonly resetTimeoutMs: number;
  private readonly isFailure: (error: unknown) => boolean;
  private readonly now: () => number;
  private failures = 0;
  private openedAt: number | undefined;
  /** True while the single half-open trial call is running. */
  private trialInFlight = false;

  constructor(options: CircuitBreakerOptions) {
    if (typeof options !== 'object' || options === null) {
      throw new TypeError(`Expected \`options\` to be an object, got ${String(options)}`);
    }
    checkPositive(options.failureThreshold, 'failureThreshold');
    if (!Number.isInteger(options.failureThreshold)) {
      throw new RangeError(`Expected \`failureThreshold\` to be an integer, got ${options.failureThreshold}`);
    }
    checkPositive(options.resetTimeoutMs, 'resetTimeoutMs');
    this.failureThreshold = options.failureThreshold;
    this.resetTimeoutMs = options.resetTimeoutMs;
    this.isFailure = options.isFailure ?? (() => true);
    this.now = options.now ?? (() => performance.now());
  }

  /** Derived from the clock on every read, so no timer is needed to leave the open state. */
  get state(): CircuitState {
    if (this.openedAt === undefined) return 'closed';
    return this.now() - this.openedAt >= this.resetTimeoutMs ? 'half-open' : 'open';
  }

  /** Runs `operation` unless the circuit is open; give the operation its own timeout so hangs count as failures. */
  async call<T>(operation: () => Promise<T>): Promise<T> {
    if (typeof operation !== 'function') {
      throw new TypeError(`Expected \`operation\` to be a function, got ${String(operation)} (${typeof operation})`);
    }
    const state = this.state;
    if (state === 'open' || (state === 'half-open' && this.trialInFlight)) {
      const elapsed = this.now() - (this.openedAt ?? 0);
      throw new CircuitOpenError(Math.max(0, this.resetTimeoutMs - elapsed));
    }
    const isTrial = state === 'half-open';
    if (isTrial) this.trialInFlight = true;
    try {
      const value = await operation();
      this.failures = 0;
      this.openedAt = undefined;
      return value;
    } catch (error) {
      if (this.isFailure(error)) this.recordFailure(isTrial);
      throw error;
    } finally {
      if (isTrial) this.trialInFlight = false;
    }
  }

  private recordFailure(isTrial: boolean): void {
    this.failures += 1;
    // A failed trial re-opens at once: the dependency has not recovered, so the cool-down starts over.
    if (isTrial || this.failures >= this.failureThreshold) this.openedAt = this.now();
  }
}
