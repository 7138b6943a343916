// target: node 22
interface Waiter<T> {
  resolve: (value: T) => void;
  reject: (reason: unknown) => void;
}

export class AsyncQueue<T> {
  private readonly items: T[] = [];
  private readonly waiters: Waiter<T>[] = [];
  private closed = false;

  push(item: T): void {
    if (this.closed) throw new Error('queue closed');
    const waiter = this.waiters.shift();
    if (waiter) waiter.resolve(item);
    else this.items.push(item);
  }

  pop(): Promise<T> {
    if (this.items.length > 0) return Promise.resolve(this.items.shift() as T);
    if (this.closed) return Promise.reject(new Error('queue closed'));
    const { promise, resolve, reject } = Promise.withResolvers<T>();
    this.waiters.push({ resolve, reject });
    return promise;
  }

  close(): void {
    this.closed = true;
    for (const waiter of this.waiters.splice(0)) waiter.reject(new Error('queue closed'));
  }

  async drain(): Promise<T[]> {
    return Array.fromAsync(this.items.splice(0));
  }

  get size(): number {
    return this.items.length;
  }
}
