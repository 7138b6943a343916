// @pattern
// id: shared-state
// title: Shared state under concurrency: single-flight and an async mutex
// summary: Share one in-flight promise between concurrent callers of the same load, and serialise read-modify-write sections that span an await.
// minimum: node 20, ecmascript ES2022, typescript 5.0
// apis: Promise, AbortSignal, AbortSignal.throwIfAborted, AbortSignal.reason
// pitfalls: single-threaded does not mean race-free: state read before an await may be stale after it; check-then-act across an await lets two callers refresh the same token; caching a rejected promise makes one transient failure permanent; a mutex whose waiters cannot be cancelled turns one stuck holder into an unbounded queue
// rules: race-condition, floating-promise
// tags: single-flight, mutex, lock, cache, race-condition
// @end

/**
 * Concurrent calls for the same key share one in-flight load. The entry is removed when the load settles, so a
 * failure is reported to everyone waiting on it but is not cached: the next call loads again.
 */
export class SingleFlight<K, V> {
  private readonly inFlight = new Map<K, Promise<V>>();

  /** Number of loads currently running (for metrics and tests). */
  get size(): number {
    return this.inFlight.size;
  }

  run(key: K, load: () => Promise<V>): Promise<V> {
    if (typeof load !== 'function') {
      throw new TypeError(`Expected \`load\` to be a function, got ${String(load)} (${typeof load})`);
    }
    const existing = this.inFlight.get(key);
    if (existing) return existing;
    // Registered synchronously, before any await, so a second caller in the same tick finds it.
    const promise = (async () => {
      try {
        return await load();
      } finally {
        this.inFlight.delete(key);
      }
    })();
    this.inFlight.set(key, promise);
    return promise;
  }
}

/** A FIFO async mutex; waiters can give up through an AbortSignal without disturbing the queue. */
export class Mutex {
  private locked = false;
  private readonly waiters: Array<() => void> = [];

  get isLocked(): boolean {
    return this.locked;
  }

  /** Runs `critical` alone: no other `runExclusive` body of this mutex runs until it settles. */
  async runExclusive<T>(critical: () => Promise<T> | T, options: { signal?: AbortSignal } = {}): Promise<T> {
    if (typeof critical !== 'function') {
      throw new TypeError(`Expected \`critical\` to be a function, got ${String(critical)} (${typeof critical})`);
    }
    await this.acquire(options.signal);
    try {
      return await critical();
    } finally {
      this.release();
    }
  }

  private acquire(signal: AbortSignal | undefined): Promise<void> {
    signal?.throwIfAborted();
    if (!this.locked) {
      this.locked = true;
      return Promise.resolve();
    }
    return new Promise<void>((resolve, reject) => {
      const grant = (): void => {
        signal?.removeEventListener('abort', onAbort);
        resolve();
      };
      const onAbort = (): void => {
        const index = this.waiters.indexOf(grant);
        if (index !== -1) this.waiters.splice(index, 1);
        reject(signal?.reason);
      };
      this.waiters.push(grant);
      signal?.addEventListener('abort', onAbort, { once: true });
    });
  }

  private release(): void {
    // Ownership passes straight to the next waiter, so no newcomer can slip in between.
    const next = this.waiters.shift();
    if (next) next();
    else this.locked = false;
  }
}

/**
 * Example: a token that many requests need. Concurrent callers with an expired token trigger one refresh between
 * them (single-flight) instead of one each, and the cached value is only replaced by a completed refresh.
 */
export class RefreshingToken {
  private token: { value: string; expiresAt: number } | undefined;
  private readonly refreshes = new SingleFlight<'token', { value: string; expiresAt: number }>();

  constructor(
    private readonly fetchToken: () => Promise<{ value: string; expiresAt: number }>,
    private readonly now: () => number = Date.now,
  ) {
    if (typeof fetchToken !== 'function') {
      throw new TypeError(`Expected \`fetchToken\` to be a function, got ${String(fetchToken)}`);
    }
  }

  async get(): Promise<string> {
    const current = this.token;
    if (current && current.expiresAt > this.now()) return current.value;
    const fresh = await this.refreshes.run('token', () => this.refresh());
    return fresh.value;
  }

  /** Runs at most once at a time (through single-flight), so this write after the await cannot race another. */
  private async refresh(): Promise<{ value: string; expiresAt: number }> {
    const fresh = await this.fetchToken();
    this.token = fresh;
    return fresh;
  }
}
