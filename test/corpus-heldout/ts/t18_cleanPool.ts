// target: node 20
import { setTimeout as sleep } from "node:timers/promises";

/** Small worker pool: at most `size` tasks in flight over an arbitrarily
 * long input, each with a deadline. */
export async function mapPool<T, R>(
  items: readonly T[],
  size: number,
  fn: (item: T, signal: AbortSignal) => Promise<R>,
): Promise<R[]> {
  const results = new Array<R>(items.length);
  let next = 0;
  async function worker(): Promise<void> {
    while (next < items.length) {
      const i = next++;
      results[i] = await fn(items[i], AbortSignal.timeout(30_000));
    }
  }
  await Promise.all(Array.from({ length: Math.min(size, items.length) }, () => worker()));
  return results;
}

export async function pollUntil(check: () => Promise<boolean>, everyMs: number, maxTries: number): Promise<boolean> {
  for (let i = 0; i < maxTries; i++) {
    if (await check()) return true;
    await sleep(everyMs);
  }
  return false;
}
