/**
 * The worker-thread entry for reviews in HTTP mode (run by piscina, see src/server/review-runner.ts). Each worker
 * keeps its own long-lived ts-morph Project and tree-sitter parser across the reviews it runs.
 */
import type { ReviewInput, ReviewResult } from './finding.js';
import { reviewCode, warmUp } from './index.js';

// Build the Project and type-check a tiny file as soon as the worker starts, so the first real review is fast.
void warmUp();

export default async function review(input: Omit<ReviewInput, 'signal'>): Promise<ReviewResult> {
  return reviewCode(input);
}
