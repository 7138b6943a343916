// @pattern
// id: bounded-concurrency
// title: Bounded concurrency over a large input, with p-map
// summary: The bounded-concurrency pattern on p-map: at most N operations in flight over a sync or async iterable, results in input order, and on the first failure or an abort the running mappers are signalled and awaited before the error is rethrown.
// minimum: node 20, ecmascript ES2022, typescript 5.0
// library: p-map 7.1.1
// prefer-library: the project already uses the sindresorhus p-* family, or needs what p-map adds: async-iterable input, pMapIterable (results streamed with a backpressure limit), pMapSkip and pMapStop, or stopOnError: false with an AggregateError in input order; for a limit shared by unrelated call sites, p-limit (7.3.3) is the sibling to use
// prefer-handwritten: a dependency-free library, or when the mapper must get an AbortSignal from the limiter itself: p-map passes none, which is why this variant wraps it
// apis: p-map.pMap, AbortController, AbortSignal, AbortSignal.throwIfAborted, Promise.allSettled
// pitfalls: p-map's default concurrency is Infinity, which is Promise.all with extra steps; with stopOnError (the default) p-map rejects at the first error while the mappers already running carry on, and its signal option rejects the map without reaching them, so they need a signal of their own and the caller should wait for them; when it stops early, p-map can drop elements it already pulled from a source that cannot be re-read (a queue); a mapper that ignores its signal still runs to the end after a failure
// rules: unbounded-concurrency, await-in-loop, floating-promise
// tags: concurrency, limiter, semaphore, backpressure, pool, library, p-map
// @end

import pMap from 'p-map';

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
 * Maps `items` with at most `limit` mappers running at once; results keep the input order. On the first failure
 * (or an abort) no new item starts, the running mappers' signal is aborted, and the error (or the abort reason) is
 * rethrown once they have all settled, so nothing keeps running behind the caller's back.
 */
export async function mapWithConcurrency<I, O>(
  items: Iterable<I> | AsyncIterable<I>,
  limit: number,
  mapper: (item: I, index: number, signal: AbortSignal) => Promise<O>,
  options: MapOptions = {},
): Promise<O[]> {
  checkLimit(limit); // p-map would accept Infinity, the one value this pattern exists to prevent
  if (typeof mapper !== 'function') {
    throw new TypeError(`Expected \`mapper\` to be a function, got ${String(mapper)} (${typeof mapper})`);
  }
  const { signal } = options;
  signal?.throwIfAborted();

  const controller = new AbortController();
  const onAbort = (): void => controller.abort(signal?.reason);
  signal?.addEventListener('abort', onAbort, { once: true });
  const running = new Set<Promise<O>>();
  try {
    return await pMap(
      items,
      (item, index) => {
        const result = mapper(item, index, controller.signal);
        running.add(result);
        const forget = (): void => {
          running.delete(result);
        };
        result.then(forget, forget); // both paths: a rejection is handled by p-map, which awaits `result` too
        return result;
      },
      { concurrency: limit, signal: controller.signal },
    );
  } catch (error) {
    controller.abort(error); // the mappers still running are told to stop...
    await Promise.allSettled(running); // ...and the caller gets control back only once they have
    throw signal?.aborted ? signal.reason : error;
  } finally {
    signal?.removeEventListener('abort', onAbort);
  }
}
