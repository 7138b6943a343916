// target: node 20
import { EventEmitter } from 'node:events';

export function nextMessage(emitter: EventEmitter): Promise<string> {
  const { promise, resolve, reject } = Promise.withResolvers<string>(); // expect: too-new-api
  emitter.once('message', resolve);
  emitter.once('error', reject);
  return promise;
}

export async function collect(source: AsyncIterable<string>): Promise<string[]> {
  return Array.fromAsync(source); // expect: too-new-api
}

export function firstOf(emitter: EventEmitter, events: string[]): Promise<string> {
  return new Promise((resolve) => {
    for (const name of events) {
      emitter.once(name, () => resolve(name));
    }
  });
}
