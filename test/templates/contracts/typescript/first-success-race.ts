import assert from 'node:assert/strict';
import { getEventListeners } from 'node:events';
import type * as Template from '../../../../templates/typescript/first-success-race.js';
import { DAY_MS, sleep, TIMER_MAX_MS, track, untilAborted, type Scenario } from './harness.js';

/** An attempt that succeeds (or fails) after `ms`, or rejects when its signal aborts. */
const after =
  <T>(ms: number, value: T | Error, log?: string[], name = String(value)) =>
  (signal: AbortSignal): Promise<T> =>
    Promise.race([
      sleep(ms).then(() => {
        if (value instanceof Error) throw value;
        return value;
      }),
      untilAborted(signal, () => log?.push(`${name} aborted`)),
    ]);

export default function scenarios(t: typeof Template): Scenario[] {
  const { firstSuccess, hedge } = t;
  return [
    {
      item: 'first-success-wins',
      title: 'a failure at 0 ms, a success at 20 ms and one at 10 s: the 20 ms value wins at 20 ms',
      async run({ clock }) {
        const race = track(firstSuccess([after(0, new Error('fast failure')), after(20, 'medium'), after(10_000, 'slow')]));
        await clock.tick(19);
        assert.equal(race.settled, false);
        await clock.tick(1);
        assert.equal(race.value, 'medium');
      },
    },
    {
      item: 'losers-cancelled',
      title: "the 10 s attempt is aborted when the 20 ms one wins; the winner's signal is not",
      async run({ clock }) {
        const log: string[] = [];
        let winnerSignal: AbortSignal | undefined;
        const winner = (signal: AbortSignal): Promise<string> => {
          winnerSignal = signal;
          return after(20, 'winner', log, 'winner')(signal);
        };
        const race = track(firstSuccess([after(10_000, 'slow', log, 'slow'), winner]));
        await clock.tick(20);
        assert.equal(race.value, 'winner');
        assert.deepEqual(log, ['slow aborted']);
        assert.equal(winnerSignal?.aborted, false);
        const hedged = track(hedge(after(10_000, 'slow', log, 'primary'), { hedgeDelayMs: 10, maxAttempts: 2 }));
        log.length = 0;
        await clock.tick(10); // the backup starts at 10 ms and also hangs: resolve by aborting nothing; check below
        assert.equal(hedged.settled, false);
        await clock.tick(10_000);
        assert.equal(hedged.value, 'slow');
        assert.deepEqual(log, ['primary aborted'], 'the slower hedged attempt was not aborted');
      },
    },
    {
      item: 'all-failures-reported',
      title: 'failures at 0 and 10 ms: an AggregateError of both, after 10 ms',
      async run({ clock }) {
        const a = new Error('a');
        const b = new Error('b');
        const race = track(firstSuccess<string>([after(0, a), after(10, b)]));
        await clock.tick(9);
        assert.equal(race.settled, false);
        await clock.tick(1);
        assert.ok(race.reason instanceof AggregateError);
        assert.deepEqual([...(race.reason as AggregateError).errors].sort((x: Error, y: Error) => x.message.localeCompare(y.message)), [a, b]);
        const hedged = track(hedge<string>(after(0, new Error('again')), { hedgeDelayMs: 50, maxAttempts: 3 }));
        await clock.tick(5); // each failure starts the next attempt at once, well before the 50 ms hedge delay
        assert.equal((hedged.reason as AggregateError).errors.length, 3);
      },
    },
    {
      item: 'caller-cancel-cancels-all',
      title: "the caller aborts while two attempts wait 10 s: both aborted, the caller's reason",
      async run({ clock }) {
        for (const kind of ['firstSuccess', 'hedge'] as const) {
          const log: string[] = [];
          const caller = new AbortController();
          const race = track(
            kind === 'firstSuccess'
              ? firstSuccess([after(10_000, 'x', log, 'x'), after(10_000, 'y', log, 'y')], { signal: caller.signal })
              : hedge(after(10_000, 'h', log, 'h'), { hedgeDelayMs: 5, maxAttempts: 2, signal: caller.signal }),
          );
          await clock.tick(10);
          const reason = new Error(`${kind} cancelled`);
          caller.abort(reason);
          await clock.flush();
          assert.equal(race.reason, reason);
          assert.equal(log.length, 2, `${kind}: ${log.join(', ')}`);
        }
      },
    },
    {
      item: 'hedge-after-delay',
      title: 'hung primary: backup at 20 ms wins; primary at 5 ms: no backup; primary fails at 1 ms: backup at 1 ms',
      async run({ clock }) {
        const starts: number[] = [];
        const attempt = (plan: Array<(signal: AbortSignal) => Promise<string>>) => (signal: AbortSignal) => {
          starts.push(clock.now() - base);
          return (plan[starts.length - 1] ?? plan[plan.length - 1]!)(signal);
        };
        let base = clock.now();
        const hung = track(hedge(attempt([(s) => untilAborted(s), after(0, 'backup')]), { hedgeDelayMs: 20 }));
        await clock.tick(25); // the backup starts at 20 ms and answers a timer tick later
        assert.equal(hung.value, 'backup');
        assert.deepEqual(starts, [0, 20]);

        starts.length = 0;
        base = clock.now();
        const quick = track(hedge(attempt([after(5, 'primary')]), { hedgeDelayMs: 20 }));
        await clock.tick(100);
        assert.equal(quick.value, 'primary');
        assert.deepEqual(starts, [0]);

        starts.length = 0;
        base = clock.now();
        const failing = track(hedge(attempt([after(1, new Error('primary failed')), after(0, 'backup')]), { hedgeDelayMs: 20 }));
        await clock.tick(5);
        assert.equal(failing.value, 'backup');
        assert.deepEqual(starts, [0, 1]);
      },
    },
    {
      item: 'nothing-left-pending',
      title: "a hedged race settled early leaves no timer and no listener on the caller's signal",
      async run({ clock }) {
        const caller = new AbortController();
        const race = track(hedge(after(5, 'fast'), { hedgeDelayMs: 1_000, maxAttempts: 3, signal: caller.signal }));
        await clock.tick(5);
        assert.equal(race.value, 'fast');
        assert.equal(clock.pending(), 0);
        assert.equal(getEventListeners(caller.signal, 'abort').length, 0);
        const plain = track(firstSuccess([after(5, 'a'), after(50, 'b')], { signal: caller.signal }));
        await clock.tick(5);
        assert.equal(plain.value, 'a');
        assert.equal(getEventListeners(caller.signal, 'abort').length, 0);
      },
    },
    {
      item: 'any-accepted-delay-honoured',
      title: 'a 20-day hedge delay starts no backup after a second; 30 days is refused naming the limit',
      async run({ clock }) {
        let started = 0;
        const caller = new AbortController();
        const race = track(
          hedge(
            (signal) => {
              started += 1;
              return untilAborted(signal);
            },
            { hedgeDelayMs: 20 * DAY_MS, signal: caller.signal },
          ),
        );
        await clock.tick(1_000);
        assert.equal(started, 1);
        caller.abort(new Error('done'));
        await race.promise;
        const refused = track(hedge(async () => 'x', { hedgeDelayMs: 30 * DAY_MS }));
        await clock.flush();
        assert.ok(refused.reason instanceof RangeError, String(refused.reason));
        assert.match((refused.reason as Error).message, new RegExp(String(TIMER_MAX_MS)));
      },
    },
  ];
}
