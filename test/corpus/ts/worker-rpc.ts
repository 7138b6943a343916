import { Worker } from 'node:worker_threads';
import { randomUUID } from 'node:crypto';

interface Reply {
  id: string;
  result?: unknown;
  error?: string;
}

/** Request/response over a worker; every call has a deadline and cleans up its listener and timer. */
export class WorkerClient {
  private readonly pending = new Map<string, { resolve: (v: unknown) => void; reject: (e: Error) => void; timer: NodeJS.Timeout }>();

  constructor(private readonly worker: Worker) {
    worker.on('message', (reply: Reply) => {
      const call = this.pending.get(reply.id);
      if (!call) return;
      this.pending.delete(reply.id);
      clearTimeout(call.timer);
      if (reply.error) call.reject(new Error(reply.error));
      else call.resolve(reply.result);
    });
    worker.on('error', (err) => {
      for (const call of this.pending.values()) {
        clearTimeout(call.timer);
        call.reject(err);
      }
      this.pending.clear();
    });
  }

  call(method: string, params: unknown, timeoutMs = 10_000): Promise<unknown> {
    const id = randomUUID();
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => {
        this.pending.delete(id);
        reject(new Error(`${method} timed out after ${timeoutMs} ms`));
      }, timeoutMs);
      this.pending.set(id, { resolve, reject, timer });
      this.worker.postMessage({ id, method, params });
    });
  }
}
