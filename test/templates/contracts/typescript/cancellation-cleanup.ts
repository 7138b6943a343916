import assert from 'node:assert/strict';
import { getEventListeners } from 'node:events';
import type * as Template from '../../../../templates/typescript/cancellation-cleanup.js';
import { sleep, track, type Scenario } from './harness.js';

interface Log {
  processed: number;
  rolledBack: number[];
  closed: number;
}

export default function scenarios(t: typeof Template): Scenario[] {
  const { runBatchJob, abortable, isAbortError, CleanupFailedError, CleanupTimeoutError } = t;
  const job = (log: Log, options: { failAt?: number; close?: (s: AbortSignal) => Promise<void> } = {}) => ({
    items: Array.from({ length: 1_000 }, (_, i) => i),
    process: async (item: number) => {
      await sleep(1);
      if (item === options.failAt) throw new Error(`item ${item} failed`);
      log.processed += 1;
    },
    rollback: async (completed: number) => {
      log.rolledBack.push(completed);
    },
    close: options.close ?? (async () => void (log.closed += 1)),
  });
  const fresh = (): Log => ({ processed: 0, rolledBack: [], closed: 0 });
  return [
    {
      item: 'cancel-is-not-success',
      title: "abort after three steps: the caller's reason, not a count",
      async run({ clock }) {
        const controller = new AbortController();
        const call = track(runBatchJob(job(fresh()), controller.signal));
        await clock.tick(3);
        const reason = new Error('cancelled by user');
        controller.abort(reason);
        while (!call.settled) await clock.tick(1);
        assert.equal(call.fulfilled, false);
        assert.equal(call.reason, reason);
      },
    },
    {
      item: 'no-step-after-cancel',
      title: 'after the abort the number of steps started does not grow',
      async run({ clock }) {
        const controller = new AbortController();
        const log = fresh();
        const call = track(runBatchJob(job(log), controller.signal));
        await clock.tick(3);
        controller.abort(new Error('stop'));
        const atAbort = log.processed;
        await clock.tick(50);
        await call.promise;
        assert.ok(log.processed <= atAbort + 1, `${log.processed} steps after abort at ${atAbort}`);
      },
    },
    {
      item: 'cleanup-on-every-path',
      title: 'completes, fails at step 2, cancelled at step 3: closed each time, rolled back the two times it stopped',
      async run({ clock }) {
        const done = fresh();
        const small = { ...job(done), items: [0, 1, 2] };
        const ok = track(runBatchJob(small, new AbortController().signal));
        await clock.tick(10);
        assert.equal(ok.value, 3);
        assert.deepEqual([done.closed, done.rolledBack], [1, []]);

        const failed = fresh();
        const f = track(runBatchJob(job(failed, { failAt: 2 }), new AbortController().signal));
        await clock.tick(10);
        assert.equal((f.reason as Error).message, 'item 2 failed');
        assert.deepEqual([failed.closed, failed.rolledBack], [1, [2]]);

        const cancelled = fresh();
        const controller = new AbortController();
        const c = track(runBatchJob(job(cancelled), controller.signal));
        await clock.tick(3);
        controller.abort(new Error('stop'));
        await clock.tick(5);
        await c.promise;
        assert.equal(cancelled.closed, 1);
        assert.equal(cancelled.rolledBack.length, 1);
      },
    },
    {
      item: 'cleanup-error-keeps-original',
      title: 'the job fails with A and close fails with B: both reachable, A is the cause; a cancellation still surfaces',
      async run({ clock }) {
        const closeError = new Error('B: close failed');
        const call = track(
          runBatchJob(job(fresh(), { failAt: 1, close: async () => Promise.reject(closeError) }), new AbortController().signal),
        );
        await clock.tick(5);
        const error = call.reason as AggregateError;
        assert.ok(error instanceof CleanupFailedError, String(error));
        assert.equal((error.cause as Error).message, 'item 1 failed');
        assert.deepEqual(error.errors.map((e: Error) => e.message), ['item 1 failed', 'B: close failed']);

        const controller = new AbortController();
        const cancelled = track(runBatchJob(job(fresh(), { close: async () => Promise.reject(closeError) }), controller.signal));
        await clock.tick(2);
        const reason = new Error('cancelled');
        controller.abort(reason);
        await clock.tick(5);
        assert.equal((cancelled.reason as Error).cause, reason);
        assert.equal(isAbortError(cancelled.reason, controller.signal), true);
      },
    },
    {
      item: 'cleanup-bounded',
      title: 'a close that never finishes, with a 1 s limit: the call ends at 1 s with the original error and the timeout',
      async run({ clock }) {
        let closeSignal: AbortSignal | undefined;
        const hangingClose = (signal: AbortSignal): Promise<void> => {
          closeSignal = signal;
          return new Promise<void>(() => {});
        };
        const call = track(
          runBatchJob(job(fresh(), { failAt: 0, close: hangingClose }), new AbortController().signal, { cleanupTimeoutMs: 1_000 }),
        );
        await clock.tick(1);
        await clock.tick(998);
        assert.equal(call.settled, false);
        await clock.tick(2);
        assert.equal(call.settled, true);
        const error = call.reason as AggregateError;
        assert.ok(error instanceof CleanupFailedError, String(error));
        assert.equal((error.cause as Error).message, 'item 0 failed');
        assert.ok(error.errors[1] instanceof CleanupTimeoutError);
        assert.equal(closeSignal?.aborted, true, 'the hanging close was told to stop');
        assert.equal(clock.pending(), 0);
      },
    },
    {
      item: 'nothing-left-attached',
      title: 'after a completed and a cancelled run and an abortable wait, the long-lived signal has no listener',
      async run({ clock }) {
        const longLived = new AbortController();
        const small = { ...job(fresh()), items: [0, 1] };
        const ok = track(runBatchJob(small, longLived.signal));
        const waited = track(abortable(sleep(5).then(() => 'v'), longLived.signal));
        await clock.tick(10);
        assert.equal(ok.value, 2);
        assert.equal(waited.value, 'v');
        assert.equal(getEventListeners(longLived.signal, 'abort').length, 0);
        const other = new AbortController();
        const cancelled = track(abortable(new Promise(() => {}), other.signal));
        other.abort(new Error('stop'));
        await clock.flush();
        assert.equal((cancelled.reason as Error).message, 'stop');
        assert.equal(getEventListeners(other.signal, 'abort').length, 0);
      },
    },
  ];
}
