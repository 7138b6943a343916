/**
 * Runs a review of files inside the roots for review_files and review_diff: plans batches by language and project
 * target, runs them on the review runner (budget, worker pool), sends notifications/progress (files done / total)
 * when the request carries a progressToken, and stops between batches on notifications/cancelled.
 */
import type { RequestHandlerExtra } from '@modelcontextprotocol/sdk/shared/protocol.js';
import type { ServerNotification, ServerRequest } from '@modelcontextprotocol/sdk/types.js';
import { summarize, type Finding, type ReviewTarget } from '../review/finding.js';
import { relativePath } from '../review/files.js';
import type { TargetSource } from '../review/paths.js';
import { rootOf, type Roots } from '../workspace/roots.js';
import type { ServerContext } from './context.js';
import { ReviewCancelledError } from './review-runner.js';

export type ToolExtra = RequestHandlerExtra<ServerRequest, ServerNotification>;

/** Files per batch: small enough for prompt progress and cancellation, large enough to share one type checker. */
const BATCH_SIZE = 10;

export interface FileResult {
  /** Relative to its root when there is one root, else absolute. */
  file: string;
  findings: Finding[];
  target: ReviewTarget;
  /** Where each target axis came from when the call named none. */
  targetSource: TargetSource;
}

export async function reviewFilesInRoots(
  ctx: ServerContext,
  extra: ToolExtra,
  roots: Roots,
  files: readonly string[],
  options: { target?: ReviewTarget; rules?: string[]; keep?: (file: string, finding: Finding) => boolean },
) {
  // Loaded on call: review/paths.js reads project targets through ts-morph and the XML/TOML/INI parsers, which
  // a stdio start-up would otherwise import before it can answer `initialize` (bench/PROFILE.md).
  const { checkRuleIds, planBatches } = await import('../review/paths.js');
  await checkRuleIds(options.rules);
  const batches = planBatches(files, { ...options, stopAt: (f) => rootOf(f, roots), batchSize: BATCH_SIZE });
  const total = batches.reduce((n, b) => n + b.paths.length, 0);
  const token = extra._meta?.progressToken;
  let done = 0;
  const progress = async (): Promise<void> => {
    if (token === undefined) return;
    await extra.sendNotification({ method: 'notifications/progress', params: { progressToken: token, progress: done, total, message: `${done} of ${total} files reviewed` } });
  };
  await progress();
  const results: FileResult[] = [];
  let suppressed = 0;
  for (const batch of batches) {
    if (extra.signal.aborted) throw new ReviewCancelledError();
    const reviews = await ctx.reviews.reviewBatch(batch, extra.signal);
    for (const r of reviews) {
      const findings = options.keep ? r.findings.filter((f) => options.keep!(r.path, f)) : r.findings;
      suppressed += r.suppressed;
      const file = roots.dirs.length === 1 ? relativePath(roots.dirs[0]!, r.path) : r.path;
      results.push({ file, findings, target: batch.target, targetSource: batch.targetSource });
    }
    done += batch.paths.length;
    await progress();
  }
  results.sort((a, b) => a.file.localeCompare(b.file));
  const all = results.flatMap((r) => r.findings);
  return { results, summary: { ...summarize(all, suppressed), files: results.length } };
}
