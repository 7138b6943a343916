// @pattern
// id: graceful-shutdown
// title: Graceful shutdown: stop accepting, drain in-flight work, honour a deadline
// summary: On SIGTERM or SIGINT stop taking new work, let in-flight work finish within a deadline, abort what is left after it, and leave the process with nothing pending.
// minimum: node 20, ecmascript ES2022, typescript 5.0
// apis: process.once, process.off, process.exit, process.exitCode, AbortController, AbortSignal, setTimeout, clearTimeout, Promise.allSettled, http.Server.close, http.Server.closeAllConnections
// pitfalls: calling process.exit() in the signal handler cuts off in-flight requests and unflushed logs; waiting without a bound for work that was aborted at the deadline lets a task that swallows the abort hang shutdown forever, so the second wait needs its own bound and what is left must be reported; when stragglers remain, only a hard exit ends the process, since they keep the event loop alive; server.close() waits for in-flight requests without limit, so tie it to the drain deadline and close the remaining connections when it passes; draining without a deadline lets one stuck request block a deploy until the orchestrator kills the process; work accepted after shutdown began is never drained; a handler registered with on() instead of once() makes a second Ctrl+C do nothing instead of forcing the exit
// rules: floating-promise, misused-promise
// tags: shutdown, signals, drain, deadline, lifecycle
// @end

import type { Server } from 'node:http';

/** Rejection of work submitted after shutdown began. */
export class ShuttingDownError extends Error {
  override readonly name = 'ShuttingDownError';

  constructor() {
    super('Shutting down: not accepting new work');
  }
}

export interface ShutdownResult {
  /** True when every in-flight task finished before the deadline. */
  drained: boolean;
  /** Tasks still running at the deadline; they received an aborted signal. */
  abandoned: number;
  /**
   * Tasks and stop hooks still running when the grace period after the deadline ended: they ignored the abort.
   * Nothing waits for them; the process-level wiring (exitOnTermination) exits rather than hang on them.
   */
  stragglers: string[];
  /** Failures of stop hooks: reported, not fatal, because the drain must happen anyway. */
  hookErrors: unknown[];
}

export interface ShutdownOptions {
  /** How long to wait, after aborting at the deadline, for the aborted work to finish. Default 1 s. */
  graceMs?: number;
}

/*
 * Wiring, in a service's entry point:
 *   const lifecycle = new GracefulShutdown();
 *   lifecycle.onStop((signal) => closeServer(server, signal));
 *   exitOnTermination(lifecycle, { deadlineMs: 10_000, graceMs: 2_000 });
 *   request handlers: await lifecycle.track((signal) => handle(request, signal), `request ${id}`);
 */

/** Node's timers hold at most 2^31-1 ms; a longer delay would fire after 1 ms. */
const MAX_TIMER_MS = 2 ** 31 - 1;

function checkDelay(value: unknown, name: string): string | undefined {
  if (typeof value === 'number' && value >= 0 && value <= MAX_TIMER_MS) return undefined;
  return `Expected \`${name}\` to be a number between 0 and ${MAX_TIMER_MS}, got ${String(value)}`;
}

/** Whether `promise` settled within `ms`; the timer is cleared either way. */
async function settlesWithin(promise: Promise<unknown>, ms: number): Promise<boolean> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const elapsed = new Promise<false>((resolve) => {
    timer = setTimeout(() => resolve(false), ms);
  });
  try {
    return await Promise.race([promise.then(() => true), elapsed]);
  } finally {
    clearTimeout(timer);
  }
}

export class GracefulShutdown {
  private readonly controller = new AbortController();
  /** Each running task (and, once shutdown begins, each stop hook) with its name. */
  private readonly inFlight = new Map<Promise<unknown>, string>();
  private readonly stopHooks: Array<(signal: AbortSignal) => Promise<void> | void> = [];
  private shutdownPromise: Promise<ShutdownResult> | undefined;
  private accepting = true;
  private started = 0;

  /** Aborted when the drain deadline passes: tasks should stop and clean up. */
  get signal(): AbortSignal {
    return this.controller.signal;
  }

  get isAccepting(): boolean {
    return this.accepting;
  }

  get inFlightCount(): number {
    return this.inFlight.size;
  }

  /**
   * Registers what stops new work from arriving (close a server, stop a queue consumer); runs when shutdown begins.
   * It receives `signal`, aborted at the deadline, and must finish promptly once it aborts.
   */
  onStop(hook: (signal: AbortSignal) => Promise<void> | void): void {
    if (typeof hook !== 'function') throw new TypeError(`Expected \`hook\` to be a function, got ${String(hook)}`);
    this.stopHooks.push(hook);
  }

  /**
   * Runs `task` as tracked in-flight work, or rejects with ShuttingDownError once shutdown has begun. `name` is how
   * the task is reported if it is still running after the grace period.
   */
  async track<T>(task: (signal: AbortSignal) => Promise<T>, name?: string): Promise<T> {
    if (typeof task !== 'function') {
      throw new TypeError(`Expected \`task\` to be a function, got ${String(task)} (${typeof task})`);
    }
    if (!this.isAccepting) throw new ShuttingDownError();
    this.started += 1;
    const running = (async () => task(this.controller.signal))();
    this.inFlight.set(running, name ?? `task ${this.started}`);
    try {
      return await running;
    } finally {
      this.inFlight.delete(running);
    }
  }

