/** A tiny concurrency limiter: never more than `max` tasks running at once. */
export function createLimiter(max: number) {
  if (!Number.isInteger(max) || max < 1) throw new TypeError(`max must be a positive integer, received ${max}`);
  let active = 0;
  const waiting: Array<() => void> = [];

  const next = () => {
    active--;
    waiting.shift()?.();
  };

  return async function run<T>(task: () => Promise<T>): Promise<T> {
    if (active >= max) await new Promise<void>((resolve) => waiting.push(resolve));
    active++;
    try {
      return await task();
    } finally {
      next();
    }
  };
}

async function checkLink(url: string): Promise<boolean> {
  try {
    const res = await fetch(url, { method: 'HEAD', signal: AbortSignal.timeout(5_000) });
    return res.ok;
  } catch (err) {
    console.warn(`link check failed for ${url}:`, (err as Error).message);
    return false;
  }
}

export async function findBrokenLinks(urls: string[]): Promise<string[]> {
  const run = createLimiter(4);
  const ok = await Promise.all(urls.map((u) => run(() => checkLink(u))));
  return urls.filter((_, i) => !ok[i]);
}
