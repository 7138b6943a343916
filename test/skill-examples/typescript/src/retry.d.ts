// The module under test in SKILL.md's fake-timer example (`import { retryWithBackoff } from '../src/retry.js'`):
// declared, not implemented; the example is the test that drives its implementation.
export interface RetryOptions {
  /** First delay in milliseconds; each later delay doubles. */
  baseMs: number;
  /** Randomise the delays (off in tests, so the delays are exact). */
  jitter: boolean;
}

export declare function retryWithBackoff<T>(op: () => Promise<T>, options: RetryOptions): Promise<T>;