  /**
   * Stops accepting, runs the stop hooks, and waits for them and in-flight work for at most `deadlineMs`; at the
   * deadline, aborts `signal`, then waits at most `graceMs` more for the aborted work before reporting what is still
   * running as stragglers. Never waits longer than deadlineMs + graceMs. Idempotent: a second call returns the same
   * promise. Rejects only for a bad argument; hook failures are reported in `hookErrors`.
   */
  shutdown(deadlineMs: number, options: ShutdownOptions = {}): Promise<ShutdownResult> {
    const graceMs = options.graceMs ?? 1_000;
    const problem = checkDelay(deadlineMs, 'deadlineMs') ?? checkDelay(graceMs, 'graceMs');
    if (problem !== undefined) return Promise.reject(new RangeError(problem));
    // Closed before drain() starts, so nothing a hook does synchronously can slip past the snapshot of work.
    this.accepting = false;
    this.shutdownPromise ??= this.drain(deadlineMs, graceMs);
    return this.shutdownPromise;
  }

  private async drain(deadlineMs: number, graceMs: number): Promise<ShutdownResult> {
    // The deadline covers the hooks too (closing a server waits for its open requests), so they are tracked alike.
    const hookErrors: unknown[] = [];
    this.stopHooks.forEach((hook, index) => {
      const running = (async () => hook(this.controller.signal))().catch((error: unknown) => {
        hookErrors.push(error);
      });
      this.inFlight.set(running, `stop hook ${index + 1}`);
      void running.finally(() => this.inFlight.delete(running));
    });
    // No work can join after this point, so this snapshot is exactly what must drain.
    const everything = Promise.allSettled([...this.inFlight.keys()]);
    const drained = await settlesWithin(everything, deadlineMs);
    let abandoned = 0;
    if (!drained) {
      abandoned = [...this.inFlight.values()].filter((name) => !name.startsWith('stop hook ')).length;
      this.controller.abort(new Error(`Shutdown deadline of ${deadlineMs} ms passed`));
      // The second wait is bounded too: work that swallows the abort must not hang the shutdown.
      await settlesWithin(everything, graceMs);
    }
    return { drained, abandoned, stragglers: [...this.inFlight.values()], hookErrors };
  }
}

/**
 * The process-level wiring: on the first SIGTERM or SIGINT, shuts `lifecycle` down. A clean drain sets exit code 0
 * and lets the event loop empty (no process.exit(), so buffered output is flushed); failed hooks set exit code 1.
 * Stragglers would keep the loop alive forever, so then it exits at once with code 1: the hard-exit fallback. A
 * second signal gets Node's default action (the listeners are once()), which ends the process at once. Returns a
 * function that removes the listeners.
 */
export function exitOnTermination(
  lifecycle: GracefulShutdown,
  options: {
    deadlineMs: number;
    graceMs?: number;
    signals?: readonly NodeJS.Signals[];
    /** Called with the result before exiting, e.g. to log the stragglers. */
    onResult?: (result: ShutdownResult) => void;
    /** Injectable for tests; default process.exit. */
    exit?: (code: number) => void;
  },
): () => void {
  if (!(lifecycle instanceof GracefulShutdown)) {
    throw new TypeError(`Expected \`lifecycle\` to be a GracefulShutdown, got ${String(lifecycle)}`);
  }
  // Checked now, at wiring time: a bad value found only when the signal arrives would leave no clean way out.
  const problem = checkDelay(options.deadlineMs, 'deadlineMs') ?? checkDelay(options.graceMs ?? 0, 'graceMs');
  if (problem !== undefined) throw new RangeError(problem);
  const exit = options.exit ?? ((code: number) => process.exit(code));
  return onTerminationSignals(() => {
    void lifecycle.shutdown(options.deadlineMs, options.graceMs === undefined ? {} : { graceMs: options.graceMs }).then(
      (result) => {
        options.onResult?.(result);
        if (result.stragglers.length > 0) exit(1);
        else process.exitCode = result.hookErrors.length > 0 ? 1 : 0;
      },
      () => exit(1), // unreachable with the arguments checked above; never leave the process running on it
    );
  }, options.signals);
}

/**
 * Calls `handler` on the first of `signals`. Listeners are registered with once(), so a second signal gets Node's
 * default behaviour (exit): an operator can still force a stuck shutdown. Returns a function that removes them.
 */
export function onTerminationSignals(
  handler: (signal: NodeJS.Signals) => void,
  signals: readonly NodeJS.Signals[] = ['SIGTERM', 'SIGINT'],
): () => void {
  if (typeof handler !== 'function') {
    throw new TypeError(`Expected \`handler\` to be a function, got ${String(handler)} (${typeof handler})`);
  }
  const listeners = signals.map((name) => {
    const listener = (): void => handler(name);
    process.once(name, listener);
    return [name, listener] as const;
  });
  return () => {
    for (const [name, listener] of listeners) process.off(name, listener);
  };
}

/**
 * Stops an HTTP server from accepting connections and resolves once the open ones have ended (since Node 19,
 * close() also drops idle keep-alive connections). When `signal` aborts, typically at the drain deadline, the
 * connections still busy are destroyed so the close can complete.
 */
export function closeServer(server: Server, signal?: AbortSignal): Promise<void> {
  return new Promise<void>((resolve, reject) => {
    const onAbort = (): void => server.closeAllConnections();
    server.close((error) => {
      signal?.removeEventListener('abort', onAbort);
      if (error) reject(error);
      else resolve();
    });
    if (signal?.aborted) onAbort();
    else signal?.addEventListener('abort', onAbort, { once: true });
  });
}
