import { Redis } from 'ioredis';

const redis = new Redis({ commandTimeout: 2_000 });

export interface Quote {
  symbol: string;
  price: number;
  at: number;
}

export class QuoteCache {
  private readonly pending = new Map<string, Promise<Quote>>();

  constructor(private readonly upstream: string, private readonly ttlSeconds = 15) {}

  async get(symbol: string): Promise<Quote> {
    const cached = await redis.get(`quote:${symbol}`);
    if (cached) return JSON.parse(cached) as Quote;
    let load = this.pending.get(symbol);
    if (!load) {
      load = this.load(symbol).finally(() => this.pending.delete(symbol));
      this.pending.set(symbol, load);
    }
    return load;
  }

  private async load(symbol: string): Promise<Quote> {
    const res = await fetch(`${this.upstream}/quotes/${symbol}`, { signal: AbortSignal.timeout(3_000) });
    if (!res.ok) throw new Error(`quote ${symbol}: HTTP ${res.status}`);
    const quote = (await res.json()) as Quote;
    await redis.set(`quote:${symbol}`, JSON.stringify(quote), 'EX', this.ttlSeconds);
    return quote;
  }

  async pair(base: string, counter: string): Promise<number> {
    const [a, b] = await Promise.all([this.get(base), this.get(counter)]);
    return a.price / b.price;
  }
}
