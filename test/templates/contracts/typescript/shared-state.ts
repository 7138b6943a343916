import assert from 'node:assert/strict';
import type * as Template from '../../../../templates/typescript/shared-state.js';
import { deferred, rejection, sleep, track, type Scenario } from './harness.js';

export default function scenarios(t: typeof Template): Scenario[] {
  const { SingleFlight, Mutex } = t;
  return [
    {
      item: 'single-flight-shares',
      title: 'ten calls for 42 and one for 7 share two loads; a later call for 42 loads again',
      async run({ clock }) {
        const flight = new SingleFlight<string, string>();
        const loads: string[] = [];
        const load = (key: string) => async () => {
          loads.push(key);
          await sleep(10);
          return `user ${key}`;
        };
        const calls = [...Array.from({ length: 10 }, () => flight.run('42', load('42'))), flight.run('7', load('7'))];
        await clock.tick(10);
        assert.deepEqual(await Promise.all(calls), [...Array(10).fill('user 42'), 'user 7']);
        assert.deepEqual(loads, ['42', '7']);
        const again = track(flight.run('42', load('42')));
        await clock.tick(10);
        assert.equal(again.value, 'user 42');
        assert.deepEqual(loads, ['42', '7', '42']);
        assert.equal(flight.size, 0);
      },
    },
    {
      item: 'failure-not-cached',
      title: 'a load that throws synchronously, then one that rejects later: waiters see each error, the next call reloads',
      async run({ clock }) {
        const flight = new SingleFlight<string, string>();
        const syncFailure = new Error('threw before returning a promise');
        const first = [
          flight.run('k', () => {
            throw syncFailure;
          }),
          flight.run('k', async () => 'not called: joins the load in flight'),
        ];
        for (const p of first) assert.equal(await rejection(p), syncFailure);
        assert.equal(flight.size, 0, 'the synchronous failure was cached');
        const later = new Error('rejected later');
        const second = [flight.run('k', () => sleep(5).then(() => Promise.reject(later))), flight.run('k', async () => 'x')];
        const tracked = second.map(track);
        await clock.tick(5);
        for (const p of tracked) {
          await p.promise;
          assert.equal(p.reason, later);
        }
        assert.equal(await flight.run('k', async () => 'fresh'), 'fresh');
      },
    },
    {
      item: 'waiter-cancel-keeps-load',
      title: 'one of ten waiters aborts: nine get the value from one load',
      async run({ clock }) {
        const flight = new SingleFlight<string, string>();
        let loads = 0;
        const load = async (): Promise<string> => {
          loads += 1;
          await sleep(20);
          return 'value';
        };
        const impatient = new AbortController();
        const first = track(flight.run('k', load, { signal: impatient.signal }));
        const others = Array.from({ length: 9 }, () => track(flight.run('k', load)));
        await clock.tick(5);
        const reason = new Error('gave up');
        impatient.abort(reason);
        await clock.flush();
        assert.equal(first.reason, reason);
        await clock.tick(15);
        for (const o of others) assert.equal(o.value, 'value');
        assert.equal(loads, 1);
      },
    },
    {
      item: 'mutex-exclusive',
      title: 'fifty read-await-write deposits sum to fifty; a throwing section releases the lock',
      async run({ clock }) {
        const mutex = new Mutex();
        let balance = 0;
        let inside = 0;
        let overlap = false;
        const deposit = () =>
          mutex.runExclusive(async () => {
            inside += 1;
            overlap ||= inside > 1;
            const read = balance;
            await sleep(1);
            balance = read + 1;
            inside -= 1;
          });
        const all = track(Promise.all(Array.from({ length: 50 }, deposit)));
        while (!all.settled) await clock.tick(1);
        assert.equal(balance, 50);
        assert.equal(overlap, false);
        await rejection(mutex.runExclusive(async () => Promise.reject(new Error('section failed'))));
        assert.equal(mutex.isLocked, false);
        assert.equal(await mutex.runExclusive(async () => 'next runs'), 'next runs');
      },
    },
    {
      item: 'waiters-fair-and-cancellable',
      title: 'three waiters behind a holder, the second aborts: first and third run in order, the lock ends free',
      async run({ clock }) {
        const mutex = new Mutex();
        const order: string[] = [];
        const hold = deferred();
        const holder = mutex.runExclusive(() => hold.promise);
        const second = new AbortController();
        const waiters = [
          track(mutex.runExclusive(async () => order.push('first'))),
          track(mutex.runExclusive(async () => order.push('second'), { signal: second.signal })),
          track(mutex.runExclusive(async () => order.push('third'))),
        ];
        await clock.flush();
        second.abort(new Error('timed out waiting'));
        await clock.flush();
        assert.equal((waiters[1]?.reason as Error).message, 'timed out waiting');
        hold.resolve();
        await holder;
        for (const w of waiters) await w.promise;
        assert.deepEqual(order, ['first', 'third']);
        assert.equal(mutex.isLocked, false);
      },
    },
  ];
}
