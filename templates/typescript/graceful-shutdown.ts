// @pattern
// id: graceful-shutdown
// title: Graceful shutdown: stop accepting, drain in-flight work, honour a deadline
// summary: On SIGTERM or SIGINT stop taking new work, let in-flight work finish within a deadline, abort what is left after it, and leave the process with nothing pending.
// minimum: node 20, ecmascript ES2022, typescript 5.0
// apis: process.once, process.off, AbortController, AbortSignal, setTimeout, clearTimeout, Promise.allSettled, http.Server.close, http.Server.closeAllConnections
// pitfalls: calling process.exit() in the signal handler cuts off in-flight requests and unflushed logs; server.close() waits for in-flight requests without limit, so tie it to the drain deadline and close the remaining connections when it passes; draining without a deadline lets one stuck request block a deploy until the orchestrator kills the process; work accepted after shutdown began is never drained; a handler registered with on() instead of once() makes a second Ctrl+C do nothing instead of forcing the exit
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
  /** Failures of stop hooks: reported, not fatal, because the drain must happen anyway. */
  hookErrors: unknown[];
}

/*
 * Wiring, in a service's entry point:
 *   const lifecycle = new GracefulShutdown();
 *   lifecycle.onStop((signal) => closeServer(server, signal));
 *   onTerminationSignals(() => {
 *     lifecycle.shutdown(10_000).then(
 *       (result) => { process.exitCode = result.drained ? 0 : 1; }, // let the loop empty; no process.exit()
 *       (error: unknown) => { console.error(error); process.exitCode = 1; },
 *     );
 *   });
 *   request handlers: await lifecycle.track((signal) => handle(request, signal));
 */

export class GracefulShutdown {
  private readonly controller = new AbortController();
  private readonly inFlight = new Set<Promise<unknown>>();
  private readonly stopHooks: Array<(signal: AbortSignal) => Promise<void> | void> = [];
  private shutdownPromise: Promise<ShutdownResult> | undefined;
  private accepting = true;

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

  /** Runs `task` as tracked in-flight work, or rejects with ShuttingDownError once shutdown has begun. */
  async track<T>(task: (signal: AbortSignal) => Promise<T>): Promise<T> {
    if (typeof task !== 'function') {
      throw new TypeError(`Expected \`task\` to be a function, got ${String(task)} (${typeof task})`);
    }
    if (!this.isAccepting) throw new ShuttingDownError();
    const running = (async () => task(this.controller.signal))();
    this.inFlight.add(running);
    try {
      return await running;
    } finally {
      this.inFlight.delete(running);
    }
  }

  /**
   * Stops accepting, runs the stop hooks, and waits for them and in-flight work for at most `deadlineMs`; at the
   * deadline, aborts `signal` so the remaining work stops. Idempotent: a second call returns the same promise.
   * Rejects only for a bad argument; hook failures are reported in `hookErrors`.
   */
  shutdown(deadlineMs: number): Promise<ShutdownResult> {
    if (typeof deadlineMs !== 'number' || !Number.isFinite(deadlineMs) || deadlineMs < 0) {
      return Promise.reject(
        new RangeError(`Expected \`deadlineMs\` to be a finite number >= 0, got ${String(deadlineMs)}`),
      );
    }
    // Closed before drain() starts, so nothing a hook does synchronously can slip past the snapshot of work.
    this.accepting = false;
    this.shutdownPromise ??= this.drain(deadlineMs);
    return this.shutdownPromise;
  }

  private async drain(deadlineMs: number): Promise<ShutdownResult> {
    let timer: ReturnType<typeof setTimeout> | undefined;
    const deadline = new Promise<'deadline'>((resolve) => {
      timer = setTimeout(() => resolve('deadline'), deadlineMs);
    });
    try {
      // The deadline covers the hooks too: closing a server waits for its open requests.
      const hooks = Promise.allSettled(this.stopHooks.map(async (hook) => hook(this.controller.signal)));
      // No work can join after this point, so this snapshot is exactly what must drain.
      const work = Promise.allSettled([...this.inFlight]);
      const outcome = await Promise.race([Promise.all([hooks, work]).then(() => 'drained' as const), deadline]);
      let abandoned = 0;
      if (outcome === 'deadline') {
        abandoned = this.inFlight.size;
        this.controller.abort(new Error(`Shutdown deadline of ${deadlineMs} ms passed`));
      }
      // Hooks received the signal and must finish once it aborts; tasks that ignore it are not waited for.
      const hookErrors = (await hooks).flatMap((result) => (result.status === 'rejected' ? [result.reason] : []));
      return { drained: outcome === 'drained', abandoned, hookErrors };
    } finally {
      clearTimeout(timer);
    }
  }
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
