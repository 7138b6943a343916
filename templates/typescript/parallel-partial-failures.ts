// @pattern
// id: parallel-partial-failures
// title: Parallel execution with partial failures
// summary: Run independent operations together, keep every outcome, and return successes and failures apart, each tied to its input.
// minimum: node 20, ecmascript ES2022, typescript 5.0
// apis: Promise.allSettled, AggregateError, AbortController, AbortSignal, AbortSignal.throwIfAborted
// pitfalls: returning a partial result after the caller cancelled looks like a complete one, so cancellation must reject; Promise.all rejects on the first failure and drops the other results while the rest keep running; awaiting one by one in a loop serialises independent work; a non-Error rejection (a string, undefined) loses its stack and breaks `error.message`; for a large or data-sized input start them through a limiter (see bounded-concurrency) rather than all at once
// rules: unbounded-concurrency, await-in-loop, floating-promise, swallowed-error
// tags: parallel, allsettled, partial-failure, error-handling
// @end

export interface Success<I, O> {
  input: I;
  index: number;
  value: O;
}

export interface Failure<I> {
  input: I;
  index: number;
  error: Error;
}

export interface PartialResults<I, O> {
  succeeded: Success<I, O>[];
  failed: Failure<I>[];
}

/** Rejections can be any value; wrap the odd ones so every failure has a message and a stack. */
export function toError(reason: unknown): Error {
  if (reason instanceof Error) return reason;
  return new Error(`Non-error rejection: ${String(reason)}`, { cause: reason });
}

export interface SettleOptions {
  /** Aborting it aborts every operation still running; the call then rejects with its reason. */
  signal?: AbortSignal;
}

/**
 * Starts `operation` for every input at once and waits for all of them. Nothing is lost on failure: the result
 * lists successes and failures apart, each with its input and index, so the caller can retry or report precisely.
 * Intended for a handful of independent calls; for hundreds, bound the concurrency first. If the caller aborts, the
 * operations receive the abort through their signal and the call rejects with the caller's reason once they have
 * all settled, rather than return a partial result that looks complete.
 */
export async function settleAll<I, O>(
  inputs: readonly I[],
  operation: (input: I, index: number, signal: AbortSignal) => Promise<O>,
  options: SettleOptions = {},
): Promise<PartialResults<I, O>> {
  if (!Array.isArray(inputs)) {
    throw new TypeError(`Expected \`inputs\` to be an array, got ${String(inputs)} (${typeof inputs})`);
  }
  if (typeof operation !== 'function') {
    throw new TypeError(`Expected \`operation\` to be a function, got ${String(operation)} (${typeof operation})`);
  }
  const { signal } = options;
  signal?.throwIfAborted();
  const controller = new AbortController();
  const onAbort = (): void => controller.abort(signal?.reason);
  signal?.addEventListener('abort', onAbort, { once: true });
  let outcomes: PromiseSettledResult<O>[];
  try {
    // The async wrapper turns a synchronous throw into a rejection, so one bad input cannot abort the whole batch.
    outcomes = await Promise.allSettled(inputs.map(async (input, index) => operation(input, index, controller.signal)));
  } finally {
    signal?.removeEventListener('abort', onAbort);
  }
  if (signal?.aborted) throw signal.reason;
  const result: PartialResults<I, O> = { succeeded: [], failed: [] };
  outcomes.forEach((outcome, index) => {
    const input = inputs[index] as I; // allSettled keeps input order and length
    if (outcome.status === 'fulfilled') result.succeeded.push({ input, index, value: outcome.value });
    else result.failed.push({ input, index, error: toError(outcome.reason) });
  });
  return result;
}

/**
 * For callers that can live with some failures but not with all of them: returns the successful values, or throws
 * one AggregateError carrying every failure when nothing succeeded.
 */
export async function settleAllOrThrow<I, O>(
  inputs: readonly I[],
  operation: (input: I, index: number, signal: AbortSignal) => Promise<O>,
  options: SettleOptions = {},
): Promise<{ values: O[]; failed: Failure<I>[] }> {
  const { succeeded, failed } = await settleAll(inputs, operation, options);
  if (succeeded.length === 0 && failed.length > 0) {
    throw new AggregateError(
      failed.map((f) => f.error),
      `All ${failed.length} operations failed`,
    );
  }
  return { values: succeeded.map((s) => s.value), failed };
}
