// Review latency and memory for the TypeScript/JavaScript reviewer, on the built package (run `npm run build` first).
//   node bench/review-ts.mjs [--reviews 1000]
// Prints: the first review after start-up, warm p50/p95 on a realistic 200-line file, and RSS after 10 and after
// N reviews (one Project reused: RSS must not grow with the number of reviews).
import { performance } from 'node:perf_hooks';

const args = process.argv.slice(2);
const reviewsArg = args.indexOf('--reviews');
const REVIEWS = reviewsArg >= 0 ? Number(args[reviewsArg + 1]) : 1000;

// A realistic generated service module, about 200 lines, with a handful of async bugs.
const FILE = `import { readFile } from 'node:fs/promises';
import { readFileSync } from 'node:fs';
import { EventEmitter } from 'node:events';

export interface Order {
  id: string;
  customerId: string;
  items: { sku: string; qty: number; price: number }[];
  status: 'new' | 'paid' | 'shipped' | 'cancelled';
  createdAt: number;
}

export interface Customer {
  id: string;
  email: string;
  tier: 'basic' | 'gold';
}

interface Token {
  value: string;
  expiresAt: number;
}

const API = 'https://orders.example.com/api';
const events = new EventEmitter();
let processedCount = 0;

async function getJson<T>(path: string, token: string, signal?: AbortSignal): Promise<T> {
  const res = await fetch(API + path, {
    headers: { authorization: 'Bearer ' + token },
    signal: signal ? AbortSignal.any([signal, AbortSignal.timeout(5000)]) : AbortSignal.timeout(5000),
  });
  if (!res.ok) throw new Error('GET ' + path + ' answered ' + res.status);
  return (await res.json()) as T;
}

export class OrderClient {
  private token?: Token;
  private readonly cache = new Map<string, Order>();

  private async accessToken(): Promise<string> {
    if (!this.token || this.token.expiresAt < Date.now()) {
      const res = await fetch(API + '/oauth/token', { method: 'POST' });
      this.token = (await res.json()) as Token;
    }
    return this.token.value;
  }

  async order(id: string): Promise<Order> {
    const cached = this.cache.get(id);
    if (cached) return cached;
    const token = await this.accessToken();
    const order = await getJson<Order>('/orders/' + encodeURIComponent(id), token);
    this.cache.set(id, order);
    return order;
  }

  async customer(id: string): Promise<Customer> {
    const token = await this.accessToken();
    return getJson<Customer>('/customers/' + encodeURIComponent(id), token);
  }

  async orders(ids: string[]): Promise<Order[]> {
    const out: Order[] = [];
    for (const id of ids) {
      out.push(await this.order(id));
    }
    return out;
  }

  async allPages(): Promise<Order[]> {
    const token = await this.accessToken();
    const all: Order[] = [];
    let cursor: string | undefined;
    do {
      const page = await getJson<{ items: Order[]; next?: string }>('/orders?cursor=' + (cursor ?? ''), token);
      all.push(...page.items);
      cursor = page.next;
    } while (cursor);
    return all;
  }

  async totals(ids: string[]): Promise<number> {
    const orders = await Promise.all(ids.map((id) => this.order(id)));
    return orders.reduce((sum, o) => sum + o.items.reduce((s, i) => s + i.qty * i.price, 0), 0);
  }

  async isGold(customerId: string): Promise<boolean> {
    const c = await this.customer(customerId);
    return c.tier === 'gold';
  }

  async discountFor(order: Order): Promise<number> {
    if (this.isGold(order.customerId)) return 0.1;
    return 0;
  }
}

export async function loadConfig(path: string): Promise<{ retries: number; region: string }> {
  try {
    const text = await readFile(path, 'utf8');
    return JSON.parse(text) as { retries: number; region: string };
  } catch (err) {
    console.error('config unreadable', err);
    throw err;
  }
}

export async function withRetry<T>(op: () => Promise<T>, retries = 3): Promise<T> {
  let lastError: unknown;
  for (let attempt = 0; attempt <= retries; attempt++) {
    try {
      return await op();
    } catch (err) {
      lastError = err;
      await new Promise((r) => setTimeout(r, 100 * 2 ** attempt));
    }
  }
  throw lastError;
}

export async function shipAll(client: OrderClient, ids: string[]): Promise<void> {
  const orders = await client.orders(ids);
  orders.forEach(async (o) => {
    await getJson('/ship/' + o.id, 'token');
  });
  events.emit('shipped', orders.length);
}

export function renderInvoice(order: Order): string {
  const template = readFileSync('templates/invoice.html', 'utf8');
  const lines = order.items.map((i) => i.sku + ' x' + i.qty + ' = ' + (i.qty * i.price).toFixed(2));
  return template.replace('{{lines}}', lines.join('\\n'));
}

export async function invoiceAll(client: OrderClient, ids: string[]): Promise<string[]> {
  const out: string[] = [];
  for (const id of ids) {
    const order = await client.order(id);
    out.push(renderInvoice(order));
  }
  return out;
}

export async function countProcessed(batch: Order[]): Promise<void> {
  processedCount = processedCount + (await Promise.resolve(batch.length));
}

events.on('shipped', async (count: number) => {
  await fetch(API + '/metrics', { method: 'POST', body: String(count), signal: AbortSignal.timeout(2000) });
});

export function watchOrders(client: OrderClient, ids: string[]): NodeJS.Timeout {
  return setInterval(() => {
    client
      .orders(ids)
      .then((orders) => console.log('orders', orders.length))
      .catch((err) => console.error('poll failed', err));
  }, 30_000);
}

export async function cancel(client: OrderClient, id: string): Promise<boolean> {
  const order = await client.order(id);
  if (order.status === 'shipped') return false;
  const token = 'token';
  await getJson('/orders/' + id + '/cancel', token);
  return true;
}

export async function summary(client: OrderClient, ids: string[]) {
  const [orders, customers] = await Promise.all([
    client.orders(ids),
    Promise.all(ids.slice(0, 5).map((id) => client.customer(id))),
  ]);
  return {
    orders: orders.length,
    customers: customers.map((c) => c.email),
    at: new Date().toISOString(),
  };
}

export function start(client: OrderClient): void {
  client.allPages();
  void client.totals(['a', 'b']).catch((err) => console.error(err));
}

export function deferred<T>() {
  let resolve!: (value: T) => void;
  let reject!: (reason: unknown) => void;
  const promise = new Promise<T>((res, rej) => {
    resolve = res;
    reject = rej;
  });
  return { promise, resolve, reject };
}
`;

