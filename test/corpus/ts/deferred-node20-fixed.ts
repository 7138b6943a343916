// target: node 20
import { EventEmitter } from 'node:events';

export function nextMessage(emitter: EventEmitter, ms: number): Promise<string> {
  let resolve!: (value: string) => void;
  let reject!: (reason: unknown) => void;
  const promise = new Promise<string>((res, rej) => {
    resolve = res;
    reject = rej;
  });
  const timer = setTimeout(() => reject(new Error(`no message within ${ms} ms`)), ms);
  emitter.once('message', (m: string) => {
    clearTimeout(timer);
    resolve(m);
  });
  emitter.once('error', (err: Error) => {
    clearTimeout(timer);
    reject(err);
  });
  return promise;
}

export async function collect(source: AsyncIterable<string>): Promise<string[]> {
  const out: string[] = [];
  for await (const item of source) out.push(item);
  return out;
}

export function anySignal(signals: AbortSignal[]): AbortSignal {
  // AbortSignal.any is available from Node 20.3.
  return AbortSignal.any(signals);
}

export function newestFirst(dates: Date[]): Date[] {
  return dates.toSorted((a, b) => b.getTime() - a.getTime());
}
