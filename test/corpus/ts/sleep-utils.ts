/** Waits `ms` milliseconds. The arrow's implicit return of the timer id is discarded by the Promise: harmless. */
export const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

export function sleepWithSignal(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal?.aborted) {
      reject(signal.reason);
      return;
    }
    const onAbort = () => {
      clearTimeout(timer);
      reject(signal!.reason);
    };
    const timer = setTimeout(() => {
      signal?.removeEventListener('abort', onAbort);
      resolve();
    }, ms);
    signal?.addEventListener('abort', onAbort, { once: true });
  });
}

export function nextTick(): Promise<void> {
  return new Promise((resolve) => process.nextTick(resolve));
}

export async function jitter(maxMs: number): Promise<void> {
  await new Promise((r) => setTimeout(r, Math.random() * maxMs));
}
