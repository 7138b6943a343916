// target: node 20
import { setTimeout as sleep } from 'node:timers/promises';

interface Pending<T> {
  run: () => Promise<T>;
  resolve: (value: T) => void;
  reject: (reason: unknown) => void;
}

export class TokenBucketClient {
  private tokens: number;
  private readonly queue: Pending<unknown>[] = [];
  private draining = false;

  constructor(private readonly ratePerSecond: number, private readonly baseUrl: string) {
    this.tokens = ratePerSecond;
    setInterval(() => {
      this.tokens = this.ratePerSecond;
    }, 1000).unref();
  }

  schedule<T>(run: () => Promise<T>): Promise<T> {
    const { promise, resolve, reject } = Promise.withResolvers<T>(); // expect: too-new-api
    this.queue.push({ run, resolve, reject } as Pending<unknown>);
    void this.drain();
    return promise;
  }

  private async drain(): Promise<void> {
    if (this.draining) return;
    this.draining = true;
    try {
      while (this.queue.length > 0) {
        if (this.tokens === 0) {
          await sleep(100);
          continue;
        }
        this.tokens--;
        const job = this.queue.shift() as Pending<unknown>;
        job.run().then(job.resolve, job.reject);
      }
    } finally {
      this.draining = false;
    }
  }

  getJson<T>(path: string): Promise<T> {
    return this.schedule(async () => {
      const res = await fetch(new URL(path, this.baseUrl), { signal: AbortSignal.timeout(5_000) });
      if (!res.ok) throw new Error(`${path}: HTTP ${res.status}`);
      return (await res.json()) as T;
    });
  }
}
