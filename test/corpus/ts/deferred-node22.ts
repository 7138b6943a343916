// target: node 22
import { EventEmitter } from 'node:events';

export function nextMessage(emitter: EventEmitter): Promise<string> {
  const { promise, resolve, reject } = Promise.withResolvers<string>();
  emitter.once('message', resolve);
  emitter.once('error', reject);
  return promise;
}

export async function collect(source: AsyncIterable<string>): Promise<string[]> {
  return Array.fromAsync(source);
}

export function uniqueTags(a: Set<string>, b: Set<string>): Set<string> {
  return a.union(b);
}

export function onceWithin(emitter: EventEmitter, event: string, ms: number): Promise<unknown> {
  const { promise, resolve, reject } = Promise.withResolvers<unknown>();
  const timer = setTimeout(() => reject(new Error(`${event} not emitted within ${ms} ms`)), ms);
  emitter.once(event, (value: unknown) => {
    clearTimeout(timer);
    resolve(value);
  });
  return promise;
}
