// @pattern
// id: producer-consumer
// title: Producer-consumer with backpressure
// summary: A bounded async queue between producers and consumers: producers wait when it is full, consumers wait when it is empty, and closing it lets consumers drain what is left.
// minimum: node 20, ecmascript ES2022, typescript 5.0
// apis: Promise, AbortSignal, Symbol.asyncIterator, Promise.all
// pitfalls: an unbounded array as a queue turns a slow consumer into unbounded memory growth; dropping the promise returned by put() throws away the backpressure; consumers that loop forever on an empty queue never let the program end, so the producer must close the queue; a consumer failure must stop the producer, or it blocks forever on a full queue
// rules: floating-promise, unbounded-concurrency, await-in-loop
// tags: queue, channel, backpressure, producer-consumer, streaming
// @end

/** Rejection of put() on a closed queue. */
export class QueueClosedError extends Error {
  override readonly name = 'QueueClosedError';

  constructor() {
    super('The queue is closed');
  }
}

interface Waiter<R> {
  settle: (value: R) => void;
  fail: (reason: unknown) => void;
}

interface Putter<T> extends Waiter<void> {
  item: T;
}

/**
 * A FIFO queue holding at most `capacity` items. For byte streams Node's streams already do this
 * (stream.pipeline with highWaterMark); this is for objects moving between async tasks.
 */
export class BoundedQueue<T> implements AsyncIterable<T> {
  private readonly items: T[] = [];
  private readonly takers: Waiter<IteratorResult<T, undefined>>[] = [];
  private readonly putters: Putter<T>[] = [];
  private closed = false;

  constructor(readonly capacity: number) {
    if (typeof capacity !== 'number' || !Number.isInteger(capacity)) {
      throw new TypeError(`Expected \`capacity\` to be an integer, got ${String(capacity)} (${typeof capacity})`);
    }
    if (capacity < 1) throw new RangeError(`Expected \`capacity\` to be >= 1, got ${capacity}`);
  }

  get size(): number {
    return this.items.length;
  }

  /** Resolves once the item is in the queue; waits while the queue is full. This wait is the backpressure. */
  put(item: T, signal?: AbortSignal): Promise<void> {
    if (this.closed) return Promise.reject(new QueueClosedError());
    if (signal?.aborted) return Promise.reject(signal.reason);
    const taker = this.takers.shift();
    if (taker) {
      taker.settle({ done: false, value: item }); // hand over directly: a consumer is already waiting
      return Promise.resolve();
    }
    if (this.items.length < this.capacity) {
      this.items.push(item);
      return Promise.resolve();
    }
    return this.wait(this.putters, signal, (settle, fail) => ({ item, settle, fail }));
  }

  /** The next item, or `{ done: true }` once the queue is closed and empty. */
  take(signal?: AbortSignal): Promise<IteratorResult<T, undefined>> {
    if (signal?.aborted) return Promise.reject(signal.reason);
    if (this.items.length > 0) {
      const item = this.items.shift() as T; // length checked: T itself may include undefined
      this.admitPutter(); // a slot just opened: the longest-waiting producer may go on
      return Promise.resolve({ done: false, value: item });
    }
    if (this.closed) return Promise.resolve({ done: true, value: undefined });
    return this.wait(this.takers, signal, (settle, fail) => ({ settle, fail }));
  }

  /** No more puts; waiting consumers get `done` once the remaining items are taken. Waiting producers are rejected. */
  close(): void {
    if (this.closed) return;
    this.closed = true;
    for (const putter of this.putters.splice(0)) putter.fail(new QueueClosedError());
    for (const taker of this.takers.splice(0)) taker.settle({ done: true, value: undefined });
  }

  /** `for await (const item of queue)` consumes until the queue is closed and drained. */
  async *[Symbol.asyncIterator](): AsyncGenerator<T, void, undefined> {
    for (;;) {
      const next = await this.take();
      if (next.done === true) return;
      yield next.value;
    }
  }

  private admitPutter(): void {
    const putter = this.putters.shift();
    if (!putter) return;
    this.items.push(putter.item);
    putter.settle();
  }

  /** Parks a caller in `list` until it is settled, failed (close) or its signal aborts; no listener outlives it. */
  private wait<R, W extends Waiter<R>>(
    list: W[],
    signal: AbortSignal | undefined,
    make: (settle: (value: R) => void, fail: (reason: unknown) => void) => W,
  ): Promise<R> {
    return new Promise<R>((resolve, reject) => {
      const onAbort = (): void => {
        const index = list.indexOf(waiter);
        if (index !== -1) list.splice(index, 1);
        reject(signal?.reason);
      };
      const waiter = make(
        (value) => {
          signal?.removeEventListener('abort', onAbort);
          resolve(value);
        },
        (reason) => {
          signal?.removeEventListener('abort', onAbort);
          reject(reason);
        },
      );
      list.push(waiter);
      signal?.addEventListener('abort', onAbort, { once: true });
    });
  }
}

/**
 * Runs one producer and `consumers` consumers over a queue of `capacity`. The producer awaits every put, so it runs
 * at most `capacity` items ahead. The first failure on either side aborts the other side and is rethrown.
 */
export async function produceConsume<T>(
  produce: (put: (item: T) => Promise<void>, signal: AbortSignal) => Promise<void>,
  consume: (item: T, signal: AbortSignal) => Promise<void>,
  options: { capacity: number; consumers: number; signal?: AbortSignal },
): Promise<void> {
  if (typeof produce !== 'function') throw new TypeError(`Expected \`produce\` to be a function, got ${String(produce)}`);
  if (typeof consume !== 'function') throw new TypeError(`Expected \`consume\` to be a function, got ${String(consume)}`);
  const { capacity, consumers, signal } = options;
  if (!Number.isInteger(consumers) || consumers < 1) {
    throw new RangeError(`Expected \`consumers\` to be an integer >= 1, got ${String(consumers)}`);
  }
  const queue = new BoundedQueue<T>(capacity);
  signal?.throwIfAborted();
  const controller = new AbortController();
  const linked = controller.signal;
  // Linked by hand (AbortSignal.any needs Node 20.3); the listener is removed below.
  const onAbort = (): void => controller.abort(signal?.reason);
  signal?.addEventListener('abort', onAbort, { once: true });
  let firstError: { error: unknown } | undefined;
  const fail = (error: unknown): void => {
    firstError ??= { error };
    controller.abort(error);
    queue.close(); // wakes everyone waiting on the queue
  };

  const producer = (async () => {
    try {
      await produce((item) => queue.put(item, linked), linked);
    } catch (error) {
      fail(error);
    } finally {
      queue.close();
    }
  })();
  const consumerTasks = Array.from({ length: consumers }, async () => {
    try {
      for (;;) {
        const next = await queue.take(linked);
        if (next.done === true) return;
        await consume(next.value, linked);
      }
    } catch (error) {
      fail(error);
    }
  });
  try {
    await Promise.all([producer, ...consumerTasks]);
  } finally {
    signal?.removeEventListener('abort', onAbort);
  }
  if (signal?.aborted) throw signal.reason;
  if (firstError) throw firstError.error;
}
