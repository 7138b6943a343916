import { Piscina } from 'piscina';
import { MessageChannel } from 'node:worker_threads';
import type { ReviewInput, ReviewResult } from '../review/finding.js';
import type { FileReview } from '../review/language.js';
import type { FileBatch } from '../review/paths.js';
import type { ReviewTask } from '../review/worker.js';
import { DEFAULT_REVIEW_BUDGET_MS, REVIEW_WORKER_HEAP_MB, REVIEW_WORKER_STACK_MB } from './review-defaults.js';

/** Runs reviews, either on the main thread (stdio: one client) or in a worker pool (HTTP: many clients). */
export interface ReviewRunner {
  readonly mode: 'inline' | 'pool';
  review(input: Omit<ReviewInput, 'signal'>, signal?: AbortSignal): Promise<ReviewResult>;
  /**
   * Starts what reviews run on (the worker, which then warms up the TypeScript engine) without waiting for it. Called
   * once the server has answered `initialize`, so that this work never competes with that answer; a review that
   * comes first starts it too.
   */
  start?(): void;
  /** Reviews files on disk (already confined to the roots), under the same budget and cancellation. */
  reviewBatch(batch: FileBatch, signal?: AbortSignal): Promise<FileReview[]>;
  close(): Promise<void>;
}

export class ReviewBudgetExceededError extends Error {
  constructor(budgetMs: number) {
    super(`The review exceeded its time budget of ${budgetMs} ms and was stopped; review a smaller piece of code`);
    this.name = 'ReviewBudgetExceededError';
  }
}

export class ReviewCancelledError extends Error {
  constructor() {
    super('The review was cancelled by the client');
    this.name = 'ReviewCancelledError';
  }
}

function deadlineSignal(budgetMs: number, signal?: AbortSignal): { combined: AbortSignal; budget: AbortSignal } {
  const budget = AbortSignal.timeout(budgetMs);
  return { combined: signal ? AbortSignal.any([signal, budget]) : budget, budget };
}

/**
 * Main-thread reviews. The engine checks the signal between rules and files, so a cancelled or over-budget review
 * stops at the next check; the reviewer module (ts-morph, about a second to load) is imported on first use.
 */
export function createInlineRunner(budgetMs: number = DEFAULT_REVIEW_BUDGET_MS): ReviewRunner {
  return {
    mode: 'inline',
    async review(input, signal) {
      const { reviewCode } = await import('../review/index.js');
      const { combined, budget } = deadlineSignal(budgetMs, signal);
      try {
        const result = await reviewCode({ ...input, signal: combined });
        if (budget.aborted) throw new ReviewBudgetExceededError(budgetMs);
        return result;
      } catch (error) {
        if (budget.aborted) throw new ReviewBudgetExceededError(budgetMs);
        if (signal?.aborted) throw new ReviewCancelledError();
        throw error;
      }
    },
    async reviewBatch(batch, signal) {
      const { reviewFileBatch } = await import('../review/paths.js');
      const { combined, budget } = deadlineSignal(budgetMs, signal);
      combined.throwIfAborted();
      const result = await reviewFileBatch(batch);
      // Inline file reviews cannot be interrupted mid-batch; the budget and cancellation are checked after each.
      if (budget.aborted) throw new ReviewBudgetExceededError(budgetMs);
      if (signal?.aborted) throw new ReviewCancelledError();
      return result;
    },
    start: () => undefined,
    close: async () => {},
  };
}

/** Reviews waiting for a worker beyond this many per worker are refused at once ("busy, retry") instead of queued. */
export const MAX_QUEUED_PER_WORKER = 64;

export class ReviewQueueFullError extends Error {
  constructor(limit: number) {
    super(`The server is busy: ${limit} reviews are already waiting for a worker; retry shortly`);
    this.name = 'ReviewQueueFullError';
  }
}

/**
 * Worker-pool reviews (piscina). CPU-heavy reviews then cannot starve other requests, and a review past its budget
 * or cancelled by the client is stopped for real: piscina terminates the worker running it. The budget runs from
 * the moment a worker starts the review (the worker says so over a MessagePort), not from when it was queued.
 */
export function createPoolRunner(options: { threads: number; budgetMs?: number; maxQueued?: number }): ReviewRunner {
  const budgetMs = options.budgetMs ?? DEFAULT_REVIEW_BUDGET_MS;
  const maxQueue = options.maxQueued ?? MAX_QUEUED_PER_WORKER * options.threads;
  // Counted here rather than with piscina's maxQueue, which does not apply to tasks that carry an AbortSignal.
  let admitted = 0;
  // Created on start() or the first review, not here: its first worker imports TypeScript and parses the lib files
  // (seconds of CPU), which must not run while the server is still answering `initialize`.
  let pool: Piscina<ReviewTask, ReviewResult | FileReview[]> | undefined;
  const getPool = (): Piscina<ReviewTask, ReviewResult | FileReview[]> =>
    (pool ??= new Piscina<ReviewTask, ReviewResult | FileReview[]>({
      filename: new URL('../review/worker.js', import.meta.url).href,
      minThreads: 1,
      maxThreads: options.threads,
      // A worker holds a warm ts-morph Project (~100 MB); let idle extra workers go after a minute.
      idleTimeout: 60_000,
      // Each review rebuilds the type checker; without a cap V8 keeps the freed pages and RSS climbs for a long
      // while. A worker that still runs out is replaced, and its review answered with an error.
      // The TypeScript parser recurses per nesting level: 64 MB of stack takes 20,000 nested parentheses in stride.
      resourceLimits: { maxOldGenerationSizeMb: REVIEW_WORKER_HEAP_MB, stackSizeMb: REVIEW_WORKER_STACK_MB },
    }));
  async function run(task: Omit<ReviewTask, 'started'>, signal?: AbortSignal): Promise<ReviewResult | FileReview[]> {
      if (admitted >= options.threads + maxQueue) throw new ReviewQueueFullError(maxQueue);
      admitted += 1;
      const budget = new AbortController();
      const { port1, port2 } = new MessageChannel();
      let timer: NodeJS.Timeout | undefined;
      port1.once('message', () => {
        timer = setTimeout(() => budget.abort(), budgetMs);
        port1.close();
      });
      const combined = signal ? AbortSignal.any([signal, budget.signal]) : budget.signal;
      try {
        return await getPool().run({ ...task, started: port2 }, { signal: combined, transferList: [port2] });
      } catch (error) {
        if (budget.signal.aborted) throw new ReviewBudgetExceededError(budgetMs);
        if (signal?.aborted) throw new ReviewCancelledError();
        const text = `${(error as Error).message} ${(error as { code?: string }).code ?? ''}`;
        if (/out of memory|ERR_WORKER_OUT_OF_MEMORY/i.test(text)) {
          throw new Error(`The review ran out of memory (worker heap limit ${REVIEW_WORKER_HEAP_MB} MB) and was stopped; review a smaller piece of code`);
        }
        throw error;
      } finally {
        admitted -= 1;
        clearTimeout(timer);
        port1.close();
      }
  }
  return {
    mode: 'pool',
    review: async (input, signal) => (await run({ input }, signal)) as ReviewResult,
    reviewBatch: async (batch, signal) => (await run({ batch }, signal)) as FileReview[],
    start: () => void getPool(),
    close: async () => {
      await pool?.close({ force: true });
    },
  };
}
