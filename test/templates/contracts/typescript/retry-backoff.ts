import assert from 'node:assert/strict';
import type * as Template from '../../../../templates/typescript/retry-backoff.js';
import { DAY_MS, TIMER_MAX_MS, track, type Clock, type Scenario, type Tracked } from './harness.js';

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
  const { retry, backoffDelay } = t;
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
      item: 'delay-capped-jittered',
      title: 'delays span [0, min(max, base x factor^(n-1))]',
      async run() {
        const options = { minDelayMs: 100, maxDelayMs: 1_000, factor: 2 };
        const top = [1, 2, 3, 4, 5, 6].map((n) => backoffDelay(n, options, () => 0.999_999_9));
        assert.deepEqual(top, [100, 200, 400, 800, 1_000, 1_000]);
        assert.deepEqual([1, 4, 9].map((n) => backoffDelay(n, options, () => 0)), [0, 0, 0]);
        assert.equal(backoffDelay(3, options, () => 0.5), 200);
      },
    },
    {
      item: 'late-attempts-stay-finite',
      title: 'attempt 1025 and 10 000 give finite delays within the cap; 1100 failures end with the last own error',
      async run({ clock }) {
        for (const minDelayMs of [0, 1, 100]) {
          for (const attempt of [1025, 10_000]) {
            const delay = backoffDelay(attempt, { minDelayMs, maxDelayMs: 5_000 }, () => 0.999);
            assert.ok(Number.isFinite(delay) && delay >= 0 && delay <= 5_000, `attempt ${attempt}, base ${minDelayMs}: ${delay}`);
          }
        }
        let last: Transient | undefined;
        const call = track(
          retry(
            async (attempt) => {
              last = new Transient(attempt);
              throw last;
            },
            { retries: 1_099, minDelayMs: 0, maxDelayMs: 1, random: () => 0.999 },
          ),
        );
        await settle(clock, call, 1, 5_000);
        assert.equal(call.reason, last);
        assert.equal(last?.attempt, 1_100);
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
            { retries: 5, minDelayMs: 10_000, maxDelayMs: 10_000, random: () => 0.999_999, signal: controller.signal },
          ),
        );
        await clock.tick(1);
        assert.equal(call.settled, false);
        const reason = new Error('request cancelled');
        controller.abort(reason);
        await clock.flush();
        assert.equal(call.reason, reason);
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
        const controller = new AbortController();
        const call = track(
          retry(
            async () => {
              calls += 1;
              throw new Transient(calls);
            },
            { retries: 1, minDelayMs: long, maxDelayMs: long, random: () => 0.999_999_999, signal: controller.signal },
          ),
        );
        await clock.tick(1_000);
        assert.equal(calls, 1, 'the second attempt started after a second instead of 20 days');
        controller.abort(new Error('stop'));
        await call.promise;
        const thirty = 30 * DAY_MS;
        let refused: unknown;
        const tooLong = track(retry(async () => Promise.reject(new Transient(1)), { retries: 1, maxDelayMs: thirty, minDelayMs: thirty }).catch((e: unknown) => {
          refused = e;
          throw e;
        }));
        await clock.tick(1_000);
        await tooLong.promise;
        assert.ok(refused instanceof RangeError, `30 days: ${String(refused)}`);
        assert.match((refused as Error).message, new RegExp(String(TIMER_MAX_MS)));
      },
    },
  ];
}
