/**
 * The worker-thread entry for reviews in HTTP mode (run by piscina, see src/server/review-runner.ts). Each worker
 * keeps its own long-lived ts-morph Project and tree-sitter parser across the reviews it runs.
 */
import type { MessagePort } from 'node:worker_threads';
import type { ReviewInput, ReviewResult } from './finding.js';
import { reviewCode, warmUp } from './index.js';
import type { FileReview } from './language.js';
import { reviewFileBatch, type FileBatch } from './paths.js';

// Build the Project and type-check a tiny file as soon as the worker starts, so the first real review is fast.
void warmUp();

export interface ReviewTask {
  /** A snippet (review_code) ... */
  input?: Omit<ReviewInput, 'signal'>;
  /** ... or files on disk already confined to the roots (review_files, review_diff). */
  batch?: FileBatch;
  /** Told when the review starts running, so the time budget excludes time spent waiting in the queue. */
  started: MessagePort;
}

export default async function review({ input, batch, started }: ReviewTask): Promise<ReviewResult | FileReview[]> {
  started.postMessage('started');
  started.close();
  if (batch) return reviewFileBatch(batch);
  return reviewCode(input!);
}
