import { Mutex } from "async-mutex";

interface Account {
  id: string;
  balance: number;
}

/** Read-await-write on shared state, serialised by a mutex per account, so
 * concurrent transfers cannot lose an update. */
export class Ledger {
  private readonly accounts = new Map<string, Account>();
  private readonly locks = new Map<string, Mutex>();

  constructor(private readonly persist: (a: Account) => Promise<void>) {}

  private lockFor(id: string): Mutex {
    let m = this.locks.get(id);
    if (!m) {
      m = new Mutex();
      this.locks.set(id, m);
    }
    return m;
  }

  async deposit(id: string, amount: number): Promise<number> {
    return this.lockFor(id).runExclusive(async () => {
      const acc = this.accounts.get(id) ?? { id, balance: 0 };
      const next = { ...acc, balance: acc.balance + amount };
      await this.persist(next);
      this.accounts.set(id, next);
      return next.balance;
    });
  }
}
