import assert from 'node:assert/strict';
import type * as Template from '../../../../templates/typescript/circuit-breaker.js';
import { deferred, rejection, track, untilAborted, type Scenario } from './harness.js';

const down = async (): Promise<never> => {
  throw new Error('dependency down');
};
const ok = async (): Promise<string> => 'ok';

export default function scenarios(t: typeof Template): Scenario[] {
  const { CircuitBreaker, CircuitOpenError } = t;
  const open = async (breaker: Template.CircuitBreaker, times: number): Promise<void> => {
    for (let i = 0; i < times; i += 1) await rejection(breaker.call(down));
  };
  return [
    {
      item: 'opens-after-threshold',
      title: 'three consecutive failures open it; a success in between resets the count; open rejects without calling',
      async run() {
        const breaker = new CircuitBreaker({ failureThreshold: 3, resetTimeoutMs: 1_000 });
        await open(breaker, 2);
        await breaker.call(ok);
        await open(breaker, 2);
        assert.equal(breaker.state, 'closed');
        await open(breaker, 1);
        assert.equal(breaker.state, 'open');
        let called = false;
        const error = await rejection(breaker.call(async () => ((called = true), 'x')));
        assert.ok(error instanceof CircuitOpenError);
        assert.ok(error.retryAfterMs > 0 && error.retryAfterMs <= 1_000, String(error.retryAfterMs));
        assert.equal(called, false);
      },
    },
    {
      item: 'classifier-decides',
      title: 'errors the classifier rejects pass through and leave it closed; counted ones open it',
      async run() {
        const breaker = new CircuitBreaker({
          failureThreshold: 1,
          resetTimeoutMs: 1_000,
          isFailure: (error) => !(error instanceof Error && error.message === 'bad request'),
        });
        const caller = new Error('bad request');
        assert.equal(await rejection(breaker.call(async () => Promise.reject(caller))), caller);
        assert.equal(breaker.state, 'closed');
        await rejection(breaker.call(down));
        assert.equal(breaker.state, 'open');
      },
    },
    {
      item: 'timeouts-are-failures',
      title: 'operations ending with their own timeout open it, even under a classifier; caller aborts never count',
      async run({ clock }) {
        const breaker = new CircuitBreaker({ failureThreshold: 2, resetTimeoutMs: 1_000, isFailure: () => false });
        for (let i = 0; i < 5; i += 1) {
          const caller = new AbortController();
          const call = track(breaker.call((signal) => untilAborted(signal), { signal: caller.signal }));
          await clock.tick(10);
          caller.abort(new Error('caller gave up'));
          await call.promise;
          assert.equal((call.reason as Error).message, 'caller gave up');
        }
        assert.equal(breaker.state, 'closed');
        const ownTimeout = async (): Promise<never> => {
          // What AbortSignal.timeout() produces inside the operation: a DOMException named TimeoutError.
          await new Promise((resolve) => setTimeout(resolve, 50));
          throw new DOMException('The operation was aborted due to timeout', 'TimeoutError');
        };
        for (let i = 0; i < 2; i += 1) {
          const call = track(breaker.call(ownTimeout));
          await clock.tick(50);
          await call.promise;
          assert.equal((call.reason as Error).name, 'TimeoutError');
        }
        assert.equal(breaker.state, 'open');
      },
    },
    {
      item: 'single-probe',
      title: 'after the break one slow probe runs and a second call is rejected without running',
      async run({ clock }) {
        const breaker = new CircuitBreaker({ failureThreshold: 1, resetTimeoutMs: 500 });
        await open(breaker, 1);
        await clock.tick(500);
        assert.equal(breaker.state, 'half-open');
        const finish = deferred<string>();
        const probe = track(breaker.call(() => finish.promise));
        let secondRan = false;
        const second = await rejection(breaker.call(async () => ((secondRan = true), 'second')));
        assert.ok(second instanceof CircuitOpenError);
        assert.equal(secondRan, false);
        finish.resolve('recovered');
        await probe.promise;
        assert.equal(probe.value, 'recovered');
        assert.equal(breaker.state, 'closed');
      },
    },
    {
      item: 'only-probe-closes',
      title: 'a failed probe re-opens for a full break; a successful one closes',
      async run({ clock }) {
        const breaker = new CircuitBreaker({ failureThreshold: 2, resetTimeoutMs: 500 });
        await open(breaker, 2);
        await clock.tick(500);
        await rejection(breaker.call(down));
        assert.equal(breaker.state, 'open');
        await clock.tick(499);
        assert.equal(breaker.state, 'open');
        await clock.tick(1);
        assert.equal(await breaker.call(ok), 'ok');
        assert.equal(breaker.state, 'closed');
      },
    },
    {
      item: 'late-outcomes-ignored',
      title: 'a slow call admitted while closed cannot close an open circuit, decide a probe, or re-open a closed one',
      async run({ clock }) {
        const breaker = new CircuitBreaker({ failureThreshold: 1, resetTimeoutMs: 500 });
        const slowSuccess = deferred<string>();
        const late = track(breaker.call(() => slowSuccess.promise));
        const slowFailure = deferred<string>();
        const lateFailure = track(breaker.call(() => slowFailure.promise));
        await open(breaker, 1);
        slowSuccess.resolve('late');
        await late.promise;
        assert.equal(late.value, 'late', 'the caller still gets its value');
        assert.equal(breaker.state, 'open', 'a late success closed the open circuit');

        await clock.tick(500);
        const probeResult = deferred<string>();
        const probe = track(breaker.call(() => probeResult.promise));
        const another = deferred<string>();
        // Admitted while closed? No: the circuit is half-open, so this one is rejected; the late one below is old.
        assert.ok((await rejection(breaker.call(() => another.promise))) instanceof CircuitOpenError);
        probeResult.resolve('probe ok');
        await probe.promise;
        assert.equal(breaker.state, 'closed');
        slowFailure.reject(new Error('late failure'));
        await lateFailure.promise;
        assert.equal(breaker.state, 'closed', 'a late failure re-opened a circuit the probe had closed');
      },
    },
    {
      item: 'late-outcomes-ignored',
      title: 'a late success during a running probe does not decide it',
      async run({ clock }) {
        const breaker = new CircuitBreaker({ failureThreshold: 1, resetTimeoutMs: 500 });
        const slow = deferred<string>();
        const late = track(breaker.call(() => slow.promise));
        await open(breaker, 1);
        await clock.tick(500);
        const probeResult = deferred<string>();
        const probe = track(breaker.call(() => probeResult.promise));
        slow.resolve('late');
        await late.promise;
        assert.equal(breaker.state, 'half-open');
        assert.ok((await rejection(breaker.call(ok))) instanceof CircuitOpenError, 'the probe slot was released');
        probeResult.reject(new Error('still down'));
        await probe.promise;
        assert.equal(breaker.state, 'open');
      },
    },
    {
      item: 'hung-probe-time-boxed',
      title: 'a probe that never settles fails at its time box, re-opens, and a new probe closes it later',
      async run({ clock }) {
        const breaker = new CircuitBreaker({ failureThreshold: 1, resetTimeoutMs: 500, probeTimeoutMs: 200 });
        await open(breaker, 1);
        await clock.tick(500);
        let probeSignal: AbortSignal | undefined;
        const hung = track(
          breaker.call((signal) => {
            probeSignal = signal;
            return new Promise<never>(() => {}); // ignores its signal on purpose
          }),
        );
        await clock.tick(199);
        assert.equal(hung.settled, false);
        await clock.tick(1);
        await hung.promise;
        assert.equal((hung.reason as Error).name, 'TimeoutError');
        assert.equal(probeSignal?.aborted, true, 'the probe was told to stop');
        assert.equal(breaker.state, 'open');
        await clock.tick(500);
        assert.equal(await breaker.call(ok), 'ok');
        assert.equal(breaker.state, 'closed');
        assert.equal(clock.pending(), 0, 'no timer left behind');
      },
    },
    {
      item: 'cancelled-probe-frees-slot',
      title: 'the probe caller aborts: the next call becomes the probe and closes the circuit',
      async run({ clock }) {
        const breaker = new CircuitBreaker({ failureThreshold: 1, resetTimeoutMs: 500 });
        await open(breaker, 1);
        await clock.tick(500);
        const caller = new AbortController();
        const probe = track(breaker.call((signal) => untilAborted(signal), { signal: caller.signal }));
        await clock.tick(10);
        caller.abort(new Error('client went away'));
        await probe.promise;
        assert.equal((probe.reason as Error).message, 'client went away');
        assert.equal(breaker.state, 'half-open');
        assert.equal(await breaker.call(ok), 'ok');
        assert.equal(breaker.state, 'closed');
      },
    },
  ];
}
