interface Quote {
  symbol: string;
  price: number;
}

async function fetchQuote(symbol: string): Promise<Quote> {
  const res = await fetch(`https://quotes.example.com/v1/${symbol}`, { signal: AbortSignal.timeout(2_000) });
  if (!res.ok) throw new Error(`quote for ${symbol} answered ${res.status}`);
  return (await res.json()) as Quote;
}

/** Returns the price, or null when anything at all goes wrong. */
export async function priceOrNull(symbol: string): Promise<number | null> {
  try {
    const q = await fetchQuote(symbol);
    return q.price;
  } catch (e) { // expect: swallowed-error
    return null;
  }
}

export async function priceOrCached(symbol: string, cache: Map<string, number>): Promise<number> {
  try {
    const q = await fetchQuote(symbol);
    cache.set(symbol, q.price);
    return q.price;
  } catch (err) {
    const cached = cache.get(symbol);
    if (cached === undefined) throw err;
    console.warn(`quote for ${symbol} failed, serving cached price`, err);
    return cached;
  }
}
