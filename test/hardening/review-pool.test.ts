import { readFileSync } from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { describe, expect, it } from 'vitest';
import { REPO_ROOT } from '../helpers/spawn-server.js';

// The pool runs dist/review/worker.js (built by the pretest step), so this test drives the built runner too.
const { createPoolRunner } = (await import(pathToFileURL(path.join(REPO_ROOT, 'dist', 'server', 'review-runner.js')).href)) as typeof import('../../src/server/review-runner.js');
const service = readFileSync(path.join(REPO_ROOT, 'bench', 'fixtures', 'service.ts'), 'utf8');

describe('review worker pool', () => {
  it('refuses reviews beyond the queue limit at once, naming the limit, and runs the rest', async () => {
    const runner = createPoolRunner({ threads: 1, maxQueued: 2 });
    try {
      // Once the worker is up, one review runs and two wait: the rest must be refused, not queued.
      await runner.review({ code: 'export const x = 1;\n', language: 'typescript' });
      const outcomes = await Promise.allSettled(
        Array.from({ length: 6 }, () => runner.review({ code: service, language: 'typescript' })),
      );
      const refused = outcomes.filter((o) => o.status === 'rejected');
      const done = outcomes.filter((o) => o.status === 'fulfilled');
      expect(refused.length).toBeGreaterThan(0);
      for (const r of refused) expect(String((r as PromiseRejectedResult).reason)).toMatch(/busy: 2 reviews are already waiting/);
      expect(done.length).toBeGreaterThanOrEqual(3);
    } finally {
      await runner.close();
    }
  });
});
