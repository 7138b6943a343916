// @pattern
// id: bounded-concurrency
// title: Bounded concurrency over a large input
// summary: Process any number of items with at most N operations in flight, results in input order, stopping early on the first failure or an abort.
// minimum: node 20, ecmascript ES2022, typescript 5.0
// apis: Promise.all, AbortController, AbortSignal, AbortSignal.throwIfAborted
// pitfalls: Promise.all(items.map(fn)) starts every operation at once and exhausts sockets, file descriptors or the remote rate limit; slicing the input into fixed batches waits for the slowest item of each batch; materialising a huge input before starting holds all of it in memory; after the first failure the remaining items keep being started unless scheduling stops
// rules: unbounded-concurrency, await-in-loop, floating-promise
// tags: concurrency, limiter, semaphore, backpressure, pool
// @end

export interface MapOptions {
  /** Aborting stops starting new items and aborts the signal every running mapper received. */
  signal?: AbortSignal;
}

function checkLimit(limit: unknown): number {
  if (typeof limit !== 'number' || !Number.isInteger(limit)) {
    throw new TypeError(`Expected \`limit\` to be an integer, got ${String(limit)} (${typeof limit})`);
  }
  if (limit < 1) throw new RangeError(`Expected \`limit\` to be >= 1, got ${limit}`);
  return limit;
}

/**
 * Maps `items` with at most `limit` mappers running at once, using `limit` workers that pull from one shared
 * iterator: a slow item delays only its own worker, and the input is read lazily (a generator of a million ids is
 * fine). Results keep the input order. On the first failure no new item starts, the running mappers' signal is
 * aborted, and the error is rethrown once they have all settled, so nothing keeps running behind the caller's back.
 */
export async function mapWithConcurrency<I, O>(
  items: Iterable<I>,
  limit: number,
  mapper: (item: I, index: number, signal: AbortSignal) => Promise<O>,
  options: MapOptions = {},
): Promise<O[]> {
  if (items == null || typeof (items as Partial<Iterable<I>>)[Symbol.iterator] !== 'function') {
    throw new TypeError(`Expected \`items\` to be iterable, got ${String(items)} (${typeof items})`);
  }
  checkLimit(limit);
  if (typeof mapper !== 'function') {
    throw new TypeError(`Expected \`mapper\` to be a function, got ${String(mapper)} (${typeof mapper})`);
  }
  const { signal } = options;
  signal?.throwIfAborted();

  const controller = new AbortController();
  const onAbort = (): void => controller.abort(signal?.reason);
  signal?.addEventListener('abort', onAbort, { once: true });
  const iterator = items[Symbol.iterator]();
  const results: O[] = [];
  let nextIndex = 0;
  let failure: { error: unknown } | undefined;

  const worker = async (): Promise<void> => {
    // Each worker runs its items one after another; the parallelism comes from running `limit` workers.
    while (!controller.signal.aborted) {
      try {
        const next = iterator.next(); // inside the try: a throwing generator fails the map like a mapper would
        if (next.done === true) return;
        const index = nextIndex++;
        results[index] = await mapper(next.value, index, controller.signal);
      } catch (error) {
        failure ??= { error };
        controller.abort(error);
        return;
      }
    }
  };

  try {
    await Promise.all(Array.from({ length: limit }, worker));
  } finally {
    signal?.removeEventListener('abort', onAbort);
  }
  if (signal?.aborted) throw signal.reason;
  if (failure) throw failure.error;
  return results;
}

/**
 * A reusable limiter for call sites that are not one loop (several handlers sharing one downstream API):
 * `const limit = createLimiter(4); await limit(() => fetchThing(id))`. Waiters start in arrival order.
 */
export function createLimiter(limit: number): <T>(task: () => Promise<T>) => Promise<T> {
  checkLimit(limit);
  let active = 0;
  const waiting: Array<() => void> = [];

  return async <T>(task: () => Promise<T>): Promise<T> => {
    if (typeof task !== 'function') {
      throw new TypeError(`Expected \`task\` to be a function, got ${String(task)} (${typeof task})`);
    }
    if (active < limit) {
      active += 1;
    } else {
      await new Promise<void>((resolve) => {
        waiting.push(resolve);
      });
    }
    try {
      return await task();
    } finally {
      // Hand the slot straight to the next waiter, so `active` never exceeds `limit`, not even for a tick.
      const next = waiting.shift();
      if (next) next();
      else active -= 1;
    }
  };
}
