import assert from 'node:assert/strict';
import type * as Template from '../../../../../templates/typescript/library/retry-backoff.js';
import type * as Main from '../../../../../templates/typescript/retry-backoff.js';
import mainScenarios from '../retry-backoff.js';
import { track, type Clock, type Scenario, type Tracked } from '../harness.js';

// The p-retry variant against the retry-backoff contract. classifier-decides, attempts-bounded, cancel-stops-at-once
// and any-accepted-delay-honoured are the main template's scenarios, unchanged: they call retry() only with options
// both variants take (an extra `random` is ignored by this one). late-attempts-stay-finite is measured here on the
// fake clock, because p-retry computes its delays inside (the main scenario calls the main template's backoffDelay).
// delay-capped-jittered is declared unmet in the variant's header (p-retry's randomize is not full jitter).
const SHARED = ['classifier-decides', 'attempts-bounded', 'cancel-stops-at-once', 'any-accepted-delay-honoured'];

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
  const shared = mainScenarios(t as unknown as typeof Main).filter((s) => SHARED.includes(s.item));
  return [
    ...shared,
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
  ];
}
