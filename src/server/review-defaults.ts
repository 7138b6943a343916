import { availableParallelism } from 'node:os';

/** How long one review may take before it is stopped and answered with an error. */
export const DEFAULT_REVIEW_BUDGET_MS = 20_000;

/** Old-generation heap cap of each review worker: a ts-morph Project levels off well below it (~100 MB live). */
export const REVIEW_WORKER_HEAP_MB = 384;

/** Stack of each review worker: deeply nested code (20,000 parentheses) needs more than Node's default 4 MB. */
export const REVIEW_WORKER_STACK_MB = 64;

/** Default worker count in HTTP mode: leave a core for the event loop, cap at 4. */
export function defaultReviewWorkers(): number {
  return Math.max(1, Math.min(4, availableParallelism() - 1));
}
