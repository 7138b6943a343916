import { setTimeout as sleep } from 'node:timers/promises';
import { describe, expect, it } from 'vitest';
import { TaskGroup, withTaskGroup } from '../../../templates/typescript/structured-concurrency.js';

const tick = (): Promise<void> => new Promise((resolve) => setImmediate(resolve));

/** A child that runs until its signal aborts, recording that it stopped. */
function untilAborted(log: string[], name: string): (signal: AbortSignal) => Promise<never> {
  return (signal) =>
    new Promise<never>((_resolve, reject) => {
      signal.addEventListener(
        'abort',
        () => {
          log.push(`${name} stopped`);
          reject(signal.reason);
        },
        { once: true },
      );
    });
}

describe('structured-concurrency template', () => {
  it('waits for every child and returns the body result', async () => {
    const log: string[] = [];
    const result = await withTaskGroup(async (group) => {
      const a = group.spawn(async () => {
        await tick();
        log.push('a done');
        return 1;
      });
      group.spawn(async () => {
        await tick();
        await tick();
        log.push('b done'); // not awaited by the body, still awaited by the scope
      });
      return (await a) + 1;
    });
    expect(result).toBe(2);
    expect(log).toEqual(['a done', 'b done']);
  });

  it('the first failure aborts the siblings and is the one reported', async () => {
    const log: string[] = [];
    const failure = new Error('child failed');
    const outcome = withTaskGroup(async (group) => {
      group.spawn(untilAborted(log, 'sibling 1'));
      group.spawn(untilAborted(log, 'sibling 2'));
      group.spawn(async () => {
        await tick();
        throw failure;
      });
      return 'unreachable';
    });
    await expect(outcome).rejects.toBe(failure);
    expect(log.sort()).toEqual(['sibling 1 stopped', 'sibling 2 stopped']);
  });

  it('reports several independent failures together', async () => {
    const group = new TaskGroup();
    group.spawn(async () => {
      throw new Error('one');
    });
    group.spawn(async () => {
      throw new Error('two');
    });
    await expect(group.join()).rejects.toSatisfy(
      (error: unknown) => error instanceof AggregateError && error.errors.length === 2,
    );
  });

  it("the caller's signal cancels every child and the scope rejects with the caller's reason", async () => {
    const controller = new AbortController();
    const reason = new Error('request aborted');
    const log: string[] = [];
    const outcome = withTaskGroup(
      async (group) => {
        group.spawn(untilAborted(log, 'a'));
        // A child that rejects with timers/promises' own AbortError is a cancellation too, not a failure.
        group.spawn((signal) => sleep(60_000, undefined, { signal }));
        queueMicrotask(() => controller.abort(reason));
      },
      { signal: controller.signal },
    );
    await expect(outcome).rejects.toBe(reason);
    expect(log).toEqual(['a stopped']);
  });

  it('when the body throws, children are aborted and awaited before the error surfaces', async () => {
    const log: string[] = [];
    const failure = new Error('body failed');
    const outcome = withTaskGroup(async (group) => {
      group.spawn(async (signal) => {
        await untilAborted(log, 'child')(signal).catch(async (reason: unknown) => {
          await tick(); // cleanup that takes a moment; the scope must wait for it
          log.push('child cleaned up');
          throw reason;
        });
      });
      await tick();
      throw failure;
    });
    await expect(outcome).rejects.toBe(failure);
    expect(log).toEqual(['child stopped', 'child cleaned up']);
  });

  it('children spawned by children are waited for, and a joined group accepts no more', async () => {
    const group = new TaskGroup();
    const log: string[] = [];
    group.spawn(async () => {
      await tick();
      group.spawn(async () => {
        await tick();
        log.push('grandchild');
      });
    });
    await group.join();
    expect(log).toEqual(['grandchild']);
    expect(() => group.spawn(async () => 1)).toThrow('closed');
  });

  it('checks its arguments and names them', async () => {
    expect(() => new TaskGroup('signal' as never)).toThrow(/`parent`.*signal/);
    expect(() => new TaskGroup().spawn(3 as never)).toThrow(/`task`.*3/);
    await expect(withTaskGroup(null as never)).rejects.toThrow(/`body`/);
  });
});
