import { EventEmitter } from 'node:events';
import { setTimeout as sleep } from 'node:timers/promises';
import { describe, expect, it, vi } from 'vitest';
import { abortable, isAbortError, runBatchJob, type BatchJob } from '../../../templates/typescript/cancellation-cleanup.js';

function recordingJob(items: number[], onProcess: (item: number, signal: AbortSignal) => Promise<void>) {
  const log: string[] = [];
  const job: BatchJob<number> = {
    items,
    process: async (item, signal) => {
      await onProcess(item, signal);
      log.push(`processed ${item}`);
    },
    rollback: async (completed) => {
      log.push(`rollback after ${completed}`);
    },
    close: async () => {
      log.push('close');
    },
  };
  return { job, log };
}

describe('cancellation-cleanup template', () => {
  it('processes every item and closes once when nothing is cancelled', async () => {
    const { job, log } = recordingJob([1, 2, 3], async () => {});
    await expect(runBatchJob(job, new AbortController().signal)).resolves.toBe(3);
    expect(log).toEqual(['processed 1', 'processed 2', 'processed 3', 'close']);
  });

  it('an abort during a step stops it through the signal, rolls back, closes and rethrows the reason', async () => {
    const controller = new AbortController();
    const reason = new Error('client disconnected');
    const { job, log } = recordingJob([1, 2, 3], async (item, signal) => {
      if (item === 2) queueMicrotask(() => controller.abort(reason));
      // A real step passes the signal on; this timer would take a minute if the abort did not reach it.
      await sleep(item === 2 ? 60_000 : 0, undefined, { signal });
    });
    const outcome = await runBatchJob(job, controller.signal).catch((error: unknown) => error);
    expect(outcome).not.toBe(reason); // timers/promises rejects with its own AbortError...
    expect(isAbortError(outcome, controller.signal)).toBe(true); // ...which still reads as a cancellation
    expect(log).toEqual(['processed 1', 'rollback after 1', 'close']);
  });

  it('an abort between steps starts no new step', async () => {
    const controller = new AbortController();
    const reason = new Error('stop');
    const started: number[] = [];
    const { job, log } = recordingJob([1, 2, 3], async (item) => {
      started.push(item);
      if (item === 1) controller.abort(reason);
    });
    await expect(runBatchJob(job, controller.signal)).rejects.toBe(reason);
    expect(started).toEqual([1]);
    expect(log).toEqual(['processed 1', 'rollback after 1', 'close']);
  });

  it('keeps the original reason when the rollback fails too', async () => {
    const { job } = recordingJob([1], async () => {
      throw new Error('write failed');
    });
    job.rollback = async () => {
      throw new Error('rollback failed');
    };
    const error = await runBatchJob(job, new AbortController().signal).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(AggregateError);
    expect((error as AggregateError).errors.map((e: Error) => e.message)).toEqual(['write failed', 'rollback failed']);
  });

  it('abortable stops waiting with the signal reason and removes its listener either way', async () => {
    const controller = new AbortController();
    const reason = new Error('timeout');
    const never = new Promise<string>(() => {});
    const waiting = abortable(never, controller.signal);
    expect(EventEmitter.getEventListeners(controller.signal, 'abort')).toHaveLength(1);
    controller.abort(reason);
    await expect(waiting).rejects.toBe(reason);

    const other = new AbortController();
    await expect(abortable(Promise.resolve('fast'), other.signal)).resolves.toBe('fast');
    await expect(abortable(Promise.reject(new Error('failed')), other.signal)).rejects.toThrow('failed');
    expect(EventEmitter.getEventListeners(other.signal, 'abort')).toHaveLength(0);
    await expect(abortable(never, controller.signal)).rejects.toBe(reason); // already aborted
  });

  it('isAbortError tells cancellations from failures', () => {
    const controller = new AbortController();
    controller.abort();
    expect(isAbortError(controller.signal.reason)).toBe(true); // DOMException named AbortError
    expect(isAbortError(new Error('boom'), controller.signal)).toBe(false);
    expect(isAbortError('x')).toBe(false);
  });

  it('checks its arguments and names them', async () => {
    const { job } = recordingJob([1], async () => {});
    await expect(runBatchJob(null as never, new AbortController().signal)).rejects.toThrow(/`job`/);
    await expect(runBatchJob({ ...job, close: 1 as never }, new AbortController().signal)).rejects.toThrow(
      /`job.close`.*1 \(number\)/,
    );
    const close = vi.fn();
    await expect(runBatchJob({ ...job, close }, {} as never)).rejects.toThrow(/`signal`/);
    expect(close).not.toHaveBeenCalled();
  });
});
