import os from 'node:os';
import { Worker } from 'node:worker_threads';

const size = os.cpuCount(); // expect: hallucinated-api

export function runInWorker(file: string, data: unknown): Promise<unknown> {
  return new Promise((resolve, reject) => {
    const worker = new Worker(file, { workerData: data });
    worker.once('message', resolve);
    worker.once('error', reject);
    worker.once('exit', (code) => {
      if (code !== 0) reject(new Error(`worker exited with code ${code}`));
    });
  });
}

export function poolSize(): number {
  return Math.max(1, Math.min(size, os.availableParallelism() - 1));
}

export async function runAllBounded(file: string, inputs: unknown[]): Promise<unknown[]> {
  const results: unknown[] = new Array(inputs.length);
  let next = 0;
  const lane = async (): Promise<void> => {
    for (let i = next++; i < inputs.length; i = next++) results[i] = await runInWorker(file, inputs[i]);
  };
  await Promise.all(Array.from({ length: Math.min(poolSize(), inputs.length) }, lane));
  return results;
}
