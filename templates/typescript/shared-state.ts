// @pattern
// id: shared-state
// title: Shared state under concurrency: single-flight and an async mutex
// summary: Share one in-flight promise between concurrent callers of the same load, and serialise read-modify-write sections that span an await.
// minimum: node 20, ecmascript ES2022, typescript 5.0
// apis: Promise, AbortSignal, AbortSignal.throwIfAborted, AbortSignal.reason
// pitfalls: single-threaded does not mean race-free: state read before an await may be stale after it; check-then-act across an await lets two callers refresh the same token; caching a rejected promise makes one transient failure permanent, and a load that throws before returning its promise must not slip past the cleanup that forgets failures; a mutex whose waiters cannot be cancelled turns one stuck holder into an unbounded queue
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

  /**
   * Joins the load in flight for `key`, or starts `load`. `signal` lets this caller stop waiting; the load goes on
   * for the others, so it never receives that signal.
   */
  run(key: K, load: () => Promise<V>, options: { signal?: AbortSignal } = {}): Promise<V> {
    if (typeof load !== 'function') {
      throw new TypeError(`Expected \`load\` to be a function, got ${String(load)} (${typeof load})`);
    }
    const { signal } = options;
    if (signal?.aborted) return Promise.reject(signal.reason);
    let shared = this.inFlight.get(key);
    if (!shared) {
      // Registered before load() runs (it starts in a microtask), so that a load that throws synchronously is
      // removed by the finally below like any other failure instead of being cached as a rejected promise forever.
      const started: Promise<V> = Promise.resolve()
        .then(load)
        .finally(() => {
          if (this.inFlight.get(key) === started) this.inFlight.delete(key);
        });
      // Every caller may have stopped waiting by the time it fails; they got their own rejection already.
      started.catch(() => undefined);
      this.inFlight.set(key, started);
      shared = started;
    }
    return signal ? waitUnlessAborted(shared, signal) : shared;
  }
}

/** `promise`, or a rejection with the signal's reason if it aborts first; the listener never outlives the wait. */
function waitUnlessAborted<T>(promise: Promise<T>, signal: AbortSignal): Promise<T> {
  return new Promise<T>((resolve, reject) => {
    const onAbort = (): void => reject(signal.reason);
    signal.addEventListener('abort', onAbort, { once: true });
    promise.then(resolve, reject).finally(() => signal.removeEventListener('abort', onAbort));
  });
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
