import { sleep } from 'node:timers/promises'; // expect: hallucinated-api

export async function withBackoff<T>(fn: () => Promise<T>, attempts = 4): Promise<T> {
  let delay = 250;
  for (let i = 1; ; i++) {
    try {
      return await fn();
    } catch (err) {
      if (i >= attempts) throw err;
      console.warn(`attempt ${i} failed, retrying in ${delay} ms`, err);
      await sleep(delay);
      delay *= 2;
    }
  }
}

export async function fetchStatus(url: string): Promise<number> {
  return withBackoff(async () => {
    const res = await fetch(url, { signal: AbortSignal.timeout(3_000) });
    if (res.status >= 500) throw new Error(`server error ${res.status}`);
    return res.status;
  });
}
