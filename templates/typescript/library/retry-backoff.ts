// @pattern
// id: retry-backoff
// title: Retry with exponential backoff and jitter, with p-retry
// summary: The retry-backoff pattern on p-retry: only errors worth retrying are retried, delays grow exponentially with randomisation under a cap, attempts and total time are bounded, and an abort stops the attempt and the wait at once.
// minimum: node 20, ecmascript ES2022, typescript 5.0
// library: p-retry 7.1.1
// prefer-library: the project already uses the sindresorhus p-* family, or several call sites need the same retry policy with hooks (onFailedAttempt, shouldConsumeRetry for rate-limit errors that should not use up an attempt) and you want a maintained implementation with its own tests
// prefer-handwritten: you need full jitter (p-retry's randomize multiplies the delay by a factor in [1, 2), so clients that failed together stay within one window), a per-attempt deadline, Retry-After handling or an injectable random source for exact-delay tests; or the code must run where an ESM-only dependency is not welcome
// newer: p-retry 8 and 9 need Node 22; 7.1.1 is the newest release for Node 20
// apis: p-retry.pRetry, p-retry.AbortError, p-retry.RetryContext, AbortSignal, AbortSignal.reason
// pitfalls: p-retry defaults to 10 retries starting at 1 s with no jitter, so an untuned call can retry for over 15 minutes in lockstep with every other client; with retries: Infinity and no maxTimeout the delay keeps doubling past 2^31-1 ms, which Node's setTimeout turns into 1 ms, so the backoff becomes a hot loop; maxRetryTime only stops new attempts, it does not end an attempt in flight, so the operation itself needs the signal; p-retry never retries a TypeError unless is-network-error recognises it as a network failure, whatever shouldRetry says, so a client that reports transient faults as TypeError is not retried
// rules: await-in-loop, swallowed-error
// unmet: delay-capped-jittered: p-retry 7.1.1 has no full jitter and no injectable random source: with randomize its calculateDelay (index.js) waits round((Math.random() + 1) * minTimeout * factor^(n-1)) capped at maxTimeout, so a wait lies in [cap, 2 x cap) and never near 0, and clients that failed together stay within one window; the hand-written template (variant "main") gives uniform [0, cap]
// tags: retry, backoff, jitter, resilience, cancellation, library, p-retry
// @end

import pRetry, { AbortError, type RetryContext } from 'p-retry';

export interface RetryOptions {
  /** Retries after the first attempt (so at most `retries + 1` attempts). Default 3. */
  retries?: number;
  /** The first delay. Default 100 ms. */
  minDelayMs?: number;
  /** No delay ever exceeds this. Default 10 s; at most 2^31-1 ms, the largest delay setTimeout honours. */
  maxDelayMs?: number;
  /** Growth per attempt. Default 2. */
  factor?: number;
  /** No new attempt starts after this many ms since the first (p-retry's maxRetryTime). Default: no limit. */
  budgetMs?: number;
  /** Decides whether an error is transient. Default: every error (p-retry itself never retries a plain TypeError). */
  shouldRetry?: (error: Error, attempt: number) => boolean;
  /** Called after each failed attempt that will be retried, before the wait, for logging or metrics. */
  onRetry?: (info: { error: Error; attempt: number; retriesLeft: number }) => void;
  /** Aborting stops the current attempt (it receives the signal) and any wait in progress. */
  signal?: AbortSignal;
}

/** setTimeout turns a longer delay into 1 ms, so a cap above this would end the backoff. */
const MAX_TIMER_MS = 2 ** 31 - 1;

function checkNumber(value: unknown, name: string, min: number, max = Number.MAX_VALUE): number {
  if (typeof value !== 'number' || Number.isNaN(value)) {
    throw new TypeError(`Expected \`${name}\` to be a number, got ${String(value)} (${typeof value})`);
  }
  if (value < min || value > max) throw new RangeError(`Expected \`${name}\` to be between ${min} and ${max}, got ${value}`);
  return value;
}

/**
 * Calls `operation` until it succeeds, `shouldRetry` says no, or the retries or the budget run out; the last
 * error is rethrown unchanged. On abort, rejects with `signal.reason`, whether mid-attempt or mid-wait.
 */
export async function retry<T>(
  operation: (attempt: number, signal: AbortSignal | undefined) => Promise<T>,
  options: RetryOptions = {},
): Promise<T> {
  if (typeof operation !== 'function') {
    throw new TypeError(`Expected \`operation\` to be a function, got ${String(operation)} (${typeof operation})`);
  }
  // A bound against a typo, far above any sane policy; p-retry itself accepts Infinity. Late attempts stay finite:
  // from attempt 1025 factor^(n-1) is Infinity in floating point and p-retry's Math.min gives maxTimeout.
  const retries = checkNumber(options.retries ?? 3, 'retries', 0, 100_000);
  if (!Number.isInteger(retries)) throw new RangeError(`Expected \`retries\` to be an integer, got ${retries}`);
  const minTimeout = checkNumber(options.minDelayMs ?? 100, 'minDelayMs', 0, MAX_TIMER_MS);
  const maxTimeout = checkNumber(options.maxDelayMs ?? 10_000, 'maxDelayMs', minTimeout, MAX_TIMER_MS);
  const factor = checkNumber(options.factor ?? 2, 'factor', 1, 100);
  const maxRetryTime = options.budgetMs === undefined ? Number.POSITIVE_INFINITY : checkNumber(options.budgetMs, 'budgetMs', 0);
  const { signal, onRetry, shouldRetry } = options;

  return pRetry(
    async (attempt) => {
      try {
        return await operation(attempt, signal);
      } catch (error) {
        // The caller gave up: report its reason, never retry (p-retry would also check the signal, but only after
        // running shouldRetry and onFailedAttempt on an error that is not about the operation).
        if (signal?.aborted) throw new AbortError(toError(signal.reason));
        throw error;
      }
    },
    {
      retries,
      minTimeout,
      maxTimeout,
      factor,
      randomize: true, // spreads clients over [delay, 2 * delay); without it every client retries in lockstep
      maxRetryTime,
      ...(signal ? { signal } : {}),
      // p-retry asks shouldRetry only when a retry is still possible (attempts and budget left, not a plain
      // TypeError), so this is also the one place that knows a wait is coming.
      shouldRetry: ({ error, attemptNumber, retriesLeft }: RetryContext) => {
        const again = shouldRetry?.(error, attemptNumber) ?? true;
        if (again) onRetry?.({ error, attempt: attemptNumber, retriesLeft });
        return again;
      },
    },
  ).catch((error: unknown) => {
    // p-retry's AbortError rejects with the wrapped error; for an abort, that is an Error made from the reason.
    if (signal?.aborted) throw signal.reason;
    throw error;
  });
}

function toError(reason: unknown): Error {
  return reason instanceof Error ? reason : new Error(String(reason));
}

/** Example predicate: retry network-level failures and 429/5xx responses, never other client errors. */
export function isTransientHttpError(error: unknown): boolean {
  if (typeof error !== 'object' || error === null) return false;
  const status = (error as { status?: unknown }).status;
  if (typeof status === 'number') return status === 408 || status === 429 || status >= 500;
  const code = (error as { code?: unknown }).code;
  return typeof code === 'string' && ['ECONNRESET', 'ECONNREFUSED', 'ETIMEDOUT', 'EAI_AGAIN'].includes(code);
}
