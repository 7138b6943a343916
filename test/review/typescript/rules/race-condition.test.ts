import { ruleTable } from '../helpers.js';

const decls = `
declare function requestToken(): Promise<{ value: string; expiresAt: number }>;
declare function loadUser(id: string): Promise<{ id: string }>;
declare function chargeCard(n: number): Promise<void>;
`;

ruleTable('race-condition', {
  valid: [
    {
      name: 'a guard filled synchronously with an async IIFE (its awaits suspend the IIFE, not the caller)',
      code: `${decls}
export class Connection {
  private closing: Promise<void> | undefined;
  private pending = new Map<string, Promise<{ id: string }>>();
  async close(): Promise<void> {
    if (!this.closing) {
      this.closing = (async () => {
        await chargeCard(0);
        await loadUser('x');
      })();
    }
    return this.closing;
  }
  async user(id: string) {
    if (!this.pending.has(id)) {
      this.pending.set(id, (async () => { const u = await loadUser(id); return u; })());
    }
    return this.pending.get(id);
  }
}`,
    },
    {
      name: 'sharing the in-flight refresh promise',
      code: `${decls}
export class TokenClient {
  private token?: { value: string; expiresAt: number };
  private refreshing?: Promise<{ value: string; expiresAt: number }>;
  async getToken() {
    if (this.token && this.token.expiresAt > Date.now()) return this.token.value;
    this.refreshing ??= requestToken().finally(() => { this.refreshing = undefined; });
    const token = await this.refreshing;
    return token.value;
  }
}`,
    },
    {
      name: 'synchronous check-and-set before the await',
      code: `${decls}
export class Job {
  private running = false;
  async run() {
    if (this.running) return;
    this.running = true;
    try {
      await chargeCard(1);
    } finally {
      this.running = false;
    }
  }
}`,
    },
    {
      name: 'local state only',
      code: `${decls}
export async function total(ids: string[]) {
  let count = 0;
  for (const id of ids) count += (await loadUser(id)).id.length;
  return count;
}`,
    },
    {
      name: 'awaiting the shared in-flight promise after an early-exit check',
      code: `${decls}
export class Provider {
  private token?: { value: string; expiresAt: number };
  private pending?: Promise<{ value: string; expiresAt: number }>;
  async get() {
    if (this.token && this.token.expiresAt > Date.now()) return this.token.value;
    this.pending ??= requestToken().finally(() => { this.pending = undefined; });
    this.token = await this.pending;
    return this.token.value;
  }
}`,
    },
    {
      name: 'a write after the await that the earlier check does not decide',
      code: `${decls}
export class Breaker {
  private state: 'open' | 'closed' = 'closed';
  private openedAt = 0;
  async call(fn: () => Promise<void>) {
    if (this.state === 'open') {
      if (Date.now() - this.openedAt < 1000) throw new Error('open');
      this.state = 'closed';
    }
    try {
      await fn();
    } catch (err) {
      this.openedAt = Date.now();
      throw err;
    }
  }
}`,
    },
    {
      name: 'map entry read and written after the await, or written before it',
      code: `
declare function persist(userId: string, balance: number): Promise<void>;
export class Wallets {
  private balances = new Map<string, number>();
  async credit(userId: string, amount: number): Promise<number> {
    await persist(userId, amount);
    const current = this.balances.get(userId) ?? 0;
    this.balances.set(userId, current + amount);
    return current + amount;
  }
  async debit(userId: string, amount: number): Promise<number> {
    const next = (this.balances.get(userId) ?? 0) - amount;
    this.balances.set(userId, next);
    await persist(userId, next);
    return next;
  }
}`,
    },
    {
      name: 'a local map, and a module map written from the awaited value only',
      code: `
declare function fetchPrice(sku: string): Promise<number>;
const prices = new Map<string, number>();
export async function refresh(sku: string): Promise<number> {
  const seen = new Map<string, number>();
  const old = seen.get(sku) ?? 0;
  const price = await fetchPrice(sku);
  seen.set(sku, old + price);
  prices.set(sku, price);
  return price;
}`,
    },
  ],
  invalid: [
    {
      name: 'the same guard with the await in the caller is still a race',
      code: `${decls}
export class Connection {
  private closing: boolean | undefined;
  async close(): Promise<void> {
    if (!this.closing) {
      await chargeCard(0);
      this.closing = true;
    }
  }
}`,
      lines: [11],
    },
    {
      name: 'stock record read before an await and written after it',
      code: `${decls}
const stock: Record<string, number> = {};
export async function reserve(sku: string, qty: number) {
  const available = stock[sku] ?? 0;
  if (available < qty) return false;
  await chargeCard(qty);
  stock[sku] = available - qty;
  return true;
}`,
      lines: [11],
    },
    {
      name: 'a field of a shared record checked then set',
      code: `${decls}
const seats = new Map<string, { heldBy: string | null }>();
export async function hold(seatId: string, userId: string) {
  const seat = seats.get(seatId);
  if (!seat || seat.heldBy !== null) return false;
  await chargeCard(1);
  seat.heldBy = userId;
  return true;
}`,
      lines: [11],
    },
    {
      name: 'two callers refreshing one token',
      code: `${decls}
export class TokenClient {
  private token?: { value: string; expiresAt: number };
  async getToken() {
    if (!this.token || this.token.expiresAt < Date.now()) {
      this.token = await requestToken();
    }
    return this.token.value;
  }
}`,
      lines: [10],
    },
    {
      name: 'balance read before await and written after',
      code: `${decls}
export class Wallet {
  balance = 100;
  async spend(amount: number) {
    const current = this.balance;
    await chargeCard(amount);
    this.balance = current - amount;
  }
}`,
      lines: [11],
    },
    {
      name: 'module counter updated across an await (JavaScript)',
      language: 'javascript',
      code: `
let processed = 0;
async function handle(job) {
  processed = processed + (await job.run());
}`,
      lines: [4],
    },
    {
      name: 'map cache stampede',
      code: `${decls}
const cache = new Map<string, { id: string }>();
export async function getUser(id: string) {
  if (!cache.has(id)) {
    const user = await loadUser(id);
    cache.set(id, user);
  }
  return cache.get(id);
}`,
      lines: [10],
    },
    {
      name: 'an entry of a this-owned map read before an await and written back from that value',
      code: `
declare function appendLedger(entry: { userId: string; delta: number }): Promise<void>;
declare function loadBalance(userId: string): Promise<number>;
export class Wallets {
  private balances = new Map<string, number>();
  async debit(userId: string, amount: number): Promise<number> {
    const current = this.balances.get(userId) ?? (await loadBalance(userId));
    if (current < amount) throw new RangeError('insufficient funds');
    await appendLedger({ userId, delta: -amount });
    this.balances.set(userId, current - amount);
    return current - amount;
  }
}`,
      lines: [10],
    },
    {
      name: 'a module-level map counter updated across an await (JavaScript)',
      language: 'javascript',
      code: `
const hits = new Map();
async function record(route, store) {
  const count = hits.get(route) || 0;
  await store.write(route, Date.now());
  hits.set(route, count + 1);
}
module.exports = { record };`,
      lines: [6],
    },
  ],
});