const mb = (bytes) => (bytes / 1024 / 1024).toFixed(1);
const pct = (sorted, p) => sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))];

const t0 = performance.now();
const { reviewCode } = await import(process.env.REVIEW_DIST ?? new URL('../dist/review/index.js', import.meta.url).href);
const first = await reviewCode({ code: FILE, language: 'typescript', filename: 'orders.ts' });
const firstMs = performance.now() - t0;

const lines = FILE.split('\n').length;
const times = [];
let rssAfter10 = 0;
for (let i = 0; i < REVIEWS; i++) {
  // Vary the text a little so nothing can be cached by identity, as with real traffic.
  const code = `${FILE}\nexport const revision${i % 7} = ${i};\n`;
  const s = performance.now();
  await reviewCode({ code, language: 'typescript', filename: 'orders.ts' });
  times.push(performance.now() - s);
  if (i === 9) {
    globalThis.gc?.();
    rssAfter10 = process.memoryUsage().rss;
  }
}
globalThis.gc?.();
const rssAfterN = process.memoryUsage().rss;
times.sort((a, b) => a - b);

console.log(`file: ${lines} lines, ${first.findings.length} findings (${Object.entries(first.summary.byRule).map(([r, n]) => `${r} ${n}`).join(', ')})`);
console.log(`first review after start-up (import + review): ${firstMs.toFixed(0)} ms`);
console.log(`warm review over ${REVIEWS} runs: p50 ${pct(times, 50).toFixed(1)} ms, p95 ${pct(times, 95).toFixed(1)} ms, max ${times[times.length - 1].toFixed(1)} ms`);
console.log(`RSS after 10 reviews: ${mb(rssAfter10)} MB; after ${REVIEWS}: ${mb(rssAfterN)} MB; growth ${mb(rssAfterN - rssAfter10)} MB${globalThis.gc ? '' : ' (run with --expose-gc for steadier figures)'}`);

// The same first review when the server warmed the reviewer up in the background at start-up (`warmUp()`).
{
  const { spawnSync } = await import('node:child_process');
  const script = `
    const m = await import(${JSON.stringify(process.env.REVIEW_DIST ?? new URL('../dist/review/index.js', import.meta.url).href)});
    await m.warmUp();
    const s = performance.now();
    await m.reviewCode({ code: ${JSON.stringify(FILE)}, language: 'typescript', filename: 'orders.ts' });
    console.log((performance.now() - s).toFixed(0));
  `;
  const r = spawnSync(process.execPath, ['--input-type=module', '-e', script], { encoding: 'utf8' });
  console.log(`first review after warmUp(): ${r.stdout.trim() || r.stderr.trim()} ms`);
}
