// @pattern
// id: retry-backoff
// title: Retry with exponential backoff and jitter
// summary: Retry only the errors worth retrying, wait an exponentially growing, jittered delay between attempts, and stop at once when the caller aborts.
// minimum: node 20, ecmascript ES2022, typescript 5.0
// apis: timers/promises.setTimeout, AbortSignal, AbortSignal.throwIfAborted, AbortSignal.reason
// pitfalls: a backoff above 2^31-1 ms (about 24.8 days) overflows Node's timers, which then fire after 1 ms, so longer delays must be refused; exponential growth overflows to Infinity (and 0 x Infinity is NaN) at high attempt numbers unless the cap is computed with care; retrying every error (validation failures and 4xx answers never get better); a fixed delay makes every client retry in lockstep, so a recovering server is hit by synchronized waves; a sleep that ignores the abort signal keeps a cancelled request alive for the whole backoff; an unbounded retry loop turns an outage into an infinite hang
// rules: await-in-loop, swallowed-error
// tags: retry, backoff, jitter, resilience, cancellation
// @end

import { setTimeout as sleep } from 'node:timers/promises';

export interface RetryOptions {
  /** Retries after the first attempt (so at most `retries + 1` attempts). Default 3. */
  retries?: number;
  /** Cap of the first delay. Default 100 ms. */
  minDelayMs?: number;
  /** No delay ever exceeds this. Default 10 s. */
  maxDelayMs?: number;
  /** Growth per attempt. Default 2. */
  factor?: number;
  /** Decides whether an error is transient. Default: every error except an abort. */
  shouldRetry?: (error: unknown, attempt: number) => boolean;
  /** Called before each wait, for logging or metrics. */
  onRetry?: (info: { error: unknown; attempt: number; delayMs: number }) => void;
  /** Aborting stops the current attempt (it receives the signal) and any wait in progress. */
  signal?: AbortSignal;
  /** Source of randomness in [0, 1); injectable so tests are deterministic. */
  random?: () => number;
}

/** The longest delay a Node timer holds: setTimeout turns anything longer into 1 ms (TimeoutOverflowWarning). */
export const MAX_DELAY_MS = 2 ** 31 - 1;

function checkNumber(value: unknown, name: string, min: number, max = Number.MAX_VALUE): number {
  if (typeof value !== 'number' || Number.isNaN(value)) {
    throw new TypeError(`Expected \`${name}\` to be a number, got ${String(value)} (${typeof value})`);
  }
  if (value < min || value > max) {
    throw new RangeError(`Expected \`${name}\` to be a finite number between ${min} and ${max}, got ${value}`);
  }
  return value;
}

/**
 * "Full jitter": a uniformly random delay between 0 and the exponential cap for this attempt (1-based), so that
 * clients which failed together spread out instead of retrying in waves.
 */
export function backoffDelay(
  attempt: number,
  options: Pick<RetryOptions, 'minDelayMs' | 'maxDelayMs' | 'factor'> = {},
  random: () => number = Math.random,
): number {
  if (!Number.isInteger(attempt) || attempt < 1) {
    throw new RangeError(`Expected \`attempt\` to be an integer >= 1, got ${String(attempt)}`);
  }
  const minDelayMs = checkNumber(options.minDelayMs ?? 100, 'minDelayMs', 0, MAX_DELAY_MS);
  const maxDelayMs = checkNumber(options.maxDelayMs ?? 10_000, 'maxDelayMs', minDelayMs, MAX_DELAY_MS);
  const factor = checkNumber(options.factor ?? 2, 'factor', 1);
  // factor ** n reaches Infinity at high attempt numbers, and 0 * Infinity is NaN: a zero base stays zero.
  const growth = minDelayMs === 0 ? 0 : minDelayMs * factor ** (attempt - 1);
  const cap = Math.min(maxDelayMs, growth);
  return Math.round(random() * cap);
}

const isAbort = (error: unknown, signal: AbortSignal | undefined): boolean =>
  (signal?.aborted === true && error === signal.reason) ||
  (error instanceof Error && error.name === 'AbortError');

/**
 * Calls `operation` until it succeeds, `shouldRetry` says no, or the retries run out; the last error is rethrown
 * unchanged so callers can still inspect it. On abort, rejects with `signal.reason`, whether mid-attempt or mid-wait.
 */
export async function retry<T>(
  operation: (attempt: number, signal: AbortSignal | undefined) => Promise<T>,
  options: RetryOptions = {},
): Promise<T> {
  if (typeof operation !== 'function') {
    throw new TypeError(`Expected \`operation\` to be a function, got ${String(operation)} (${typeof operation})`);
  }
  const retries = checkNumber(options.retries ?? 3, 'retries', 0);
  if (!Number.isInteger(retries)) throw new RangeError(`Expected \`retries\` to be an integer, got ${retries}`);
  backoffDelay(1, options); // validates the delay options before the first attempt, not after the first failure
  const { signal, onRetry, random = Math.random } = options;
  const shouldRetry = options.shouldRetry ?? ((error: unknown) => !isAbort(error, signal));

  // Each iteration depends on the previous one failing: these awaits are sequential on purpose.
  for (let attempt = 1; ; attempt += 1) {
    signal?.throwIfAborted();
    try {
      return await operation(attempt, signal);
    } catch (error) {
      if (signal?.aborted) throw signal.reason;
      if (attempt > retries || !shouldRetry(error, attempt)) throw error;
      const delayMs = backoffDelay(attempt, options, random);
      onRetry?.({ error, attempt, delayMs });
      try {
        // timers/promises clears its timer when the signal aborts, so a cancelled retry leaves nothing behind.
        await sleep(delayMs, undefined, signal ? { signal } : {});
      } catch (sleepError) {
        // It rejects with a generic AbortError; surface the caller's own reason, as fetch and streams do.
        throw signal?.aborted ? signal.reason : sleepError;
      }
    }
  }
}

/** Example predicate: retry network-level failures and 429/5xx responses, never other client errors. */
export function isTransientHttpError(error: unknown): boolean {
  if (typeof error !== 'object' || error === null) return false;
  const status = (error as { status?: unknown }).status;
  if (typeof status === 'number') return status === 408 || status === 429 || status >= 500;
  const code = (error as { code?: unknown }).code;
  return typeof code === 'string' && ['ECONNRESET', 'ECONNREFUSED', 'ETIMEDOUT', 'EAI_AGAIN'].includes(code);
}
