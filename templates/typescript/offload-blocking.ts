// @pattern
// id: offload-blocking
// title: Running blocking or CPU-bound work off the event loop
// summary: Move CPU-heavy JavaScript to a worker thread so the event loop keeps serving, with abort support and a promise that settles only once the thread is gone.
// minimum: node 20, ecmascript ES2022, typescript 5.0
// apis: worker_threads.Worker, worker_threads.threadId, worker_threads.isMainThread, AbortSignal, Worker.terminate
// pitfalls: an async function is not a thread: a CPU loop inside it still blocks every other request; fs.readFileSync, crypto.pbkdf2Sync and zlib.*Sync block the loop, while their callback or promise versions already run on libuv's thread pool and need no worker; starting one worker per small task costs more than the task, so use a pool for many calls; a worker file path that points at a .ts file breaks once compiled, which an inline eval worker avoids; a worker left running after its caller gave up keeps the process alive
// rules: blocking-call-in-async, floating-promise
// tags: worker-threads, cpu-bound, blocking, offload, event-loop
// @end

import { Worker } from 'node:worker_threads';

/**
 * Runs `source`, a CommonJS script, in a new worker thread with `workerData`, and resolves with the first message
 * it posts. The source is a string run with `eval: true`, so it works the same from TypeScript under a test runner
 * and from compiled JavaScript: there is no worker file path to keep in sync. The promise settles only after the
 * thread has exited, and aborting `signal` terminates the thread.
 */
export function runInWorker<T>(source: string, workerData: unknown, options: { signal?: AbortSignal } = {}): Promise<T> {
  if (typeof source !== 'string' || source.trim() === '') {
    return Promise.reject(new TypeError(`Expected \`source\` to be a non-empty script, got ${String(source)}`));
  }
  const { signal } = options;
  if (signal?.aborted) return Promise.reject(signal.reason);

  return new Promise<T>((resolve, reject) => {
    const worker = new Worker(source, { eval: true, workerData });
    let outcome: { ok: true; value: T } | { ok: false; error: unknown } | undefined;

    const onMessage = (value: T): void => {
      outcome ??= { ok: true, value };
    };
    const onError = (error: Error): void => {
      outcome ??= { ok: false, error };
    };
    const onAbort = (): void => {
      outcome ??= { ok: false, error: signal?.reason };
      // terminate() stops even a busy loop; its promise is not needed because 'exit' follows and settles us.
      void worker.terminate();
    };
    const onExit = (code: number): void => {
      worker.off('message', onMessage);
      worker.off('error', onError);
      signal?.removeEventListener('abort', onAbort);
      const result = outcome ?? { ok: false, error: new Error(`Worker exited with code ${code} before replying`) };
      if (result.ok) resolve(result.value);
      else reject(result.error);
    };

    worker.on('message', onMessage);
    worker.on('error', onError);
    worker.once('exit', onExit);
    signal?.addEventListener('abort', onAbort, { once: true });
  });
}

/** Worker source for the example: a sieve of Eratosthenes, a stand-in for any CPU-bound pure function. */
const PRIME_COUNTER_SOURCE = `
const { parentPort, workerData, threadId, isMainThread } = require('node:worker_threads');
const limit = workerData.limit;
const composite = new Uint8Array(limit + 1);
let count = 0;
for (let n = 2; n <= limit; n += 1) {
  if (composite[n] === 1) continue;
  count += 1;
  for (let multiple = n * n; multiple <= limit; multiple += n) composite[multiple] = 1;
}
parentPort.postMessage({ count, threadId, isMainThread });
`;

export interface PrimeCount {
  /** Primes <= limit. */
  count: number;
  /** The worker's thread id (the main thread is 0). */
  threadId: number;
  isMainThread: boolean;
}

/** Counts the primes up to `limit` on a worker thread; the event loop stays free meanwhile. */
export async function countPrimesOffThread(limit: number, options: { signal?: AbortSignal } = {}): Promise<PrimeCount> {
  if (typeof limit !== 'number' || !Number.isInteger(limit)) {
    throw new TypeError(`Expected \`limit\` to be an integer, got ${String(limit)} (${typeof limit})`);
  }
  if (limit < 0 || limit > 2 ** 31 - 2) {
    throw new RangeError(`Expected \`limit\` to be between 0 and ${2 ** 31 - 2}, got ${limit}`);
  }
  return runInWorker<PrimeCount>(PRIME_COUNTER_SOURCE, { limit }, options);
}
