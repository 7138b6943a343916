interface StockLevel {
  sku: string;
  quantity: number;
}

async function fetchLevels(warehouse: string): Promise<StockLevel[]> {
  const res = await fetch(`https://wms.internal/${warehouse}/levels`, { signal: AbortSignal.timeout(10_000) });
  return (await res.json()) as StockLevel[];
}

async function saveLevels(levels: StockLevel[]): Promise<void> {
  console.log(`saving ${levels.length} levels`);
}

async function publishChange(sku: string): Promise<void> {
  console.log(`publishing change for ${sku}`);
}

export function syncWarehouse(warehouse: string): Promise<number> {
  return fetchLevels(warehouse)
    .then(async (levels) => {
      saveLevels(levels); // expect: broken-promise-chain
      return levels;
    })
    .then((levels) => {
      const low = levels.filter((l) => l.quantity < 5);
      return Promise.all(low.slice(0, 10).map((l) => publishChange(l.sku))).then(() => levels.length);
    });
}
