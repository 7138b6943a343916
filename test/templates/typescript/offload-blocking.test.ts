import { threadId } from 'node:worker_threads';
import { describe, expect, it } from 'vitest';
import { countPrimesOffThread, runInWorker } from '../../../templates/typescript/offload-blocking.js';

describe('offload-blocking template', () => {
  it('computes in a worker thread, not on the main thread', async () => {
    const result = await countPrimesOffThread(100_000);
    expect(result.count).toBe(9_592); // pi(10^5)
    expect(result.isMainThread).toBe(false);
    expect(result.threadId).not.toBe(threadId);
  });

  it('keeps the event loop free while the work runs', async () => {
    let turns = 0;
    let spinning = true;
    const spin = (): void => {
      turns += 1;
      if (spinning) setImmediate(spin);
    };
    setImmediate(spin);
    // A noticeable stretch of sieve work: the main loop should turn many times meanwhile.
    const result = await countPrimesOffThread(5_000_000);
    spinning = false;
    expect(result.count).toBe(348_513); // pi(5 * 10^6)
    expect(turns).toBeGreaterThan(10);
  });

  it('aborting terminates a worker stuck in a busy loop and rejects with the caller reason', async () => {
    const controller = new AbortController();
    const reason = new Error('request cancelled');
    const running = runInWorker<never>('for (;;) {}', null, { signal: controller.signal });
    setTimeout(() => controller.abort(reason), 50);
    // Settles only after the thread exited, so reaching the assertion proves the loop was stopped.
    await expect(running).rejects.toBe(reason);
  });

  it('reports an exception thrown in the worker', async () => {
    await expect(runInWorker('throw new RangeError("bad input in worker")', null)).rejects.toThrow(
      'bad input in worker',
    );
  });

  it('reports a worker that exits without replying', async () => {
    await expect(runInWorker('process.exit(3)', null)).rejects.toThrow('exited with code 3');
  });

  it('checks its arguments and names them', async () => {
    await expect(countPrimesOffThread(1.5)).rejects.toThrow(/`limit`.*1\.5/);
    await expect(countPrimesOffThread(-1)).rejects.toThrow(RangeError);
    await expect(runInWorker('', null)).rejects.toThrow(/`source`/);
    const aborted = new AbortController();
    aborted.abort(new Error('already'));
    await expect(runInWorker('1', null, { signal: aborted.signal })).rejects.toThrow('already');
  });
});
