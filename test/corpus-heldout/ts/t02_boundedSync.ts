// target: node 20
import pLimit from "p-limit";

interface Product {
  sku: string;
  price: number;
}

const limit = pLimit(8);

async function pushPrice(p: Product): Promise<void> {
  const res = await fetch(`https://shop.example.com/api/products/${encodeURIComponent(p.sku)}`, {
    method: "PATCH",
    headers: { "content-type": "application/json" },
    body: JSON.stringify({ price: p.price }),
    signal: AbortSignal.timeout(10_000),
  });
  if (!res.ok) throw new Error(`PATCH ${p.sku} failed: ${res.status}`);
}

/** Promise.all over a large list, but every call goes through p-limit, so
 * at most eight requests are open at once. */
export async function pushAll(products: Product[]): Promise<{ failed: string[] }> {
  const results = await Promise.allSettled(products.map((p) => limit(() => pushPrice(p))));
  const failed = results.flatMap((r, i) => (r.status === "rejected" ? [products[i].sku] : []));
  return { failed };
}
