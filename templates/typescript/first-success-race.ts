// @pattern
// id: first-success-race
// title: First-success racing and hedged requests
// summary: Take the first attempt that succeeds (failures only count when every attempt fails), abort the losers, and hedge a slow request by starting a backup after a delay.
// minimum: node 20, ecmascript ES2022, typescript 5.0
// apis: Promise.any, AggregateError, AbortController, AbortSignal, setTimeout, clearTimeout
// pitfalls: a hedge delay above 2^31-1 ms overflows Node's timers and starts the backup after 1 ms; Promise.race settles on the first rejection too, so one fast failure hides a slower success; losers that are not aborted keep their sockets and CPU busy after the answer is known; hedging at once doubles the load: wait about the p95 latency before starting a backup; a hedge timer left pending fires after the race is over
// rules: floating-promise, missing-timeout
// tags: race, hedging, promise-any, cancellation, latency
// @end

export type Attempt<T> = (signal: AbortSignal) => Promise<T>;

export interface RaceOptions {
  /** Aborting the caller's signal aborts every attempt still running. */
  signal?: AbortSignal;
}

export interface HedgeOptions extends RaceOptions {
  /** How long to wait for the primary before starting a backup; roughly the p95 latency. */
  hedgeDelayMs: number;
  /** Total attempts including the primary. Default 2. */
  maxAttempts?: number;
}

/** The longest delay a Node timer holds: setTimeout turns anything longer into 1 ms (TimeoutOverflowWarning). */
export const MAX_DELAY_MS = 2 ** 31 - 1;

const lostTheRace = (): Error => new Error('Lost the race to a faster attempt');

/** Calls an attempt so that a synchronous throw becomes a rejection like any other failure. */
function start<T>(attempt: Attempt<T>, signal: AbortSignal): Promise<T> {
  try {
    return Promise.resolve(attempt(signal));
  } catch (error) {
    return Promise.reject(error);
  }
}

function checkAttempt(value: unknown, name: string): void {
  if (typeof value !== 'function') {
    throw new TypeError(`Expected \`${name}\` to be a function, got ${String(value)} (${typeof value})`);
  }
}

/**
 * Starts every attempt at once and resolves with the first success; the others receive an aborted signal (reason:
 * "lost the race"). Rejects with an AggregateError of all failures only when every attempt fails, or with the
 * caller's reason when the caller aborts.
 */
export async function firstSuccess<T>(attempts: readonly Attempt<T>[], options: RaceOptions = {}): Promise<T> {
  if (!Array.isArray(attempts) || attempts.length === 0) {
    throw new TypeError(`Expected \`attempts\` to be a non-empty array of functions, got ${String(attempts)}`);
  }
  attempts.forEach((attempt, index) => checkAttempt(attempt, `attempts[${index}]`));
  const { signal } = options;
  signal?.throwIfAborted();

  // One controller per attempt so the winner's signal stays un-aborted while the losers' are aborted.
  const controllers = attempts.map(() => new AbortController());
  const abortAll = (reason: unknown): void => controllers.forEach((c) => c.abort(reason));
  const onAbort = (): void => abortAll(signal?.reason);
  signal?.addEventListener('abort', onAbort, { once: true });
  let winner: AbortController | undefined;
  try {
    // Losers are aborted but not awaited: Promise.any has subscribed to them, so their late rejections are handled.
    const running = attempts.map(async (attempt, index) => {
      const own = controllers[index] as AbortController; // same length as attempts
      const value = await attempt(own.signal);
      // Only the first to succeed aborts the others: a late success must not abort the winner's signal, which may
      // still guard work the caller continues with (reading a response body, for one).
      if (winner === undefined) {
        winner = own;
        controllers.forEach((c) => {
          if (c !== own) c.abort(lostTheRace());
        });
      }
      return value;
    });
    return await Promise.any(running);
  } catch (error) {
    if (signal?.aborted) throw signal.reason;
    throw error;
  } finally {
    signal?.removeEventListener('abort', onAbort);
  }
}

/**
 * Hedged request: starts `attempt`, and if it has not succeeded after `hedgeDelayMs`, starts another (up to
 * `maxAttempts`); a failure also starts the next attempt at once. The first success wins and the rest are aborted.
 * The hedge timer is always cleared, so nothing fires after the result is known.
 */
export async function hedge<T>(attempt: Attempt<T>, options: HedgeOptions): Promise<T> {
  checkAttempt(attempt, 'attempt');
  const { hedgeDelayMs, maxAttempts = 2, signal } = options;
  // Node's timers hold at most 2^31-1 ms (about 24.8 days); a longer delay would start the backup after 1 ms.
  if (typeof hedgeDelayMs !== 'number' || !(hedgeDelayMs >= 0 && hedgeDelayMs <= MAX_DELAY_MS)) {
    throw new RangeError(`Expected \`hedgeDelayMs\` to be a number between 0 and ${MAX_DELAY_MS}, got ${String(hedgeDelayMs)}`);
  }
  if (!Number.isInteger(maxAttempts) || maxAttempts < 1) {
    throw new RangeError(`Expected \`maxAttempts\` to be an integer >= 1, got ${String(maxAttempts)}`);
  }
  signal?.throwIfAborted();

  return await new Promise<T>((resolve, reject) => {
    const controllers: AbortController[] = [];
    const errors: unknown[] = [];
    let timer: ReturnType<typeof setTimeout> | undefined;
    let settled = false;

    const finish = (): void => {
      settled = true;
      clearTimeout(timer);
      signal?.removeEventListener('abort', onAbort);
    };
    const onAbort = (): void => {
      finish();
      controllers.forEach((c) => c.abort(signal?.reason));
      reject(signal?.reason);
    };

    const launch = (): void => {
      clearTimeout(timer);
      if (settled || controllers.length >= maxAttempts) return;
      const controller = new AbortController();
      controllers.push(controller);
      start(attempt, controller.signal).then(
        (value) => {
          if (settled) return;
          finish();
          controllers.forEach((c) => {
            if (c !== controller) c.abort(lostTheRace());
          });
          resolve(value);
        },
        (error: unknown) => {
          if (settled) return;
          errors.push(error);
          if (errors.length === maxAttempts) {
            finish();
            reject(new AggregateError(errors, `All ${maxAttempts} hedged attempts failed`));
          } else {
            launch(); // a failure is a signal to try again now rather than after the delay
          }
        },
      );
      if (controllers.length < maxAttempts) timer = setTimeout(launch, hedgeDelayMs);
    };

    signal?.addEventListener('abort', onAbort, { once: true });
    launch();
  });
}
