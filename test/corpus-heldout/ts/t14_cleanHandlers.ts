import { EventEmitter } from "node:events";

type Job = { id: string; run: () => Promise<void> };

/** Async listeners wrapped so that every rejection is handled; the promise
 * returned to the emitter is never left floating with an unhandled error. */
export function attachWorker(queue: EventEmitter, onError: (id: string, err: unknown) => void): void {
  queue.on("job", (job: Job) => {
    job.run().catch((err) => onError(job.id, err));
  });
}

export async function runAllSettled(jobs: Job[]): Promise<string[]> {
  const small = jobs.slice(0, 3);
  const results = await Promise.allSettled(small.map((j) => j.run()));
  return results.flatMap((r, i) => (r.status === "rejected" ? [small[i].id] : []));
}

export function chain(job: Job): Promise<string> {
  return job
    .run()
    .then(() => {
      return job.run();
    })
    .then(() => job.id);
}
