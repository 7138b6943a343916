interface Product {
  sku: string;
  name: string;
  priceCents: number;
}

async function saveProduct(p: Product): Promise<void> {
  const res = await fetch(`https://catalog.internal/products/${p.sku}`, {
    method: 'PUT',
    body: JSON.stringify(p),
    signal: AbortSignal.timeout(5_000),
  });
  if (!res.ok) throw new Error(`PUT ${p.sku} answered ${res.status}`);
}

const BATCH_SIZE = 20;

/**
 * Imports in batches of 20: each batch runs in parallel, batches run one after the other so the catalog
 * service never sees more than 20 writes at once.
 */
export async function importProducts(products: Product[]): Promise<void> {
  for (let i = 0; i < products.length; i += BATCH_SIZE) {
    const batch = products.slice(i, i + BATCH_SIZE);
    await Promise.all(batch.map((p) => saveProduct(p)));
    console.log(`imported ${Math.min(i + BATCH_SIZE, products.length)}/${products.length}`);
  }
}
