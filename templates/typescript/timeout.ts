// @pattern
// id: timeout
// title: Timeout and deadline around an operation
// summary: Give one operation a time budget that aborts its work, and share one absolute deadline across several steps.
// minimum: node 20, ecmascript ES2022, typescript 5.0
// apis: AbortController, AbortSignal, setTimeout, clearTimeout, perf_hooks.performance, Promise.race
// pitfalls: a delay above 2^31-1 ms (about 24.8 days) overflows Node's timers, which then fire after 1 ms, so such budgets must be refused or split; Promise.race against a timer stops the waiting but leaves the operation running unless it receives a signal; a timer that is never cleared keeps the process alive and fires after the work is done; a deadline recomputed per step drifts and lets the total exceed the budget; an abort listener left on a long-lived parent signal leaks one closure per call
// rules: missing-timeout, floating-promise
// tags: timeout, deadline, cancellation, abortsignal
// @end

/** Rejection reason when the time budget runs out; `name` matches the DOMException that AbortSignal.timeout() uses. */
export class TimeoutError extends Error {
  override readonly name = 'TimeoutError';

  constructor(
    readonly timeoutMs: number,
    message = `Operation timed out after ${timeoutMs} ms`,
  ) {
    super(message);
  }
}

export interface TimeoutOptions {
  /** A caller's signal: aborting it aborts the operation too, with the caller's reason. */
  signal?: AbortSignal;
}

/** The longest delay a Node timer holds: setTimeout turns anything longer into 1 ms (TimeoutOverflowWarning). */
export const MAX_TIMEOUT_MS = 2 ** 31 - 1;

function assertDuration(value: unknown, name: string): asserts value is number {
  if (typeof value !== 'number' || Number.isNaN(value)) {
    throw new TypeError(`Expected \`${name}\` to be a number, got ${String(value)} (${typeof value})`);
  }
  if (value < 0 || value > MAX_TIMEOUT_MS) {
    throw new RangeError(`Expected \`${name}\` to be between 0 and ${MAX_TIMEOUT_MS} ms (about 24.8 days), got ${value}`);
  }
}

/**
 * Rejects when `signal` aborts. `dispose()` removes the listener so a signal that outlives this call keeps nothing.
 * The returned promise stays pending when the signal never aborts, which is harmless once disposed.
 */
function rejectOnAbort(signal: AbortSignal): { promise: Promise<never>; dispose: () => void } {
  // On Node 22+, Promise.withResolvers() gives the reject function without capturing it inside the executor.
  let onAbort = (): void => {};
  const promise = new Promise<never>((_resolve, reject) => {
    onAbort = () => {
      reject(signal.reason);
    };
    if (signal.aborted) onAbort();
    else signal.addEventListener('abort', onAbort, { once: true });
  });
  return { promise, dispose: () => signal.removeEventListener('abort', onAbort) };
}

/**
 * Runs `operation` with a signal that aborts after `timeoutMs` (reason: TimeoutError) or when `options.signal` aborts
 * (reason: the caller's). The returned promise settles at that moment even if the operation ignores its signal, so
 * pass the signal on to every call that accepts one (fetch, timers/promises, streams, child processes).
 */
export async function withTimeout<T>(
  operation: (signal: AbortSignal) => Promise<T>,
  timeoutMs: number,
  options: TimeoutOptions = {},
): Promise<T> {
  if (typeof operation !== 'function') {
    throw new TypeError(`Expected \`operation\` to be a function, got ${String(operation)} (${typeof operation})`);
  }
  assertDuration(timeoutMs, 'timeoutMs');
  const parent = options.signal;
  parent?.throwIfAborted();

  const controller = new AbortController();
  const onParentAbort = (): void => controller.abort(parent?.reason);
  parent?.addEventListener('abort', onParentAbort, { once: true });
  // A cleared setTimeout rather than AbortSignal.timeout(): its timer cannot be cancelled when the work finishes early.
  const timer = setTimeout(() => controller.abort(new TimeoutError(timeoutMs)), timeoutMs);
  const aborted = rejectOnAbort(controller.signal);
  try {
    // Promise.race subscribes to the operation, so a rejection that arrives after the timeout is not "unhandled".
    return await Promise.race([operation(controller.signal), aborted.promise]);
  } finally {
    clearTimeout(timer);
    aborted.dispose();
    parent?.removeEventListener('abort', onParentAbort);
  }
}

/**
 * One absolute point in time shared by several steps: each step gets whatever is left, so the total never exceeds
 * the budget. Uses the monotonic clock, which wall-clock adjustments cannot move.
 */
export class Deadline {
  private constructor(private readonly at: number) {}

  /** A deadline `budgetMs` from now. */
  static after(budgetMs: number): Deadline {
    assertDuration(budgetMs, 'budgetMs');
    return new Deadline(performance.now() + budgetMs);
  }

  remainingMs(): number {
    return Math.max(0, this.at - performance.now());
  }

  get expired(): boolean {
    return this.remainingMs() === 0;
  }

  /** Runs one step within the time left; fails fast without starting it when nothing is left. */
  async run<T>(operation: (signal: AbortSignal) => Promise<T>, options: TimeoutOptions = {}): Promise<T> {
    const remaining = this.remainingMs();
    if (remaining === 0) throw new TimeoutError(0, 'Deadline passed before the step started');
    return withTimeout(operation, remaining, options);
  }
}
