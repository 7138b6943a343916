export interface Job {
  id: string;
  run(signal: AbortSignal): Promise<void>;
}

export interface QueueReport {
  done: number;
  failed: Array<{ id: string; error: string }>;
}

/**
 * Runs jobs with a fixed number of workers. Each worker takes the next job when it finishes the last one,
 * so at most `concurrency` jobs are in flight; the worker array is as long as `concurrency`, not the job list.
 */
export async function runQueue(jobs: Job[], concurrency: number, signal: AbortSignal): Promise<QueueReport> {
  if (!Number.isInteger(concurrency) || concurrency < 1) {
    throw new TypeError(`concurrency must be a positive integer, received ${concurrency}`);
  }
  const queue = [...jobs];
  const report: QueueReport = { done: 0, failed: [] };

  async function worker(): Promise<void> {
    for (let job = queue.shift(); job && !signal.aborted; job = queue.shift()) {
      try {
        await job.run(signal);
        report.done++;
      } catch (err) {
        report.failed.push({ id: job.id, error: (err as Error).message });
      }
    }
  }

  await Promise.all(Array.from({ length: Math.min(concurrency, jobs.length) }, () => worker()));
  return report;
}
