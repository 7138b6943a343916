import { describe, expect, it } from 'vitest';
import { BoundedQueue, QueueClosedError, produceConsume } from '../../../templates/typescript/producer-consumer.js';

const tick = (): Promise<void> => new Promise((resolve) => setImmediate(resolve));

/** Reports whether `promise` has settled after letting pending callbacks run. */
async function isSettled(promise: Promise<unknown>): Promise<boolean> {
  let settled = false;
  promise.then(
    () => {
      settled = true;
    },
    () => {
      settled = true;
    },
  );
  await tick();
  return settled;
}

describe('producer-consumer template', () => {
  it('a put on a full queue waits until a consumer takes an item', async () => {
    const queue = new BoundedQueue<number>(2);
    await queue.put(1);
    await queue.put(2);
    const third = queue.put(3);
    expect(await isSettled(third)).toBe(false); // backpressure: the producer is held here
    expect(queue.size).toBe(2);
    expect(await queue.take()).toEqual({ done: false, value: 1 });
    expect(await isSettled(third)).toBe(true);
    expect(queue.size).toBe(2);
    expect((await queue.take()).value).toBe(2);
    expect((await queue.take()).value).toBe(3);
  });

  it('a take on an empty queue waits for the next put, and close() drains then ends', async () => {
    const queue = new BoundedQueue<string>(1);
    const pending = queue.take();
    expect(await isSettled(pending)).toBe(false);
    await queue.put('a');
    expect(await pending).toEqual({ done: false, value: 'a' });
    await queue.put('b');
    queue.close();
    await expect(queue.put('c')).rejects.toBeInstanceOf(QueueClosedError);
    const seen: string[] = [];
    for await (const item of queue) seen.push(item);
    expect(seen).toEqual(['b']);
  });

  it('keeps undefined items as items', async () => {
    const queue = new BoundedQueue<undefined | number>(2);
    await queue.put(undefined);
    queue.close();
    expect(await queue.take()).toEqual({ done: false, value: undefined });
    expect(await queue.take()).toEqual({ done: true, value: undefined });
  });

  it('a waiting put can be aborted and leaves the queue as it was', async () => {
    const queue = new BoundedQueue<number>(1);
    await queue.put(1);
    const controller = new AbortController();
    const reason = new Error('no longer needed');
    const blocked = queue.put(2, controller.signal);
    controller.abort(reason);
    await expect(blocked).rejects.toBe(reason);
    expect((await queue.take()).value).toBe(1);
    expect(queue.size).toBe(0);
  });

  it('produceConsume keeps the producer at most capacity + consumers items ahead, and delivers everything', async () => {
    let produced = 0;
    let consumed = 0;
    let maxAhead = 0;
    const received: number[] = [];
    await produceConsume<number>(
      async (put) => {
        for (let i = 0; i < 40; i += 1) {
          await put(i);
          produced += 1;
          maxAhead = Math.max(maxAhead, produced - consumed);
        }
      },
      async (item) => {
        await tick();
        await tick();
        received.push(item);
        consumed += 1;
      },
      { capacity: 3, consumers: 2 },
    );
    expect(received.sort((a, b) => a - b)).toEqual(Array.from({ length: 40 }, (_, i) => i));
    expect(maxAhead).toBeGreaterThan(1); // the producer did run ahead...
    expect(maxAhead).toBeLessThanOrEqual(3 + 2); // ...but never further than the queue plus items in hand
  });

  it('a consumer failure stops a producer blocked on a full queue and is rethrown', async () => {
    const failure = new Error('consumer crashed');
    let producerStoppedWith: unknown;
    const outcome = produceConsume<number>(
      async (put) => {
        try {
          for (let i = 0; ; i += 1) await put(i);
        } catch (error) {
          producerStoppedWith = error;
          throw error;
        }
      },
      async (item) => {
        if (item === 3) throw failure;
        await tick();
      },
      { capacity: 2, consumers: 1 },
    );
    await expect(outcome).rejects.toBe(failure);
    expect(producerStoppedWith).toBe(failure);
  });

  it('the caller signal stops both sides with the caller reason', async () => {
    const controller = new AbortController();
    const reason = new Error('shutting down');
    const outcome = produceConsume<number>(
      async (put) => {
        for (let i = 0; ; i += 1) await put(i);
      },
      async (item) => {
        if (item === 5) controller.abort(reason);
        await tick();
      },
      { capacity: 2, consumers: 2, signal: controller.signal },
    );
    await expect(outcome).rejects.toBe(reason);
  });

  it('checks its arguments and names them', async () => {
    expect(() => new BoundedQueue(0)).toThrow(/`capacity`.*0/);
    expect(() => new BoundedQueue('2' as never)).toThrow(TypeError);
    await expect(produceConsume(async () => {}, async () => {}, { capacity: 1, consumers: 0 })).rejects.toThrow(
      /`consumers`/,
    );
    await expect(produceConsume(null as never, async () => {}, { capacity: 1, consumers: 1 })).rejects.toThrow(
      /`produce`/,
    );
  });
});
