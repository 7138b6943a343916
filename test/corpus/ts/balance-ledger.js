// In-memory wallet used by the game server.
export class Wallet {
  constructor(store) {
    this.store = store;
    this.balance = 0;
  }

  async deposit(amount) {
    // `+=` reads this.balance before the await: a deposit landing meanwhile is lost.
    this.balance += await this.store.netOf(amount); // expect: race-condition
  }

  async withdraw(amount) {
    const current = this.balance;
    await this.store.audit('withdraw', amount);
    this.balance = current - amount; // expect: race-condition
  }

  async depositFixed(amount) {
    const fee = await this.store.feeFor(amount);
    // Read and write happen together after the await: no stale read.
    const net = amount - fee;
    this.balance = this.balance + net;
  }
}
