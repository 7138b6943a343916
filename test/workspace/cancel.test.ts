// review_files / review_diff stop between batches when the client cancels, and report progress per batch: driven
// through reviewFilesInRoots with a runner that records what it was asked to review.
import { mkdtempSync, realpathSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ServerContext } from '../../src/server/context.js';
import { reviewFilesInRoots, type ToolExtra } from '../../src/server/file-review.js';
import type { ReviewRunner } from '../../src/server/review-runner.js';
import { makeRoots } from '../../src/workspace/roots.js';

let dir: string;
const files: string[] = [];

beforeAll(() => {
  dir = realpathSync(mkdtempSync(join(tmpdir(), 'cancel-')));
  for (let i = 0; i < 25; i++) {
    const f = join(dir, `f${String(i).padStart(2, '0')}.ts`);
    writeFileSync(f, 'export const x = 1;\n');
    files.push(f);
  }
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function harness(cancelAfterBatches: number) {
  const controller = new AbortController();
  const reviewed: number[] = [];
  const progress: Array<{ progress: number; total: number }> = [];
  const reviews: ReviewRunner = {
    mode: 'inline',
    review: () => Promise.reject(new Error('not used')),
    async reviewBatch(batch, signal) {
      signal?.throwIfAborted();
      reviewed.push(batch.paths.length);
      if (reviewed.length === cancelAfterBatches) controller.abort(); // the client's notifications/cancelled arrives
      return batch.paths.map((path) => ({ path, findings: [], suppressed: 0 })) as never;
    },
    close: async () => {},
  };
  const extra = {
    signal: controller.signal,
    _meta: { progressToken: 7 },
    sendNotification: async (n: { params: { progress: number; total: number } }) => {
      progress.push({ progress: n.params.progress, total: n.params.total });
    },
  } as unknown as ToolExtra;
  const ctx = { reviews } as unknown as ServerContext;
  return { ctx, extra, reviewed, progress };
}

describe('progress and cancellation of file reviews', () => {
  it('sends files done / total after each batch of 10', async () => {
    const h = harness(0);
    const out = await reviewFilesInRoots(h.ctx, h.extra, makeRoots([dir], 'cli'), files, {});
    expect(out.results).toHaveLength(25);
    expect(h.reviewed).toEqual([10, 10, 5]);
    expect(h.progress).toEqual([0, 10, 20, 25].map((progress) => ({ progress, total: 25 })));
  });

  it('stops at the next batch once the client cancels, and reviews nothing more', async () => {
    const h = harness(1);
    await expect(reviewFilesInRoots(h.ctx, h.extra, makeRoots([dir], 'cli'), files, {})).rejects.toThrow(/cancelled by the client/);
    expect(h.reviewed).toEqual([10]);
    expect(h.progress.at(-1)).toEqual({ progress: 10, total: 25 });
  });
});
