import assert from 'node:assert/strict';
import type * as Template from '../../../../templates/typescript/offload-blocking.js';
import { rejection, type Scenario } from './harness.js';

/** Real-time pause; these scenarios use real threads. */
const pause = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

export default function scenarios(t: typeof Template): Scenario[] {
  const { runInWorker, countPrimesOffThread } = t;
  return [
    {
      item: 'loop-stays-responsive',
      title: 'a worker blocked until the main event loop releases it: it finishes, so the loop kept running',
      clock: 'real',
      async run() {
        const flag = new Int32Array(new SharedArrayBuffer(4));
        const blocked = `
          const { parentPort, workerData } = require('node:worker_threads');
          const released = Atomics.wait(workerData.flag, 0, 0, 5000) !== 'timed-out';
          parentPort.postMessage(released);`;
        const result = runInWorker<boolean>(blocked, { flag });
        // Only a running event loop can fire this timer and release the worker.
        setTimeout(() => {
          Atomics.store(flag, 0, 1);
          Atomics.notify(flag, 0);
        }, 20);
        assert.equal(await result, true);
      },
    },
    {
      item: 'runs-off-loop-thread',
      title: 'the CPU-bound work reports a thread other than the main one',
      clock: 'real',
      async run() {
        const result = await countPrimesOffThread(10_000);
        assert.equal(result.count, 1_229);
        assert.equal(result.isMainThread, false);
        assert.notEqual(result.threadId, 0);
      },
    },
    {
      item: 'errors-reach-caller',
      title: 'work that throws: the caller receives the error with its message',
      clock: 'real',
      async run() {
        const error = await rejection(runInWorker('throw new RangeError("bad input 42")', null));
        assert.ok(error instanceof Error);
        assert.match(error.message, /bad input 42/);
      },
    },
    {
      item: 'cancel-stops-work',
      title: 'abort during an endless loop: the caller gets the reason and the thread has stopped counting',
      clock: 'real',
      async run() {
        const counter = new Int32Array(new SharedArrayBuffer(4));
        const controller = new AbortController();
        const endless = `
          const { workerData } = require('node:worker_threads');
          for (;;) Atomics.add(workerData.counter, 0, 1);`;
        const result = runInWorker(endless, { counter }, { signal: controller.signal });
        while (Atomics.load(counter, 0) === 0) await pause(5);
        const reason = new Error('client disconnected');
        controller.abort(reason);
        assert.equal(await rejection(result), reason);
        const after = Atomics.load(counter, 0);
        await pause(50);
        assert.equal(Atomics.load(counter, 0), after, 'the thread still runs after the promise settled');
      },
    },
  ];
}
