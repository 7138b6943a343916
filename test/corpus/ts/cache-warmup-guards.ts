interface CacheClient {
  get(key: string): Promise<string | null>;
  set(key: string, value: string, ttlSeconds: number): Promise<void>;
  flush(): Promise<void>;
}

interface Product {
  id: string;
  price: number;
}

declare const redis: CacheClient | undefined;

async function fetchProduct(id: string): Promise<Product> {
  const res = await fetch(`https://catalog.internal/products/${id}`, { signal: AbortSignal.timeout(5_000) });
  if (!res.ok) throw new Error(`product ${id}: ${res.status}`);
  return (await res.json()) as Product;
}

function recordMiss(id: string): void {
  console.warn(`cache miss for ${id}`);
}

export async function productFor(id: string, allowCache: boolean): Promise<Product> {
  const cached = allowCache && redis ? await redis.get(`product:${id}`) : null;
  if (cached) return JSON.parse(cached) as Product;
  const product = await fetchProduct(id);
  // Written back without waiting: a cache write that fails rejects with nobody listening.
  allowCache && redis?.set(`product:${id}`, JSON.stringify(product), 300); // expect: floating-promise
  return product;
}

export function invalidate(id: string, hard: boolean): void {
  recordMiss(id), redis?.set(`product:${id}`, '', 1); // expect: floating-promise
  hard ? redis?.flush() : undefined; // expect: floating-promise
}

export async function invalidateFixed(id: string, hard: boolean): Promise<void> {
  recordMiss(id);
  await redis?.set(`product:${id}`, '', 1);
  if (hard) await redis?.flush();
}

export function warmInBackground(ids: string[]): void {
  const client = redis;
  if (!client) return;
  for (const id of ids) {
    // handled on the spot: deliberate fire-and-forget
    ids.length > 0 && fetchProduct(id).then((p) => client.set(`product:${id}`, JSON.stringify(p), 300)).catch((err) => console.error('warm-up failed', id, err));
  }
}
