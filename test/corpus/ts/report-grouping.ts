// target: node 20
interface Sale {
  region: string;
  amount: number;
}

async function loadSales(day: string): Promise<Sale[]> {
  const res = await fetch(`https://sales.internal/days/${day}`, { signal: AbortSignal.timeout(10_000) });
  return (await res.json()) as Sale[];
}

export async function totalsByRegion(day: string): Promise<Record<string, number>> {
  const sales = await loadSales(day);
  const groups = Object.groupBy(sales, (s) => s.region); // expect: too-new-api
  const totals: Record<string, number> = {};
  for (const [region, list] of Object.entries(groups)) {
    totals[region] = (list ?? []).reduce((sum, s) => sum + s.amount, 0);
  }
  return totals;
}

export function parseEndpoint(raw: string): URL | null {
  return URL.parse(raw); // expect: too-new-api
}
