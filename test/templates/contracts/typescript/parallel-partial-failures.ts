import assert from 'node:assert/strict';
import type * as Template from '../../../../templates/typescript/parallel-partial-failures.js';
import { sleep, track, untilAborted, type Scenario } from './harness.js';

export default function scenarios(t: typeof Template): Scenario[] {
  const { settleAll } = t;
  return [
    {
      item: 'every-outcome-kept',
      title: 'seven inputs, two failing: five successes and two failures with their inputs, in input order',
      async run({ clock }) {
        const call = track(
          settleAll([1, 2, 3, 4, 5, 6, 7], async (n) => {
            await sleep(10 - n); // finish out of order
            if (n % 3 === 0) throw new Error(`user ${n} not found`);
            return `user ${n}`;
          }),
        );
        await clock.tick(10);
        const result = call.value;
        assert.deepEqual(result?.succeeded.map((s) => [s.input, s.index, s.value]), [
          [1, 0, 'user 1'], [2, 1, 'user 2'], [4, 3, 'user 4'], [5, 4, 'user 5'], [7, 6, 'user 7'],
        ]);
        assert.deepEqual(result?.failed.map((f) => [f.input, f.index, f.error.message]), [
          [3, 2, 'user 3 not found'], [6, 5, 'user 6 not found'],
        ]);
      },
    },
    {
      item: 'failure-does-not-stop-others',
      title: 'one operation throws before returning a promise, one fails later: the rest still complete',
      async run({ clock }) {
        const completed: number[] = [];
        const call = track(
          settleAll([1, 2, 3, 4], ((n: number) => {
            if (n === 1) throw new Error('sync throw');
            return (async () => {
              await sleep(n * 10);
              if (n === 2) throw new Error('later');
              completed.push(n);
              return n;
            })();
          }) as (n: number) => Promise<number>),
        );
        await clock.tick(40);
        assert.deepEqual(completed, [3, 4]);
        assert.deepEqual(call.value?.failed.map((f) => f.error.message), ['sync throw', 'later']);
        assert.deepEqual(call.value?.succeeded.map((s) => s.value), [3, 4]);
      },
    },
    {
      item: 'odd-failures-are-failures',
      title: 'a rejection with a string becomes a failure whose error carries the value',
      async run({ clock }) {
        const call = track(settleAll(['a', 'b'], async (x) => (x === 'b' ? Promise.reject('plain string') : x)));
        await clock.flush();
        assert.equal(call.value?.succeeded.length, 1);
        const failure = call.value?.failed[0];
        assert.ok(failure?.error instanceof Error);
        assert.equal(failure?.error.cause, 'plain string');
        assert.match(failure?.error.message ?? '', /plain string/);
      },
    },
    {
      item: 'caller-cancel-cancels-all',
      title: "the caller aborts while three operations wait 10 s: all aborted, the call rejects with the caller's reason",
      async run({ clock }) {
        const controller = new AbortController();
        let aborted = 0;
        const call = track(
          settleAll([1, 2, 3], (n, _i, signal) => Promise.race([sleep(10_000).then(() => n), untilAborted(signal, () => (aborted += 1))]), {
            signal: controller.signal,
          }),
        );
        await clock.tick(10);
        const reason = new Error('request cancelled');
        controller.abort(reason);
        await clock.flush();
        assert.equal(aborted, 3);
        assert.equal(call.reason, reason);
      },
    },
  ];
}
