import { Redis } from 'ioredis';

const redis = new Redis(process.env.REDIS_URL ?? 'redis://localhost:6379');

type LedgerEntry = { userId: string; delta: number; at: number };

export class WalletService {
  private balances = new Map<string, number>();

  async load(userId: string): Promise<number> {
    const raw = await redis.get(`wallet:${userId}`);
    const balance = raw === null ? 0 : Number(raw);
    this.balances.set(userId, balance);
    return balance;
  }

  private async appendLedger(entry: LedgerEntry): Promise<void> {
    await redis.rpush('ledger', JSON.stringify(entry));
  }

  async debit(userId: string, amount: number): Promise<number> {
    const current = this.balances.get(userId) ?? (await this.load(userId));
    if (current < amount) {
      throw new RangeError(`insufficient funds: balance ${current}, debit ${amount}`);
    }
    await this.appendLedger({ userId, delta: -amount, at: Date.now() });
    this.balances.set(userId, current - amount); // expect: race-condition
    await redis.set(`wallet:${userId}`, String(current - amount));
    return current - amount;
  }

  async credit(userId: string, amount: number): Promise<number> {
    const next = await redis.incrbyfloat(`wallet:${userId}`, amount);
    const value = Number(next);
    this.balances.set(userId, value);
    await this.appendLedger({ userId, delta: amount, at: Date.now() });
    return value;
  }
}
