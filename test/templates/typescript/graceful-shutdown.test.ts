import { createServer, request } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it, vi } from 'vitest';
import {
  GracefulShutdown,
  ShuttingDownError,
  closeServer,
  onTerminationSignals,
} from '../../../templates/typescript/graceful-shutdown.js';

/** A task that runs `ms` of (fake) time, or until its signal aborts. */
function work(ms: number, log: string[], name: string): (signal: AbortSignal) => Promise<string> {
  return (signal) =>
    new Promise<string>((resolve, reject) => {
      const timer = setTimeout(() => {
        signal.removeEventListener('abort', onAbort);
        log.push(`${name} finished`);
        resolve(name);
      }, ms);
      const onAbort = (): void => {
        clearTimeout(timer);
        log.push(`${name} aborted`);
        reject(signal.reason);
      };
      signal.addEventListener('abort', onAbort, { once: true });
    });
}

describe('graceful-shutdown template', () => {
  afterEach(() => {
    vi.useRealTimers();
  });

  it('stops accepting, drains in-flight work that finishes before the deadline, and leaves no timer', async () => {
    vi.useFakeTimers();
    const lifecycle = new GracefulShutdown();
    const log: string[] = [];
    const a = lifecycle.track(work(100, log, 'a'));
    const b = lifecycle.track(work(300, log, 'b'));
    const done = lifecycle.shutdown(1_000);
    expect(lifecycle.isAccepting).toBe(false);
    await expect(lifecycle.track(work(1, log, 'late'))).rejects.toBeInstanceOf(ShuttingDownError);

    await vi.advanceTimersByTimeAsync(300);
    await expect(done).resolves.toEqual({ drained: true, abandoned: 0, stragglers: [], hookErrors: [] });
    expect(await Promise.all([a, b])).toEqual(['a', 'b']);
    expect(log).toEqual(['a finished', 'b finished']);
    expect(lifecycle.signal.aborted).toBe(false);
    expect(vi.getTimerCount()).toBe(0);
  });

  it('honours its deadline: aborts what is still running and reports it', async () => {
    vi.useFakeTimers();
    const lifecycle = new GracefulShutdown();
    const log: string[] = [];
    const quick = lifecycle.track(work(50, log, 'quick'));
    const stuck = lifecycle.track(work(60_000, log, 'stuck'));
    const stuckOutcome = expect(stuck).rejects.toThrow('deadline of 500 ms');
    const done = lifecycle.shutdown(500);
    await vi.advanceTimersByTimeAsync(499);
    expect(log).toEqual(['quick finished']);
    await vi.advanceTimersByTimeAsync(1);
    await expect(done).resolves.toEqual({ drained: false, abandoned: 1, stragglers: [], hookErrors: [] });
    await stuckOutcome;
    await quick;
    expect(log).toEqual(['quick finished', 'stuck aborted']);
    expect(lifecycle.inFlightCount).toBe(0);
    expect(vi.getTimerCount()).toBe(0);
  });

  it('runs stop hooks first, reports their failures, and is idempotent', async () => {
    const lifecycle = new GracefulShutdown();
    const order: string[] = [];
    lifecycle.onStop(() => {
      order.push('stop listener');
    });
    const hookFailure = new Error('could not deregister');
    lifecycle.onStop(async () => {
      throw hookFailure;
    });
    const first = lifecycle.shutdown(100);
    const second = lifecycle.shutdown(5);
    expect(second).toBe(first);
    expect(await first).toEqual({ drained: true, abandoned: 0, stragglers: [], hookErrors: [hookFailure] });
    expect(order).toEqual(['stop listener']);
  });

  it('onTerminationSignals calls the handler once per signal kind and can be removed', () => {
    const before = process.listenerCount('SIGTERM');
    const seen: string[] = [];
    const remove = onTerminationSignals((name) => seen.push(name));
    expect(process.listenerCount('SIGTERM')).toBe(before + 1);
    process.emit('SIGTERM', 'SIGTERM'); // emits to listeners only; no real signal is sent
    expect(seen).toEqual(['SIGTERM']);
    // once(): the listener is gone, so a second SIGTERM would get Node's default (exit).
    expect(process.listenerCount('SIGTERM')).toBe(before);
    const sigintBefore = process.listenerCount('SIGINT');
    remove();
    expect(process.listenerCount('SIGINT')).toBe(sigintBefore - 1);
  });

  it('closeServer waits for a busy connection and destroys it when the signal aborts', async () => {
    let requestArrived = (): void => {};
    const arrived = new Promise<void>((resolve) => {
      requestArrived = resolve;
    });
    const server = createServer(() => {
      requestArrived(); // and never respond: a stuck request
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const { port } = server.address() as AddressInfo;
    const clientError = new Promise<Error>((resolve) => {
      request({ host: '127.0.0.1', port }).on('error', resolve).end();
    });
    await arrived;

    const controller = new AbortController();
    let closed = false;
    const closing = closeServer(server, controller.signal).then(() => {
      closed = true;
    });
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(closed).toBe(false); // still waiting for the stuck request
    expect(server.listening).toBe(false); // but no longer accepting
    controller.abort();
    await closing;
    expect(closed).toBe(true);
    expect((await clientError).message).toMatch(/socket hang up|ECONNRESET/);
  });

  it('a stop hook takes part in the deadline and receives the signal', async () => {
    vi.useFakeTimers();
    const lifecycle = new GracefulShutdown();
    let hookSawAbort = false;
    lifecycle.onStop(
      (signal) =>
        new Promise<void>((resolve) => {
          signal.addEventListener(
            'abort',
            () => {
              hookSawAbort = true;
              resolve();
            },
            { once: true },
          );
        }),
    );
    const done = lifecycle.shutdown(200);
    await vi.advanceTimersByTimeAsync(200);
    await expect(done).resolves.toEqual({ drained: false, abandoned: 0, stragglers: [], hookErrors: [] });
    expect(hookSawAbort).toBe(true);
    expect(vi.getTimerCount()).toBe(0);
  });

  it('checks its arguments and names them', async () => {
    const lifecycle = new GracefulShutdown();
    await expect(lifecycle.shutdown(-1)).rejects.toThrow(/`deadlineMs`.*-1/);
    expect(lifecycle.isAccepting).toBe(true);
    await expect(lifecycle.track('x' as never)).rejects.toThrow(/`task`.*x/);
    expect(() => lifecycle.onStop(null as never)).toThrow(/`hook`/);
    expect(() => onTerminationSignals(undefined as never)).toThrow(/`handler`/);
  });
});
