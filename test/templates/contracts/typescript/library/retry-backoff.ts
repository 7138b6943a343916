import assert from 'node:assert/strict';
import type * as Template from '../../../../../templates/typescript/library/retry-backoff.js';
import { DAY_MS, TIMER_MAX_MS, track, type Clock, type Scenario, type Tracked } from '../harness.js';

// The p-retry variant against the retry-backoff contract. Its API differs from the main template's (no injectable
// random source, no exported delay function: p-retry computes the delay inside), so delays are measured on the fake
// clock between attempt starts. delay-capped-jittered is declared unmet in the variant's header (p-retry's
// randomize is not full jitter), so it has no scenario here.

class Transient extends Error {
  constructor(readonly attempt: number) {
    super(`transient #${attempt}`);
  }
}

/** Advances the clock until `call` settles, at most `steps` times. */
async function settle(clock: Clock, call: Tracked<unknown>, stepMs: number, steps = 10_000): Promise<void> {
  for (let i = 0; i < steps && !call.settled; i += 1) await clock.tick(stepMs);
  await call.promise;
  assert.ok(call.settled, 'the retry did not settle');
}

export default function scenarios(t: typeof Template): Scenario[] {
  const { retry } = t;
  return [
    {
      item: 'classifier-decides',
      title: 'a non-transient error: one attempt, the same error object',
      async run({ clock }) {
        const fatal = new Error('400 bad request');
        let calls = 0;
        const call = track(
          retry(
            async () => {
              calls += 1;
              throw fatal;
            },
            { retries: 5, shouldRetry: (e) => e instanceof Transient },
          ),
        );
        await settle(clock, call, 1_000);
        assert.equal(call.reason, fatal);
        assert.equal(calls, 1);
        // An abort is never retried, whatever the predicate says: the caller's reason, after one attempt.
        const controller = new AbortController();
        calls = 0;
        const aborted = track(
          retry(
            async (_attempt, signal) => {
              calls += 1;
              await new Promise((_resolve, reject) => signal?.addEventListener('abort', () => reject(new Transient(calls)), { once: true }));
            },
            { retries: 5, shouldRetry: () => true, signal: controller.signal },
          ),
        );
        await clock.tick(1);
        const reason = new Error('caller gave up');
        controller.abort(reason);
        await settle(clock, aborted, 1_000);
        assert.equal(aborted.reason, reason);
        assert.equal(calls, 1);
      },
    },
    {
      item: 'attempts-bounded',
      title: 'always transient with 3 retries: 4 attempts, then the 4th error object',
      async run({ clock }) {
        const errors: Transient[] = [];
        const call = track(
          retry(
            async (attempt) => {
              const e = new Transient(attempt);
              errors.push(e);
              throw e;
            },
            { retries: 3, minDelayMs: 10, maxDelayMs: 100 },
          ),
        );
        await settle(clock, call, 100);
        assert.equal(errors.length, 4);
        assert.equal(call.reason, errors[3]);
      },
    },
    {
      item: 'late-attempts-stay-finite',
      title: '1100 failures: every wait (measured on the clock) finite and within the cap, and the last own error',
      async run({ clock }) {
        for (const minDelayMs of [0, 1]) {
          const starts: number[] = [];
          let last: Transient | undefined;
          const call = track(
            retry(
              async (attempt) => {
                starts.push(clock.now());
                last = new Transient(attempt);
                throw last;
              },
              { retries: 1_099, minDelayMs, maxDelayMs: 5 },
            ),
          );
          await settle(clock, call, 1, 20_000);
          assert.equal(call.reason, last, `base ${minDelayMs}: the last own error`);
          assert.equal(last?.attempt, 1_100);
          const waits = starts.slice(1).map((s, i) => s - (starts[i] ?? 0));
          const bad = waits.map((w, i) => [i + 2, w] as const).filter(([, w]) => !(Number.isFinite(w) && w >= 0 && w <= 5));
          assert.deepEqual(bad.slice(0, 5), [], `base ${minDelayMs}: waits outside [0, 5] ms before attempt n`);
          // From attempt 1025 on, factor^(n-1) is Infinity in floating point: the wait is the cap, not NaN or 1 ms.
          if (minDelayMs > 0) assert.deepEqual([...new Set(waits.slice(1_024))], [5]);
        }
      },
    },
    {
      item: 'cancel-stops-at-once',
      title: "abort during a 10 s wait: the caller's reason at once, one attempt, no timer left",
      async run({ clock }) {
        const controller = new AbortController();
        let calls = 0;
        const call = track(
          retry(
            async () => {
              calls += 1;
              throw new Transient(calls);
            },
            { retries: 5, minDelayMs: 10_000, maxDelayMs: 10_000, signal: controller.signal },
          ),
        );
        await clock.tick(1);
        assert.equal(call.settled, false);
        const started = clock.now();
        const reason = new Error('request cancelled');
        controller.abort(reason);
        await clock.flush();
        assert.equal(call.reason, reason);
        assert.equal(clock.now(), started, 'the abort waited for the backoff');
        assert.equal(calls, 1);
        assert.equal(clock.pending(), 0);
      },
    },
    {
      item: 'any-accepted-delay-honoured',
      title: 'a 20-day backoff waits 20 days; 30 days (past 2^31-1 ms) is refused naming the limit',
      async run({ clock }) {
        let calls = 0;
        const long = 20 * DAY_MS;
        const call = track(
          retry(
            async () => {
              calls += 1;
              throw new Transient(calls);
            },
            { retries: 1, minDelayMs: long, maxDelayMs: long },
          ),
        );
        await clock.tick(1_000);
        assert.equal(calls, 1, 'the second attempt started after a second instead of 20 days');
        await clock.tick(long - 2_000);
        assert.equal(calls, 1, 'the second attempt started before 20 days');
        await clock.tick(1_001);
        await call.promise;
        assert.equal(calls, 2, 'the second attempt did not start after 20 days');
        const thirty = 30 * DAY_MS;
        for (const options of [{ maxDelayMs: thirty, minDelayMs: thirty }, { maxDelayMs: thirty }]) {
          const tooLong = track(retry(async () => Promise.reject(new Transient(1)), { retries: 1, ...options }));
          await clock.tick(1_000);
          await tooLong.promise;
          assert.ok(tooLong.reason instanceof RangeError, `30 days: ${String(tooLong.reason)}`);
          assert.match((tooLong.reason as Error).message, new RegExp(String(TIMER_MAX_MS)));
        }
      },
    },
  ];
}
