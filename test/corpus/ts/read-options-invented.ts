import { readFile } from 'node:fs/promises';
import { EventEmitter, once } from 'node:events';

export async function readWithDeadline(path: string): Promise<string> {
  return readFile(path, { encoding: 'utf8', timeout: 2_000 }); // expect: hallucinated-api
}

export async function readWithSignal(path: string, ms: number): Promise<string> {
  return readFile(path, { encoding: 'utf8', signal: AbortSignal.timeout(ms) });
}

export async function waitForReady(emitter: EventEmitter, ms: number): Promise<void> {
  await once(emitter, 'ready', { signal: AbortSignal.timeout(ms) });
}

export async function readJson<T>(path: string, ms = 2_000): Promise<T> {
  const text = await readWithSignal(path, ms);
  try {
    return JSON.parse(text) as T;
  } catch (err) {
    throw new Error(`${path} is not valid JSON`, { cause: err });
  }
}

export function readTextLater(path: string): Promise<string> {
  return new Promise((resolve, reject) => {
    return readFile(path, 'utf8').then(resolve, reject); // expect: promise-executor-return
  });
}
