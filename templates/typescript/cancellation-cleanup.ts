// @pattern
// id: cancellation-cleanup
// title: Cancellation with cleanup
// summary: Thread one AbortSignal through every step, check it before starting expensive work, undo partial work in finally, and let the cancellation propagate instead of turning it into a result.
// minimum: node 20, ecmascript ES2022, typescript 5.0
// apis: AbortSignal, AbortSignal.throwIfAborted, AbortSignal.reason, AbortController, EventTarget.addEventListener, EventTarget.removeEventListener, AggregateError, setTimeout, clearTimeout
// pitfalls: a close() that rejects inside finally replaces the error the job failed with, so collect cleanup errors and keep the original; cleanup without its own time limit hangs the caller when a close never returns, and cleanup given the already-aborted caller signal is cut short at once; a catch that logs and returns normally on abort makes the caller believe the work finished; forgetting to pass the signal to the inner call (fetch, stream, timer) leaves it running after the abort; an abort listener that is never removed leaks one closure per call on a long-lived signal; wrapping a promise with a rejecting abort race stops the waiting but not the work, so prefer APIs that accept a signal
// rules: swallowed-error, floating-promise, missing-timeout
// tags: cancellation, abortsignal, cleanup, finally
// @end

/**
 * True for the rejection an aborted operation produces: the signal's own reason, a DOM-style AbortError, or a
 * CleanupFailedError caused by either.
 */
export function isAbortError(error: unknown, signal?: AbortSignal): boolean {
  if (signal?.aborted === true && error === signal.reason) return true;
  // A cancelled job whose cleanup also failed: the cancellation is its cause.
  if (error instanceof CleanupFailedError) return isAbortError(error.cause, signal);
  return error instanceof Error && error.name === 'AbortError';
}

/**
 * Stops waiting for `promise` when `signal` aborts (rejecting with `signal.reason`) for the rare API that takes no
 * signal. The underlying work continues, so use this only at the edge, around something you cannot cancel.
 */
export function abortable<T>(promise: PromiseLike<T>, signal: AbortSignal): Promise<T> {
  if (signal.aborted) return Promise.reject(signal.reason);
  return new Promise<T>((resolve, reject) => {
    const onAbort = (): void => reject(signal.reason);
    signal.addEventListener('abort', onAbort, { once: true });
    promise.then(
      (value) => {
        signal.removeEventListener('abort', onAbort);
        resolve(value);
      },
      (error: unknown) => {
        signal.removeEventListener('abort', onAbort);
        reject(error);
      },
    );
  });
}

export interface BatchJob<T> {
  /** Items to process, in order. */
  items: Iterable<T>;
  /** Processes one item; must pass `signal` on to whatever it awaits. */
  process: (item: T, signal: AbortSignal) => Promise<void>;
  /**
   * Undoes the work of a batch that did not complete (delete the partial file, roll back the transaction). Its
   * signal is not the caller's: it aborts only when the cleanup time limit passes.
   */
  rollback: (completed: number, signal: AbortSignal) => Promise<void>;
  /** Always runs last, completed or not (close handles, release leases); its signal is the cleanup time limit's. */
  close: (signal: AbortSignal) => Promise<void>;
}

export interface BatchJobOptions {
  /** Time limit of each cleanup step (rollback, close). Default 10 s; at most 2^31-1 ms. */
  cleanupTimeoutMs?: number;
}

/** A cleanup step that did not finish within its time limit; it received an aborted signal. */
export class CleanupTimeoutError extends Error {
  override readonly name = 'CleanupTimeoutError';

  constructor(
    readonly step: string,
    readonly timeoutMs: number,
  ) {
    super(`Cleanup step ${step} did not finish within ${timeoutMs} ms`);
  }
}

/** The job stopped (error or cancellation) and its cleanup failed too: `cause` is why it stopped. */
export class CleanupFailedError extends AggregateError {
  override readonly name = 'CleanupFailedError';
}

/** Node's timers hold at most 2^31-1 ms; a longer delay would fire after 1 ms. */
const MAX_TIMER_MS = 2 ** 31 - 1;

