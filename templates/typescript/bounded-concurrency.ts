// @pattern
// id: bounded-concurrency
// title: Bounded concurrency over a large input
// summary: Process any number of items with at most N operations in flight, results in input order, stopping early on the first failure or an abort.
// minimum: node 20, ecmascript ES2022, typescript 5.0
// apis: Promise.all, AbortController, AbortSignal, AbortSignal.throwIfAborted, Symbol.asyncIterator, AsyncIterator.return
// pitfalls: Promise.all(items.map(fn)) starts every operation at once and exhausts sockets, file descriptors or the remote rate limit; slicing the input into fixed batches waits for the slowest item of each batch; materialising a huge input before starting holds all of it in memory; after the first failure the remaining items keep being started unless scheduling stops; stopping early without calling the iterator's return() leaves a generator's finally unrun; calling an async iterator's next() from several workers at once
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
 * Maps `items` (an iterable or an async iterable) with at most `limit` mappers running at once, using `limit`
 * workers that pull from one shared iterator: a slow item delays only its own worker, and the input is read lazily
 * (a generator of a million ids, or a paginated stream, is fine). Results keep the input order. On the first
 * failure no new item starts, the running mappers' signal is aborted, the input is closed (its `return()` runs, so a
 * generator's `finally` does), and the error is rethrown once they have all settled: nothing keeps running behind
 * the caller's back.
 */
export async function mapWithConcurrency<I, O>(
  items: Iterable<I> | AsyncIterable<I>,
  limit: number,
  mapper: (item: I, index: number, signal: AbortSignal) => Promise<O>,
  options: MapOptions = {},
): Promise<O[]> {
  const source = items as Partial<Iterable<I> & AsyncIterable<I>> | null | undefined;
  const isAsync = typeof source?.[Symbol.asyncIterator] === 'function';
  if (!isAsync && typeof source?.[Symbol.iterator] !== 'function') {
    throw new TypeError(`Expected \`items\` to be iterable or async iterable, got ${String(items)} (${typeof items})`);
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
  const iterator: Iterator<I> | AsyncIterator<I> = isAsync
    ? (items as AsyncIterable<I>)[Symbol.asyncIterator]()
    : (items as Iterable<I>)[Symbol.iterator]();
  const results: O[] = [];
  let nextIndex = 0;
  let finished = false; // the iterator is done, or threw: either way it must not be closed again
  let failure: { error: unknown } | undefined;

  // One pull at a time, even for async iterators: their next() must not be called concurrently, and the index is
  // assigned in pull order so results land in input order.
  let queue: Promise<unknown> = Promise.resolve();
  const pull = (): Promise<{ item: I; index: number } | undefined> => {
    const next = queue.then(async () => {
      if (finished || controller.signal.aborted) return undefined;
      try {
        const r = await iterator.next();
        if (r.done === true) {
          finished = true;
          return undefined;
        }
        return { item: r.value, index: nextIndex++ };
      } catch (error) {
        finished = true;
        throw error;
      }
    });
    queue = next.catch(() => undefined);
    return next;
  };

  const worker = async (): Promise<void> => {
    // Each worker runs its items one after another; the parallelism comes from running `limit` workers.
    while (!controller.signal.aborted) {
      try {
        const next = await pull(); // a throwing iterator fails the map like a mapper would
        if (next === undefined) return;
        results[next.index] = await mapper(next.item, next.index, controller.signal);
      } catch (error) {
        failure ??= { error };
        controller.abort(error);
        return;
      }
    }
  };

  try {
    await Promise.all(Array.from({ length: limit }, worker));
    if (!finished) {
      // Stopped early: close the input so its cleanup runs now. A failing return() is secondary to the reason the
      // map stopped, which is what the caller gets.
      await Promise.resolve(iterator.return?.()).catch(() => undefined);
    }
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
