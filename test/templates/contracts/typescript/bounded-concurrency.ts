import assert from 'node:assert/strict';
import type * as Template from '../../../../templates/typescript/bounded-concurrency.js';
import { sleep, track, untilAborted, type Scenario } from './harness.js';

export default function scenarios(t: typeof Template): Scenario[] {
  const { mapWithConcurrency } = t;
  return [
    {
      item: 'never-exceeds-limit',
      title: '200 uneven items, limit 7: the peak in flight is exactly 7',
      async run({ clock }) {
        let running = 0;
        let peak = 0;
        const call = track(
          mapWithConcurrency(Array.from({ length: 200 }, (_, i) => i), 7, async (n) => {
            running += 1;
            peak = Math.max(peak, running);
            await sleep(1 + (n % 5));
            running -= 1;
            return n * 2;
          }),
        );
        while (!call.settled) await clock.tick(1);
        assert.equal(peak, 7);
        assert.equal(call.value?.length, 200);
      },
    },
    {
      item: 'results-in-input-order',
      title: 'operations finishing in reverse order: results in input order',
      async run({ clock }) {
        const call = track(mapWithConcurrency([1, 2, 3, 4, 5], 5, async (n) => (await sleep(100 - n * 10), n)));
        await clock.tick(100);
        assert.deepEqual(call.value, [1, 2, 3, 4, 5]);
      },
    },
    {
      item: 'lazy-input',
      title: 'an endless generator, limit 4, failing at item 30: ends, fewer than 42 items pulled',
      async run({ clock }) {
        let pulled = 0;
        function* endless(): Generator<number> {
          for (let n = 0; ; n += 1) {
            pulled += 1;
            yield n;
          }
        }
        const call = track(
          mapWithConcurrency(endless(), 4, async (n) => {
            await sleep(1);
            if (n === 30) throw new Error('item 30');
            return n;
          }),
        );
        while (!call.settled) await clock.tick(1);
        assert.equal((call.reason as Error).message, 'item 30');
        assert.ok(pulled < 30 + 4 * 3, `pulled ${pulled}`);
      },
    },
    {
      item: 'failure-stops-and-cancels',
      title: 'item 3 fails while 1 and 2 wait 10 s: both aborted, no later item starts, error after their cleanup',
      async run({ clock }) {
        const cleaned: number[] = [];
        const started: number[] = [];
        const call = track(
          mapWithConcurrency([1, 2, 3, 4, 5, 6], 3, async (n, _i, signal) => {
            started.push(n);
            if (n === 3) {
              await sleep(5);
              throw new Error('item 3');
            }
            try {
              return await Promise.race([sleep(10_000).then(() => n), untilAborted(signal)]);
            } finally {
              await sleep(2); // cleanup that takes a moment: the map must wait for it
              cleaned.push(n);
            }
          }),
        );
        await clock.tick(5);
        assert.equal(call.settled, false, 'rejected before the running mappers finished their cleanup');
        await clock.tick(2);
        assert.equal((call.reason as Error).message, 'item 3');
        assert.deepEqual(cleaned.sort(), [1, 2]);
        assert.deepEqual(started, [1, 2, 3]);
        assert.ok(clock.now() < 10_000);
      },
    },
    {
      item: 'input-closed-on-early-exit',
      title: "a generator input's finally runs after a failure and after an abort, before the call ends",
      async run({ clock }) {
        for (const how of ['failure', 'abort'] as const) {
          let closed = false;
          function* source(): Generator<number> {
            try {
              for (let n = 0; n < 1_000; n += 1) yield n;
            } finally {
              closed = true;
            }
          }
          const controller = new AbortController();
          const call = track(
            mapWithConcurrency(
              source(),
              2,
              async (n, _i, signal) => {
                if (how === 'failure' && n === 5) throw new Error('stop');
                await Promise.race([sleep(10), untilAborted(signal)]);
                return n;
              },
              { signal: controller.signal },
            ),
          );
          await clock.tick(15);
          if (how === 'abort') controller.abort(new Error('caller'));
          while (!call.settled) await clock.tick(1);
          assert.ok(call.reason instanceof Error, `${how}: ${String(call.reason)}`);
          assert.equal(closed, true, `${how}: the generator was not closed`);
        }
      },
    },
    {
      item: 'async-input',
      title: 'an async generator of 50 items, limit 5: each once, in order; closed after a failure',
      async run({ clock }) {
        let pulled = 0;
        async function* pages(stopAt: number, onClose: () => void): AsyncGenerator<number> {
          try {
            for (let n = 0; n < stopAt; n += 1) {
              await sleep(1); // a page fetch
              pulled += 1;
              yield n;
            }
          } finally {
            onClose();
          }
        }
        const seen: number[] = [];
        let closed = 0;
        const call = track(
          mapWithConcurrency(pages(50, () => (closed += 1)), 5, async (n) => {
            seen.push(n);
            await sleep(3);
            return n * 10;
          }),
        );
        while (!call.settled) await clock.tick(1);
        assert.deepEqual(call.value, Array.from({ length: 50 }, (_, i) => i * 10));
        assert.deepEqual([...seen].sort((a, b) => a - b), Array.from({ length: 50 }, (_, i) => i));
        assert.equal(pulled, 50);
        const failing = track(
          mapWithConcurrency(pages(1_000, () => (closed += 1)), 5, async (n) => {
            if (n === 7) throw new Error('item 7');
            await sleep(3);
            return n;
          }),
        );
        while (!failing.settled) await clock.tick(1);
        assert.equal((failing.reason as Error).message, 'item 7');
        assert.equal(closed, 2, 'the async generator was not closed after the failure');
      },
    },
    {
      item: 'caller-cancel-stops-all',
      title: "the caller aborts while 3 mappers wait 10 s: all aborted, the caller's reason, nothing new started",
      async run({ clock }) {
        const controller = new AbortController();
        const aborted: number[] = [];
        let started = 0;
        const call = track(
          mapWithConcurrency(
            Array.from({ length: 10 }, (_, i) => i),
            3,
            async (n, _i, signal) => {
              started += 1;
              return Promise.race([sleep(10_000).then(() => n), untilAborted(signal, () => aborted.push(n))]);
            },
            { signal: controller.signal },
          ),
        );
        await clock.tick(10);
        const reason = new Error('shutting down');
        controller.abort(reason);
        await clock.flush();
        await call.promise;
        assert.equal(call.reason, reason);
        assert.deepEqual(aborted.sort(), [0, 1, 2]);
        assert.equal(started, 3);
      },
    },
  ];
}
