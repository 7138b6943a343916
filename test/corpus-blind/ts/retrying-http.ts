import axios, { AxiosError } from 'axios';

const RETRYABLE = new Set([408, 425, 429, 500, 502, 503, 504]);

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

function isRetryable(err: unknown): boolean {
  if (!(err instanceof AxiosError)) return false;
  if (err.code === 'ECONNRESET' || err.code === 'ECONNABORTED') return true;
  return err.response !== undefined && RETRYABLE.has(err.response.status);
}

export async function getWithRetry<T>(url: string, attempts = 5): Promise<T> {
  let lastError: unknown;
  for (let attempt = 0; attempt < attempts; attempt++) {
    try {
      const res = await axios.get<T>(url, { timeout: 8_000 });
      return res.data;
    } catch (err) {
      lastError = err;
      if (!isRetryable(err) || attempt === attempts - 1) break;
      const backoff = Math.min(30_000, 250 * 2 ** attempt) * (0.5 + Math.random());
      await sleep(backoff);
    }
  }
  throw lastError;
}

export async function postWithRetry<T>(url: string, body: unknown): Promise<T> {
  return getWithRetryLike(() => axios.post<T>(url, body, { timeout: 8_000 }).then((r) => r.data));
}

async function getWithRetryLike<T>(op: () => Promise<T>, attempts = 3): Promise<T> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await op();
    } catch (err) {
      if (attempt >= attempts || !isRetryable(err)) throw err;
      await sleep(500 * attempt);
    }
  }
}
