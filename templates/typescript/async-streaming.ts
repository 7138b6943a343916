// @pattern
// id: async-streaming
// title: Async iteration and streaming
// summary: Expose paged or chunked data as an async generator, compose it with small transforms, and rely on for await to close the source when the consumer stops early.
// minimum: node 20, ecmascript ES2022, typescript 5.0
// apis: Symbol.asyncIterator, AsyncGenerator, AbortSignal, AbortSignal.throwIfAborted
// pitfalls: collecting every page into an array before returning defeats streaming and holds everything in memory; cleanup placed after the loop instead of in finally is skipped when the consumer breaks early; a transform that pulls from its source with next() by hand must call return() itself, while for await does it for you; reading pages ahead without a bound is a hidden unbounded buffer; arguments of an async generator are only checked at the first next(), so validate in a plain wrapper
// rules: await-in-loop, floating-promise
// tags: async-iterator, async-generator, streaming, pagination, for-await
// @end

export interface Page<T> {
  items: readonly T[];
  /** Cursor of the next page; absent on the last page. */
  next?: string | undefined;
}

export type PageFetcher<T> = (cursor: string | undefined, signal: AbortSignal | undefined) => Promise<Page<T>>;

export interface PaginateOptions {
  signal?: AbortSignal;
  /** Called once when iteration ends for any reason: finished, failed, or stopped early by the consumer. */
  onClose?: () => void;
}

function checkAsyncIterable(value: unknown, name: string): void {
  if (value == null || typeof (value as Partial<AsyncIterable<unknown>>)[Symbol.asyncIterator] !== 'function') {
    throw new TypeError(`Expected \`${name}\` to be an async iterable, got ${String(value)} (${typeof value})`);
  }
}

function checkCount(value: unknown, name: string, min: number): void {
  if (typeof value !== 'number' || !Number.isInteger(value) || value < min) {
    throw new RangeError(`Expected \`${name}\` to be an integer >= ${min}, got ${String(value)}`);
  }
}

/*
 * Each public function checks its arguments and then returns a generator: a generator body only starts at the first
 * next(), so checks inside it would report a bad argument far from the call that passed it.
 */

/**
 * Yields the items of every page in order, fetching the next page only when the consumer asks for more: a consumer
 * that stops after ten items costs one request, not all of them. Each page needs the previous cursor, so the
 * requests are sequential by nature.
 */
export function paginate<T>(fetchPage: PageFetcher<T>, options: PaginateOptions = {}): AsyncGenerator<T, void, undefined> {
  if (typeof fetchPage !== 'function') {
    throw new TypeError(`Expected \`fetchPage\` to be a function, got ${String(fetchPage)} (${typeof fetchPage})`);
  }
  return paginateImpl(fetchPage, options);
}

async function* paginateImpl<T>(fetchPage: PageFetcher<T>, options: PaginateOptions): AsyncGenerator<T, void, undefined> {
  const { signal, onClose } = options;
  try {
    let cursor: string | undefined;
    do {
      signal?.throwIfAborted();
      const page = await fetchPage(cursor, signal);
      yield* page.items;
      cursor = page.next;
    } while (cursor !== undefined);
  } finally {
    // Runs on completion, on error, and when the consumer breaks out of for await (which calls return()).
    onClose?.();
  }
}

/** Groups items into arrays of `size` (the last may be shorter), e.g. to write rows in bulk. */
export function batch<T>(source: AsyncIterable<T>, size: number): AsyncGenerator<T[], void, undefined> {
  checkAsyncIterable(source, 'source');
  checkCount(size, 'size', 1);
  return batchImpl(source, size);
}

async function* batchImpl<T>(source: AsyncIterable<T>, size: number): AsyncGenerator<T[], void, undefined> {
  let current: T[] = [];
  // for await closes `source` for us when our own consumer stops early.
  for await (const item of source) {
    current.push(item);
    if (current.length === size) {
      yield current;
      current = [];
    }
  }
  if (current.length > 0) yield current;
}

/** Maps each item with an async function, one at a time, preserving order. */
export function mapAsync<T, U>(
  source: AsyncIterable<T>,
  fn: (item: T) => Promise<U> | U,
): AsyncGenerator<U, void, undefined> {
  checkAsyncIterable(source, 'source');
  if (typeof fn !== 'function') throw new TypeError(`Expected \`fn\` to be a function, got ${String(fn)} (${typeof fn})`);
  return mapAsyncImpl(source, fn);
}

async function* mapAsyncImpl<T, U>(
  source: AsyncIterable<T>,
  fn: (item: T) => Promise<U> | U,
): AsyncGenerator<U, void, undefined> {
  for await (const item of source) yield await fn(item);
}

/** The first `count` items, then stops and closes the source. */
export function take<T>(source: AsyncIterable<T>, count: number): AsyncGenerator<T, void, undefined> {
  checkAsyncIterable(source, 'source');
  checkCount(count, 'count', 0);
  return takeImpl(source, count);
}

async function* takeImpl<T>(source: AsyncIterable<T>, count: number): AsyncGenerator<T, void, undefined> {
  if (count === 0) return;
  let taken = 0;
  for await (const item of source) {
    yield item;
    taken += 1;
    if (taken === count) return; // leaving the loop calls source.return(), closing it
  }
}

/**
 * Collects a stream into an array, refusing to grow past `max` items so that a surprise-sized source fails loudly
 * instead of exhausting memory. (Array.fromAsync does the collecting on Node 22+, without the bound.)
 */
export async function collect<T>(source: AsyncIterable<T>, max = 100_000): Promise<T[]> {
  checkAsyncIterable(source, 'source');
  checkCount(max, 'max', 0);
  const items: T[] = [];
  for await (const item of source) {
    if (items.length === max) throw new RangeError(`Stream has more than max = ${max} items`);
    items.push(item);
  }
  return items;
}
