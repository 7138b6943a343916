/** Catalog lookups for the Python rules, memoised per symbol and target (the catalog itself is loaded once). */
import { verifyApi, type ApiVerdict } from '../../catalog/index.js';

const cache = new Map<string, ApiVerdict | undefined>();

/** The catalog's verdict on an asyncio symbol for a Python target; undefined when the catalog cannot answer. */
export function asyncioVerdict(symbol: string, target: string): ApiVerdict | undefined {
  const key = `${target}|${symbol}`;
  if (cache.has(key)) return cache.get(key);
  let v: ApiVerdict | undefined;
  try {
    v = verifyApi('python', symbol, { python: target });
  } catch {
    v = undefined; // a target the catalog does not know: judge nothing rather than guess
  }
  if (cache.size > 5000) cache.clear();
  cache.set(key, v);
  return v;
}

/** The symbol exists and is a coroutine function (`async def` in typeshed). */
export function isCatalogCoroutine(symbol: string, target: string): boolean {
  const v = asyncioVerdict(symbol, target);
  if (!v || v.status === 'not_found' || v.status === 'cannot_verify' || !v.signature?.length) return false;
  return v.signature.every((s) => s.startsWith('async def '));
}
