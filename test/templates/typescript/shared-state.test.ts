import { describe, expect, it, vi } from 'vitest';
import { Mutex, RefreshingToken, SingleFlight } from '../../../templates/typescript/shared-state.js';

const tick = (): Promise<void> => new Promise((resolve) => setImmediate(resolve));

/** A promise with its settle functions outside (Promise.withResolvers is Node 22; tests run on 20). */
function deferred<T>(): { promise: Promise<T>; resolve: (value: T) => void; reject: (error: unknown) => void } {
  let resolve!: (value: T) => void;
  let reject!: (error: unknown) => void;
  const promise = new Promise<T>((res, rej) => {
    resolve = res;
    reject = rej;
  });
  return { promise, resolve, reject };
}

describe('shared-state template', () => {
  it('single-flight runs the loader once for concurrent callers of one key', async () => {
    const flight = new SingleFlight<string, number>();
    const gate = deferred<number>();
    const load = vi.fn(() => gate.promise);
    const callers = Array.from({ length: 10 }, () => flight.run('user:1', load));
    const other = flight.run('user:2', async () => 2);
    await Promise.resolve(); // the load starts in a microtask, after it is registered
    expect(load).toHaveBeenCalledTimes(1);
    expect(flight.size).toBe(2);
    gate.resolve(42);
    expect(await Promise.all(callers)).toEqual(Array(10).fill(42));
    expect(await other).toBe(2);
    expect(flight.size).toBe(0);
    // Settled loads are forgotten: a later call loads again.
    await flight.run('user:1', load);
    expect(load).toHaveBeenCalledTimes(2);
  });

  it('single-flight reports a failure to every waiter and does not cache it', async () => {
    const flight = new SingleFlight<string, string>();
    const failure = new Error('backend down');
    const load = vi.fn(async () => {
      await tick();
      throw failure;
    });
    const results = await Promise.allSettled([flight.run('k', load), flight.run('k', load)]);
    expect(results.map((r) => (r.status === 'rejected' ? r.reason : r.value))).toEqual([failure, failure]);
    expect(load).toHaveBeenCalledTimes(1);
    await expect(flight.run('k', async () => 'ok now')).resolves.toBe('ok now');
  });

  it('the mutex keeps read-modify-write sections that span an await from interleaving', async () => {
    const mutex = new Mutex();
    let balance = 0;
    let inside = 0;
    let maxInside = 0;
    const deposit = (amount: number): Promise<void> =>
      mutex.runExclusive(async () => {
        inside += 1;
        maxInside = Math.max(maxInside, inside);
        const read = balance;
        await tick(); // without the mutex, every caller would read 0 here
        balance = read + amount;
        inside -= 1;
      });
    await Promise.all(Array.from({ length: 20 }, () => deposit(5)));
    expect(balance).toBe(100);
    expect(maxInside).toBe(1);
    expect(mutex.isLocked).toBe(false);
  });

  it('the mutex grants in arrival order and is released when the section throws', async () => {
    const mutex = new Mutex();
    const order: string[] = [];
    const first = mutex.runExclusive(async () => {
      await tick();
      order.push('first');
      throw new Error('first failed');
    });
    const second = mutex.runExclusive(() => {
      order.push('second');
      return 'second done';
    });
    await expect(first).rejects.toThrow('first failed');
    await expect(second).resolves.toBe('second done');
    expect(order).toEqual(['first', 'second']);
  });

  it('a waiter that aborts leaves the queue with the caller reason and does not block others', async () => {
    const mutex = new Mutex();
    const hold = deferred<void>();
    const holder = mutex.runExclusive(() => hold.promise);
    const controller = new AbortController();
    const reason = new Error('gave up waiting');
    const critical = vi.fn(async () => 'never');
    const impatient = mutex.runExclusive(critical, { signal: controller.signal });
    const patient = mutex.runExclusive(async () => 'patient ran');
    controller.abort(reason);
    await expect(impatient).rejects.toBe(reason);
    hold.resolve();
    await holder;
    await expect(patient).resolves.toBe('patient ran');
    expect(critical).not.toHaveBeenCalled();
    expect(mutex.isLocked).toBe(false);
  });

  it('RefreshingToken refreshes once for concurrent callers and reuses a valid token', async () => {
    let now = 1_000;
    let issued = 0;
    const fetchToken = vi.fn(async () => {
      await tick();
      issued += 1;
      return { value: `token-${issued}`, expiresAt: now + 500 };
    });
    const tokens = new RefreshingToken(fetchToken, () => now);
    expect(await Promise.all([tokens.get(), tokens.get(), tokens.get()])).toEqual(['token-1', 'token-1', 'token-1']);
    expect(await tokens.get()).toBe('token-1');
    now += 600;
    expect(await Promise.all([tokens.get(), tokens.get()])).toEqual(['token-2', 'token-2']);
    expect(fetchToken).toHaveBeenCalledTimes(2);
  });

  it('checks its arguments and names them', async () => {
    expect(() => new SingleFlight<string, number>().run('k', 5 as never)).toThrow(/`load`.*5/);
    await expect(new Mutex().runExclusive(undefined as never)).rejects.toThrow(/`critical`/);
    expect(() => new RefreshingToken(null as never)).toThrow(/`fetchToken`/);
  });
});
