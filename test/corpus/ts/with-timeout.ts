export class TimeoutError extends Error {
  constructor(ms: number) {
    super(`operation timed out after ${ms} ms`);
    this.name = 'TimeoutError';
  }
}

/** Rejects with TimeoutError when `work` does not settle within `ms`; always clears its timer. */
export async function withTimeout<T>(work: Promise<T>, ms: number): Promise<T> {
  if (!Number.isFinite(ms) || ms <= 0) throw new RangeError(`ms must be a positive number, received ${ms}`);
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new TimeoutError(ms)), ms);
  });
  try {
    return await Promise.race([work, timeout]);
  } finally {
    clearTimeout(timer);
  }
}

export async function pingService(url: string): Promise<boolean> {
  const res = await withTimeout(fetch(url, { method: 'HEAD', signal: AbortSignal.timeout(2_000) }), 2_500);
  return res.ok;
}
