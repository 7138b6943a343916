import assert from 'node:assert/strict';
import type * as Template from '../../../../templates/typescript/producer-consumer.js';
import { sleep, track, untilAborted, type Scenario } from './harness.js';

export default function scenarios(t: typeof Template): Scenario[] {
  const { produceConsume, BoundedQueue } = t;
  return [
    {
      item: 'bounded-buffer',
      title: 'capacity 5, 200 items, 3 slow consumers: produced minus handled never exceeds 5 + 3 + 1',
      async run({ clock }) {
        let produced = 0;
        let handled = 0;
        let ahead = 0;
        const call = track(
          produceConsume<number>(
            async (put) => {
              for (let n = 0; n < 200; n += 1) {
                ahead = Math.max(ahead, produced - handled);
                produced += 1;
                await put(n);
              }
            },
            async () => {
              await sleep(2);
              handled += 1;
            },
            { capacity: 5, consumers: 3 },
          ),
        );
        while (!call.settled) await clock.tick(1);
        assert.equal(call.fulfilled, true, String(call.reason));
        assert.equal(handled, 200);
        assert.ok(ahead <= 5 + 3 + 1, `ahead ${ahead}`);
      },
    },
    {
      item: 'every-item-once',
      title: '200 items through three consumers: each once; through one consumer: in order',
      async run({ clock }) {
        for (const consumers of [3, 1]) {
          const seen: number[] = [];
          const call = track(
            produceConsume<number>(
              async (put) => {
                for (let n = 0; n < 200; n += 1) await put(n);
              },
              async (n) => {
                await sleep(n % 3);
                seen.push(n);
              },
              { capacity: 4, consumers },
            ),
          );
          while (!call.settled) await clock.tick(1);
          const expected = Array.from({ length: 200 }, (_, i) => i);
          if (consumers === 1) assert.deepEqual(seen, expected);
          else assert.deepEqual([...seen].sort((a, b) => a - b), expected);
        }
      },
    },
    {
      item: 'close-drains',
      title: 'ten items into a queue of ten, producer done at once: all ten handled, then the pipeline ends',
      async run({ clock }) {
        const handled: number[] = [];
        const call = track(
          produceConsume<number>(
            async (put) => {
              for (let n = 0; n < 10; n += 1) await put(n);
            },
            async (n) => {
              await sleep(5);
              handled.push(n);
            },
            { capacity: 10, consumers: 2 },
          ),
        );
        while (!call.settled) await clock.tick(5);
        assert.equal(call.fulfilled, true);
        assert.equal(handled.length, 10);
        const queue = new BoundedQueue<number>(2);
        await queue.put(1);
        queue.close();
        assert.deepEqual(await queue.take(), { done: false, value: 1 });
        assert.deepEqual(await queue.take(), { done: true, value: undefined });
      },
    },
    {
      item: 'consumer-failure-stops-producer',
      title: 'an endless producer and a consumer failing on item 7: the failure is rethrown and the producer ended',
      async run({ clock }) {
        let producerEnded = false;
        const failure = new Error('cannot handle 7');
        const call = track(
          produceConsume<number>(
            async (put) => {
              try {
                for (let n = 0; ; n += 1) await put(n);
              } finally {
                producerEnded = true;
              }
            },
            async (n) => {
              await sleep(1);
              if (n === 7) throw failure;
            },
            { capacity: 3, consumers: 2 },
          ),
        );
        while (!call.settled) await clock.tick(1);
        assert.equal(call.reason, failure);
        assert.equal(producerEnded, true);
      },
    },
    {
      item: 'producer-failure-stops-consumers',
      title: 'a producer failing after 3 items: its error is rethrown and no consumer keeps waiting',
      async run({ clock }) {
        const failure = new Error('source broke');
        let consumersRunning = 0;
        const call = track(
          produceConsume<number>(
            async (put) => {
              for (let n = 0; n < 3; n += 1) await put(n);
              await sleep(5);
              throw failure;
            },
            async () => {
              consumersRunning += 1;
              await sleep(1);
              consumersRunning -= 1;
            },
            { capacity: 3, consumers: 4 },
          ),
        );
        while (!call.settled) await clock.tick(1);
        assert.equal(call.reason, failure);
        assert.equal(consumersRunning, 0);
      },
    },
    {
      item: 'caller-cancel-stops-all',
      title: "the caller aborts while the producer waits on a full queue and consumers are mid-item: the caller's reason",
      async run({ clock }) {
        const controller = new AbortController();
        let consumerAborted = 0;
        let producerEnded = false;
        const call = track(
          produceConsume<number>(
            async (put) => {
              try {
                for (let n = 0; ; n += 1) await put(n);
              } finally {
                producerEnded = true;
              }
            },
            (_n, signal) => Promise.race([sleep(10_000), untilAborted(signal, () => (consumerAborted += 1))]),
            { capacity: 2, consumers: 2, signal: controller.signal },
          ),
        );
        await clock.tick(10);
        const reason = new Error('shutting down');
        controller.abort(reason);
        await clock.tick(1);
        assert.equal(call.reason, reason);
        assert.equal(consumerAborted, 2);
        assert.equal(producerEnded, true);
      },
    },
  ];
}
