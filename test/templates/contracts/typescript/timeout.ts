import assert from 'node:assert/strict';
import type * as Template from '../../../../templates/typescript/timeout.js';
import { DAY_MS, rejection, sleep, TIMER_MAX_MS, track, untilAborted, type Scenario } from './harness.js';

export default function scenarios(t: typeof Template): Scenario[] {
  const { withTimeout, Deadline, TimeoutError } = t;
  return [
    {
      item: 'expiry-cancels-work',
      title: 'an operation that ignores its signal: the caller gets TimeoutError at 100 ms and the signal aborted',
      async run({ clock }) {
        let seen: AbortSignal | undefined;
        const call = track(
          withTimeout((signal) => {
            seen = signal;
            return new Promise<never>(() => {});
          }, 100),
        );
        await clock.tick(99);
        assert.equal(call.settled, false);
        await clock.tick(1);
        await call.promise;
        assert.ok(call.reason instanceof TimeoutError);
        assert.equal(seen?.aborted, true);
        assert.equal(seen?.reason, call.reason);
      },
    },
    {
      item: 'early-finish-leaves-nothing',
      title: 'a fast success and a fast failure come back unchanged and no timer is left',
      async run({ clock }) {
        const parent = new AbortController();
        const call = track(withTimeout(async () => 'fast', 60_000, { signal: parent.signal }));
        await clock.flush();
        assert.equal(call.value, 'fast');
        assert.equal(clock.pending(), 0);
        const failure = new Error('failed fast');
        assert.equal(await rejection(withTimeout(async () => Promise.reject(failure), 60_000)), failure);
        assert.equal(clock.pending(), 0);
        // The parent's listener was removed: aborting it now reaches nothing of ours (no throw, nothing pending).
        parent.abort();
      },
    },
    {
      item: 'own-timeout-not-ours',
      title: "the operation's own TimeoutError passes through unchanged and is not our TimeoutError",
      async run() {
        const own = new DOMException('socket timed out', 'TimeoutError');
        const error = await rejection(withTimeout(async () => Promise.reject(own), 1_000));
        assert.equal(error, own);
        assert.equal(error instanceof TimeoutError, false);
      },
    },
    {
      item: 'caller-cancel-wins',
      title: "the caller aborts at 10 ms of 100: the rejection is the caller's reason and the operation saw it",
      async run({ clock }) {
        const caller = new AbortController();
        let seen: unknown;
        const call = track(withTimeout((signal) => untilAborted(signal, (r) => (seen = r)), 100, { signal: caller.signal }));
        await clock.tick(10);
        const reason = new Error('user navigated away');
        caller.abort(reason);
        await call.promise;
        assert.equal(call.reason, reason);
        assert.equal(seen, reason);
        assert.equal(clock.pending(), 0);
      },
    },
    {
      item: 'deadline-shared',
      title: 'three 40 ms steps under one 100 ms deadline: the third is cut at 100 ms; a step with no time left never starts',
      async run({ clock }) {
        const deadline = Deadline.after(100);
        const started: number[] = [];
        const step = (ms: number) => async (signal: AbortSignal) => {
          started.push(clock.now());
          await Promise.race([sleep(ms), untilAborted(signal)]);
        };
        const chain = track(
          (async () => {
            await deadline.run(step(40));
            await deadline.run(step(40));
            await deadline.run(step(40));
          })(),
        );
        await clock.tick(100);
        await chain.promise;
        assert.ok(chain.reason instanceof TimeoutError, String(chain.reason));
        assert.deepEqual(started, [0, 40, 80]);
        assert.equal(deadline.expired, true);
        let ran = false;
        const late = await rejection(deadline.run(async () => ((ran = true), 'x')));
        assert.ok(late instanceof TimeoutError);
        assert.equal(ran, false);
      },
    },
    {
      item: 'any-accepted-delay-honoured',
      title: 'a 20-day budget is honoured; 30 days (past 2^31-1 ms), NaN and -1 are refused naming the limit',
      async run({ clock }) {
        const call = track(withTimeout(() => sleep(50).then(() => 'done'), 20 * DAY_MS));
        await clock.tick(50);
        assert.equal(call.value, 'done');
        const thirty = 30 * DAY_MS;
        let accepted: ReturnType<typeof track<string>> | undefined;
        try {
          accepted = track(withTimeout(() => sleep(50).then(() => 'done'), thirty));
          await clock.flush();
        } catch {
          // refused synchronously: also fine
        }
        if (accepted) {
          await clock.tick(50);
          if (!accepted.fulfilled) {
            const reason = accepted.reason as Error;
            assert.ok(reason instanceof RangeError, `30 days was accepted and then ${String(reason)}`);
            assert.match(reason.message, new RegExp(String(TIMER_MAX_MS)));
          }
        }
        for (const bad of [Number.NaN, -1]) {
          const error = await rejection(withTimeout(async () => 'x', bad));
          assert.match((error as Error).message, /timeoutMs/);
        }
        assert.throws(() => Deadline.after(thirty), new RegExp(String(TIMER_MAX_MS)));
      },
    },
  ];
}
