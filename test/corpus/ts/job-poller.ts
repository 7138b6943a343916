import { setTimeout as sleep } from 'node:timers/promises';

type JobState = 'queued' | 'running' | 'succeeded' | 'failed';

interface JobStatus {
  id: string;
  state: JobState;
  error?: string;
}

async function getStatus(jobId: string): Promise<JobStatus> {
  const res = await fetch(`https://render.example.com/jobs/${jobId}`, { signal: AbortSignal.timeout(5_000) });
  if (!res.ok) throw new Error(`status check answered ${res.status}`);
  return (await res.json()) as JobStatus;
}

/** Polls until the job finishes; each check must wait for the previous one. */
export async function waitForJob(jobId: string, timeoutMs = 120_000): Promise<JobStatus> {
  const deadline = Date.now() + timeoutMs;
  let interval = 500;
  while (Date.now() < deadline) {
    const status = await getStatus(jobId);
    if (status.state === 'succeeded') return status;
    if (status.state === 'failed') throw new Error(`job ${jobId} failed: ${status.error ?? 'unknown'}`);
    await sleep(interval);
    interval = Math.min(interval * 2, 5_000);
  }
  throw new Error(`job ${jobId} did not finish within ${timeoutMs} ms`);
}
