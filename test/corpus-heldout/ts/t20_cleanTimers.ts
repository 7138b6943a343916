import { EventEmitter, once } from "node:events";

/** A promise executor that only calls resolve/reject; the timer callback
 * returns nothing into the executor. */
export function waitForEvent<T>(em: EventEmitter, name: string, ms: number): Promise<T> {
  return new Promise<T>((resolve, reject) => {
    const timer = setTimeout(() => {
      em.off(name, onEvent);
      reject(new Error(`timed out waiting for ${name}`));
    }, ms);
    function onEvent(value: T) {
      clearTimeout(timer);
      resolve(value);
    }
    em.once(name, onEvent);
  });
}

export async function firstMessage(em: EventEmitter): Promise<unknown> {
  const [msg] = await once(em, "message", { signal: AbortSignal.timeout(5000) });
  return msg;
}

/** Returning the inner promise keeps the chain connected. */
export function saveThenNotify(save: () => Promise<void>, notify: () => Promise<void>): Promise<void> {
  return save().then(() => notify());
}
