// Read-through cache in front of a slow key-value service.
const TTL_MS = 30_000;
const entries = new Map();

async function fetchValue(key) {
  const res = await fetch(`https://kv.internal/keys/${encodeURIComponent(key)}`, {
    signal: AbortSignal.timeout(2_000),
  });
  if (res.status === 404) return null;
  if (!res.ok) throw new Error(`kv answered ${res.status} for ${key}`);
  return res.text();
}

/** Stores the pending promise right away so concurrent misses share one request. */
export function get(key) {
  const hit = entries.get(key);
  if (hit && hit.expires > Date.now()) return hit.value;
  const value = fetchValue(key);
  entries.set(key, { value, expires: Date.now() + TTL_MS });
  value.catch((err) => {
    console.warn(`kv fetch for ${key} failed; evicting`, err);
    entries.delete(key);
  });
  return value;
}
