// @pattern
// id: cancellation-cleanup
// title: Cancellation with cleanup
// summary: Thread one AbortSignal through every step, check it before starting expensive work, undo partial work in finally, and let the cancellation propagate instead of turning it into a result.
// minimum: node 20, ecmascript ES2022, typescript 5.0
// apis: AbortSignal, AbortSignal.throwIfAborted, AbortSignal.reason, EventTarget.addEventListener, EventTarget.removeEventListener, AggregateError
// pitfalls: a catch that logs and returns normally on abort makes the caller believe the work finished; forgetting to pass the signal to the inner call (fetch, stream, timer) leaves it running after the abort; an abort listener that is never removed leaks one closure per call on a long-lived signal; wrapping a promise with a rejecting abort race stops the waiting but not the work, so prefer APIs that accept a signal
// rules: swallowed-error, floating-promise, missing-timeout
// tags: cancellation, abortsignal, cleanup, finally
// @end

/** True for the rejection an aborted operation produces: the signal's own reason, or a DOM-style AbortError. */
export function isAbortError(error: unknown, signal?: AbortSignal): boolean {
  if (signal?.aborted === true && error === signal.reason) return true;
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
  /** Undoes the work of a batch that did not complete (delete the partial file, roll back the transaction). */
  rollback: (completed: number) => Promise<void>;
  /** Always runs last, completed or not (close handles, release leases). */
  close: () => Promise<void>;
}

/**
 * Runs a job step by step under `signal`. On abort or failure it rolls back, always closes, and then rethrows the
 * original reason: a cancelled job never reports success. Returns the number of items processed.
 */
export async function runBatchJob<T>(job: BatchJob<T>, signal: AbortSignal): Promise<number> {
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

  let completed = 0;
  try {
    // Ordered steps: each item is processed after the previous one on purpose (think appending to one file).
    for (const item of job.items) {
      // Check before each step so an abort between steps starts no new work.
      signal.throwIfAborted();
      await job.process(item, signal);
      completed += 1;
    }
    return completed;
  } catch (error) {
    // Cleanup that must run even though we were cancelled gets no signal: it should not be cut short itself.
    try {
      await job.rollback(completed);
    } catch (rollbackError) {
      // Keep both: the reason the job stopped matters as much as the failed undo.
      throw new AggregateError([error, rollbackError], 'The job stopped and its rollback failed too');
    }
    throw error;
  } finally {
    await job.close();
  }
}
