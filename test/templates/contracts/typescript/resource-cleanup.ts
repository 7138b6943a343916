import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { writeFile } from 'node:fs/promises';
import type * as Template from '../../../../templates/typescript/resource-cleanup.js';
import type * as Legacy from '../../../../templates/typescript/legacy/resource-cleanup.js';
import { rejection, type Scenario } from './harness.js';

/** Every error reachable from `error`: SuppressedError's error/suppressed, AggregateError's errors, and causes. */
export function reachable(error: unknown, out: unknown[] = []): unknown[] {
  if (out.includes(error)) return out;
  out.push(error);
  if (typeof error === 'object' && error !== null) {
    const e = error as { error?: unknown; suppressed?: unknown; errors?: unknown[]; cause?: unknown };
    for (const next of [e.error, e.suppressed, e.cause, ...(Array.isArray(e.errors) ? e.errors : [])]) {
      if (next !== undefined) reachable(next, out);
    }
  }
  return out;
}

/** Scenarios both resource-cleanup templates meet: the main one (await using) and the legacy one (try/finally). */
export function cleanupScenarios(t: typeof Template | typeof Legacy): Scenario[] {
  const { TempDirectory, renderViaScratchFile, withScratchDirectories } = t;
  /** Logs every close() of a TempDirectory while `body` runs; `fail` makes close() throw after removing. */
  const spyOnClose = async <T>(body: (closed: string[]) => Promise<T>, fail?: Error): Promise<T> => {
    const original = TempDirectory.prototype.close;
    const closed: string[] = [];
    TempDirectory.prototype.close = async function (this: InstanceType<typeof TempDirectory>) {
      closed.push(this.path);
      await original.call(this);
      if (fail) throw fail;
    };
    try {
      return await body(closed);
    } finally {
      TempDirectory.prototype.close = original;
    }
  };
  return [
    {
      item: 'released-on-every-path',
      title: 'the body returns, throws, and is aborted mid-await: the directory is removed each time, errors pass through',
      clock: 'real',
      async run() {
        let path = '';
        assert.equal(await renderViaScratchFile(async (p) => void (path = p, await writeFile(p, 'ok'))), 'ok');
        assert.equal(existsSync(path), false);
        const failure = new Error('render failed');
        assert.equal(await rejection(renderViaScratchFile(async (p) => ((path = p), Promise.reject(failure)))), failure);
        assert.equal(existsSync(path), false);
        const controller = new AbortController();
        const cancelled = renderViaScratchFile(
          (p) =>
            new Promise<void>((_resolve, reject) => {
              path = p;
              controller.signal.addEventListener('abort', () => reject(controller.signal.reason), { once: true });
              // Cancelled while the body awaits (not before it started: creating the directory takes a moment).
              setTimeout(() => controller.abort(new Error('cancelled')), 5);
            }),
        );
        assert.equal(((await rejection(cancelled)) as Error).message, 'cancelled');
        assert.equal(existsSync(path), false);
      },
    },
    {
      item: 'release-error-keeps-original',
      title: 'the body throws A and the release throws B: both reachable from what the caller gets',
      clock: 'real',
      async run() {
        const a = new Error('A: body failed');
        const b = new Error('B: release failed');
        const error = await spyOnClose(() => rejection(renderViaScratchFile(async () => Promise.reject(a))), b);
        const all = reachable(error);
        assert.ok(all.includes(a), 'the body error was lost');
        assert.ok(all.includes(b), 'the release error was lost');
      },
    },
    {
      item: 'partial-acquire-released',
      title: 'three acquisitions where the third fails: the first two removed, the error reaches the caller',
      clock: 'real',
      async run() {
        let used = false;
        const { error, closed } = await spyOnClose(async (closedPaths) => ({
          error: await rejection(withScratchDirectories(['a-', 'b-', 'bad/prefix'], async () => void (used = true))),
          closed: closedPaths,
        }));
        assert.ok(error instanceof TypeError, String(error));
        assert.equal(used, false);
        assert.equal(closed.length, 2);
        for (const p of closed) assert.equal(existsSync(p), false);
      },
    },
    {
      item: 'reverse-order',
      title: 'acquire a, b, c: released c, b, a',
      clock: 'real',
      async run() {
        const { opened, closed } = await spyOnClose(async (closedPaths) => ({
          opened: await withScratchDirectories(['a-', 'b-', 'c-'], async (dirs) => dirs.map((d) => d.path)),
          closed: closedPaths,
        }));
        assert.deepEqual(closed, [...opened].reverse());
      },
    },
    {
      item: 'result-complete-before-release',
      title: 'a result read from a file in the scratch directory comes back whole; the directory is gone afterwards',
      clock: 'real',
      async run() {
        let path = '';
        const text = 'x'.repeat(200_000);
        const result = await renderViaScratchFile(async (p) => {
          path = p;
          await writeFile(p, text);
        });
        assert.equal(result.length, text.length);
        assert.equal(existsSync(path), false);
      },
    },
  ];
}

export default cleanupScenarios;
