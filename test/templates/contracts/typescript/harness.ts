// The shape of a TypeScript contract scenario (templates/contracts/README.md). Scenario files export a function from
// the template module to its scenarios; scripts/templates/ts-scenario-runner.mjs runs them on the transpiled
// JavaScript under every Node in scripts/templates/node-runtimes.mjs, with @sinonjs/fake-timers as the clock.
// Nothing here may need more than Node 20.0 and ES2022: the runner runs it on the declared minimum.

/** The controlled clock: faked setTimeout/setInterval/setImmediate, Date, performance.now and timers/promises. */
export interface Clock {
  /** Advances the clock by `ms`, firing due timers and running the microtasks between them. */
  tick(ms: number): Promise<void>;
  /** Lets pending promise reactions run without moving the clock. */
  flush(): Promise<void>;
  /** Milliseconds since the scenario started. */
  now(): number;
  /** Timers still scheduled. */
  pending(): number;
}

export interface ScenarioContext {
  /** Present unless the scenario asked for `clock: 'real'`. */
  clock: Clock;
  /** The Node version running the scenario, e.g. "20.0.0". */
  node: string;
  /** file: URL of the template module under test, for scenarios that run it in a child process. */
  templateUrl: string;
  /** Calls `globalThis.gc()` twice; the runner starts Node with --expose-gc. */
  gc(): void;
}

export interface Scenario {
  /** The contract item id (templates/contracts/<pattern>.json) this scenario checks. */
  item: string;
  /** What this scenario does, one line. */
  title: string;
  /** 'real' for scenarios that need real threads, processes or the real event loop. Default 'fake'. */
  clock?: 'fake' | 'real';
  run(context: ScenarioContext): Promise<void>;
}

/** A promise's state, readable while it is still pending. */
export interface Tracked<T> {
  readonly settled: boolean;
  readonly fulfilled: boolean;
  readonly value: T | undefined;
  readonly reason: unknown;
  readonly promise: Promise<void>;
}

/** Observes a promise without leaving its rejection unhandled. */
export function track<T>(promise: Promise<T>): Tracked<T> {
  const state = { settled: false, fulfilled: false, value: undefined as T | undefined, reason: undefined as unknown };
  const done = promise.then(
    (value) => {
      Object.assign(state, { settled: true, fulfilled: true, value });
    },
    (reason: unknown) => {
      Object.assign(state, { settled: true, reason });
    },
  );
  return {
    get settled() {
      return state.settled;
    },
    get fulfilled() {
      return state.fulfilled;
    },
    get value() {
      return state.value;
    },
    get reason() {
      return state.reason;
    },
    promise: done,
  };
}

/** A promise with its settle functions, for operations a scenario finishes by hand. */
export function deferred<T = void>(): { promise: Promise<T>; resolve: (value: T) => void; reject: (reason: unknown) => void } {
  let resolve: (value: T) => void = () => {};
  let reject: (reason: unknown) => void = () => {};
  const promise = new Promise<T>((res, rej) => {
    resolve = res;
    reject = rej;
  });
  return { promise, resolve, reject };
}

/** An operation that settles only when its signal aborts, rejecting with the signal's reason. */
export function untilAborted(signal: AbortSignal, onAbort?: (reason: unknown) => void): Promise<never> {
  return new Promise<never>((_resolve, reject) => {
    const stop = (): void => {
      onAbort?.(signal.reason);
      reject(signal.reason);
    };
    if (signal.aborted) stop();
    else signal.addEventListener('abort', stop, { once: true });
  });
}

/** Resolves after `ms` on whatever clock is installed (the fake one in fake-clock scenarios). */
export const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

/** The rejection reason of a promise that must reject; throws when it fulfils. */
export async function rejection(promise: Promise<unknown>): Promise<unknown> {
  try {
    await promise;
  } catch (error) {
    return error;
  }
  throw new Error('expected a rejection, but the promise fulfilled');
}

/** Every number of milliseconds a Node timer can hold; longer delays fire after 1 ms (TimeoutOverflowWarning). */
export const TIMER_MAX_MS = 2 ** 31 - 1;
export const DAY_MS = 24 * 60 * 60 * 1000;
