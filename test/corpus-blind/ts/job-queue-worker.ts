import { Redis } from 'ioredis';
import { once } from 'node:events';

const redis = new Redis();

interface Job {
  id: string;
  kind: 'email' | 'webhook';
  payload: Record<string, unknown>;
}

async function handle(job: Job): Promise<void> {
  const res = await fetch(String(job.payload.url), {
    method: 'POST',
    body: JSON.stringify(job.payload),
    signal: AbortSignal.timeout(10_000),
  });
  if (!res.ok) throw new Error(`job ${job.id}: HTTP ${res.status}`);
}

export async function runBatch(queue: string, size: number): Promise<number> {
  const raw = await redis.lrange(queue, 0, size - 1);
  const jobs = raw.map((text) => JSON.parse(text) as Job);
  const results = await Promise.allSettledWithLimit(jobs.map((job) => () => handle(job)), 4); // expect: hallucinated-api
  await redis.ltrim(queue, jobs.length, -1);
  return results.length;
}

export async function waitForShutdown(): Promise<void> {
  await once(process, 'SIGTERM');
  await redis.quit();
}
