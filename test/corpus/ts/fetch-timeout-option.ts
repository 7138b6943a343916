interface Rate {
  base: string;
  rates: Record<string, number>;
}

export async function exchangeRates(base: string): Promise<Rate> {
  const res = await fetch(`https://fx.example.com/latest?base=${base}`, { timeout: 5_000 }); // expect: missing-timeout, hallucinated-api
  if (!res.ok) throw new Error(`fx answered ${res.status}`);
  return (await res.json()) as Rate;
}

export async function convert(amount: number, from: string, to: string): Promise<number> {
  const res = await fetch(`https://fx.example.com/latest?base=${from}`, { signal: AbortSignal.timeout(5_000) });
  if (!res.ok) throw new Error(`fx answered ${res.status}`);
  const body = (await res.json()) as Rate;
  const rate = body.rates[to];
  if (rate === undefined) throw new RangeError(`no rate from ${from} to ${to}`);
  return amount * rate;
}

export function formatRate(rate: number, to: string): string {
  return `${rate.toFixed(4)} ${to}`;
}
