// fetch with retries on 429/503 and network errors, honouring Retry-After.
import { setTimeout as sleep } from 'node:timers/promises';

const RETRYABLE = new Set([429, 502, 503, 504]);

export async function fetchWithRetry(url, init = {}, { attempts = 4, timeoutMs = 10_000 } = {}) {
  let lastError;
  for (let attempt = 1; attempt <= attempts; attempt++) {
    try {
      const res = await fetch(url, { ...init, signal: AbortSignal.timeout(timeoutMs) });
      if (!RETRYABLE.has(res.status) || attempt === attempts) return res;
      const retryAfter = Number(res.headers.get('retry-after'));
      await sleep(Number.isFinite(retryAfter) && retryAfter > 0 ? retryAfter * 1000 : 2 ** attempt * 200);
    } catch (err) {
      lastError = err;
      if (attempt === attempts) break;
      console.warn(`fetch ${url} failed (attempt ${attempt}/${attempts}), retrying`, err);
      await sleep(2 ** attempt * 200);
    }
  }
  throw lastError;
}
