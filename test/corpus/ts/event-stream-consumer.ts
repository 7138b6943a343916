import { EventEmitter, on } from 'node:events';

interface Tick {
  symbol: string;
  price: number;
}

/** Consumes ticks in arrival order until the signal aborts; the loop is an event stream, not a fan-out. */
export async function averagePrice(feed: EventEmitter, symbol: string, signal: AbortSignal): Promise<number> {
  let sum = 0;
  let count = 0;
  try {
    for await (const [tick] of on(feed, 'tick', { signal }) as AsyncIterableIterator<[Tick]>) {
      if (tick.symbol !== symbol) continue;
      sum += tick.price;
      count++;
    }
  } catch (err) {
    if (!signal.aborted) throw err;
  }
  return count === 0 ? 0 : sum / count;
}
