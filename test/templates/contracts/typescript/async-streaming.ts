import assert from 'node:assert/strict';
import type * as Template from '../../../../templates/typescript/async-streaming.js';
import { sleep, track, untilAborted, type Scenario } from './harness.js';

const PAGES: Record<string, { items: number[]; next?: string }> = {
  start: { items: [1, 2, 3], next: 'p2' },
  p2: { items: [4, 5, 6], next: 'p3' },
  p3: { items: [7, 8, 9] },
};

export default function scenarios(t: typeof Template): Scenario[] {
  const { paginate, batch, mapAsync, take, collect } = t;
  const source = (fetched: (string | undefined)[], onClose?: () => void, signal?: AbortSignal) =>
    paginate<number>(
      async (cursor, s) => {
        fetched.push(cursor);
        await Promise.race([sleep(5), ...(s ? [untilAborted(s)] : [])]);
        return PAGES[cursor ?? 'start']!;
      },
      { ...(onClose ? { onClose } : {}), ...(signal ? { signal } : {}) },
    );
  return [
    {
      item: 'lazy-pull',
      title: 'three pages of three, the consumer takes two: one page fetched',
      async run({ clock }) {
        const fetched: (string | undefined)[] = [];
        const call = track(collect(take(source(fetched), 2)));
        await clock.tick(5);
        assert.deepEqual(call.value, [1, 2]);
        assert.deepEqual(fetched, [undefined]);
      },
    },
    {
      item: 'closed-on-early-exit',
      title: "break after two items: the source's cleanup has run by the next statement",
      async run({ clock }) {
        let closed = false;
        const run = track(
          (async () => {
            let n = 0;
            for await (const _item of source([], () => (closed = true))) {
              n += 1;
              if (n === 2) break;
            }
            return closed;
          })(),
        );
        await clock.tick(5);
        assert.equal(run.value, true);
      },
    },
    {
      item: 'closed-on-error',
      title: "a transform throwing on the fourth item: the source's cleanup ran and the error arrives unchanged",
      async run({ clock }) {
        let closed = false;
        const failure = new Error('bad row 4');
        const call = track(
          collect(
            mapAsync(source([], () => (closed = true)), (n) => {
              if (n === 4) throw failure;
              return n;
            }),
          ),
        );
        await clock.tick(10);
        assert.equal(call.reason, failure);
        assert.equal(closed, true);
      },
    },
    {
      item: 'cancel-stops-fetching',
      title: 'abort while page 2 is being fetched: that fetch sees it, no third fetch, source closed',
      async run({ clock }) {
        const controller = new AbortController();
        const fetched: (string | undefined)[] = [];
        let closed = false;
        const call = track(collect(source(fetched, () => (closed = true), controller.signal)));
        await clock.tick(7); // page 1 at 5 ms, page 2 in flight
        const reason = new Error('consumer gone');
        controller.abort(reason);
        await clock.tick(20);
        assert.equal(call.reason, reason);
        assert.deepEqual(fetched, [undefined, 'p2']);
        assert.equal(closed, true);
      },
    },
    {
      item: 'arguments-checked-at-call',
      title: 'a batch size of 0 and a missing fetcher fail at the call, before any iteration',
      async run() {
        assert.throws(() => batch(source([]), 0), /size/);
        assert.throws(() => paginate(undefined as never), /fetchPage/);
        assert.throws(() => take(source([]), -1), /count/);
      },
    },
  ];
}
