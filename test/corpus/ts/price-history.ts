interface Candle {
  day: string;
  close: number;
}

async function candleFor(symbol: string, day: string): Promise<Candle> {
  const res = await fetch(`https://market.example.com/${symbol}/${day}`, { signal: AbortSignal.timeout(3_000) });
  return (await res.json()) as Candle;
}

export async function lastWeek(symbol: string, days: string[]): Promise<Candle[]> {
  const candles: Candle[] = [];
  for (const day of days) {
    candles.push(await candleFor(symbol, day)); // expect: await-in-loop
  }
  return candles;
}

interface TradingDay {
  candle: Candle;
  previousTradingDay: string | null;
}

async function tradingDay(symbol: string, day: string): Promise<TradingDay> {
  const res = await fetch(`https://market.example.com/${symbol}/${day}/with-previous`, {
    signal: AbortSignal.timeout(3_000),
  });
  return (await res.json()) as TradingDay;
}

/** Walks back `count` trading days: only each answer says which day to ask for next (weekends, holidays). */
export async function lastTradingDays(symbol: string, today: string, count: number): Promise<Candle[]> {
  const candles: Candle[] = [];
  let day: string | null = today;
  while (day !== null && candles.length < count) {
    const td: TradingDay = await tradingDay(symbol, day);
    candles.push(td.candle);
    day = td.previousTradingDay;
  }
  return candles;
}