/** Runs one cleanup step under its own time limit; resolves with its error, or undefined when it succeeded. */
async function cleanupStep(step: string, run: (signal: AbortSignal) => Promise<void>, timeoutMs: number): Promise<unknown> {
  const controller = new AbortController();
  let onTimeout = (): void => {};
  const timedOut = new Promise<never>((_resolve, reject) => {
    onTimeout = () => {
      const error = new CleanupTimeoutError(step, timeoutMs);
      controller.abort(error);
      reject(error);
    };
  });
  const timer = setTimeout(onTimeout, timeoutMs);
  try {
    // The race gives up on a step that ignores its signal; the step itself was told to stop.
    await Promise.race([(async () => run(controller.signal))(), timedOut]);
    return undefined;
  } catch (error) {
    return error ?? new Error(`Cleanup step ${step} failed with ${String(error)}`);
  } finally {
    clearTimeout(timer);
  }
}

/**
 * Runs a job step by step under `signal`. On abort or failure it rolls back, always closes, and then rethrows the
 * original reason unchanged: a cancelled job never reports success. If cleanup fails as well, the rejection is a
 * CleanupFailedError whose `cause` is the original reason and whose `errors` hold it and every cleanup failure, so
 * nothing is lost (isAbortError() sees through it). Each cleanup step is bounded by `cleanupTimeoutMs`. Returns
 * the number of items processed.
 */
export async function runBatchJob<T>(job: BatchJob<T>, signal: AbortSignal, options: BatchJobOptions = {}): Promise<number> {
  if (typeof job !== 'object' || job === null) {
    throw new TypeError(`Expected \`job\` to be an object, got ${String(job)}`);
  }
  for (const key of ['process', 'rollback', 'close'] as const) {
    if (typeof job[key] !== 'function') {
      throw new TypeError(`Expected \`job.${key}\` to be a function, got ${String(job[key])} (${typeof job[key]})`);
    }
  }
  if (!(signal instanceof AbortSignal)) {
    throw new TypeError(`Expected \`signal\` to be an AbortSignal, got ${String(signal)} (${typeof signal})`);
  }
  const cleanupTimeoutMs = options.cleanupTimeoutMs ?? 10_000;
  if (typeof cleanupTimeoutMs !== 'number' || !(cleanupTimeoutMs > 0 && cleanupTimeoutMs <= MAX_TIMER_MS)) {
    throw new RangeError(`Expected \`cleanupTimeoutMs\` to be a number in (0, ${MAX_TIMER_MS}], got ${String(cleanupTimeoutMs)}`);
  }

  let completed = 0;
  let stopped: { reason: unknown } | undefined;
  try {
    // Ordered steps: each item is processed after the previous one on purpose (think appending to one file).
    for (const item of job.items) {
      // Check before each step so an abort between steps starts no new work.
      signal.throwIfAborted();
      await job.process(item, signal);
      completed += 1;
    }
  } catch (error) {
    stopped = { reason: error };
  }
  // Cleanup gets its own time limit instead of the caller's signal: being cancelled is exactly when it must run,
  // and it must not hang the caller either.
  const cleanupErrors: unknown[] = [];
  if (stopped) {
    const rollbackError = await cleanupStep('rollback', (s) => job.rollback(completed, s), cleanupTimeoutMs);
    if (rollbackError !== undefined) cleanupErrors.push(rollbackError);
  }
  const closeError = await cleanupStep('close', (s) => job.close(s), cleanupTimeoutMs);
  if (closeError !== undefined) cleanupErrors.push(closeError);

  if (stopped && cleanupErrors.length > 0) {
    // Keep both: the reason the job stopped matters as much as the failed cleanup, and it must stay the cause.
    throw new CleanupFailedError([stopped.reason, ...cleanupErrors], 'The job stopped and its cleanup failed too', {
      cause: stopped.reason,
    });
  }
  if (stopped) throw stopped.reason;
  if (cleanupErrors.length > 0) throw cleanupErrors[0];
  return completed;
}
