import { py, pyRuleTable } from '../helpers.js';

pyRuleTable('swallowed-error', {
  valid: [
    {
      name: 'logged, re-raised, or a specific exception',
      code: py`
        import logging
        log = logging.getLogger(__name__)

        async def sync_user(uid):
            try:
                await push(uid)
            except Exception:
                log.exception("push failed for %s", uid)
            try:
                await pull(uid)
            except KeyError:
                pass
            try:
                await commit(uid)
            except Exception as exc:
                raise SyncError(uid) from exc
      `,
    },
    {
      name: 'gather results inspected',
      code: py`
        import asyncio

        async def refresh_all(ids):
            results = await asyncio.gather(*(refresh(i) for i in ids[:20]), return_exceptions=True)
            for i, r in zip(ids, results):
                if isinstance(r, Exception):
                    log.warning("refresh %s failed: %r", i, r)
      `,
    },
    {
      name: 'error value used to decide',
      code: py`
        def parse_port(text):
            try:
                return int(text)
            except Exception as e:
                return fallback(e)
      `,
    },
    {
      name: 'suppress of a specific exception',
      code: py`
        import contextlib, os

        def cleanup(path):
            with contextlib.suppress(FileNotFoundError):
                os.remove(path)
      `,
    },
    {
      name: 'failures picked out with a comprehension',
      code: py`
        import asyncio

        async def refresh_all(feeds, log):
            results = await asyncio.gather(*(refresh(f) for f in feeds), return_exceptions=True)
            errors = [r for r in results if isinstance(r, BaseException)]
            log.info("refreshed %d feeds, %d failed", len(results), len(errors))
            return errors
      `,
    },
    {
      name: 'each result paired with its input and passed to a handler',
      code: py`
        import asyncio

        async def deliver_all(webhooks, payload):
            outcomes = await asyncio.gather(*(post(w, payload) for w in webhooks), return_exceptions=True)
            for hook, outcome in zip(webhooks, outcomes):
                record_delivery(hook, outcome)
      `,
    },
    {
      name: 'results returned to the caller',
      code: py`
        import asyncio

        async def settle(coros):
            results = await asyncio.gather(*coros, return_exceptions=True)
            return results
      `,
    },
    {
      name: 'results unpacked one by one',
      code: py`
        import asyncio

        async def load_profile(user_id):
            profile, prefs = await asyncio.gather(get_profile(user_id), get_prefs(user_id), return_exceptions=True)
            results = await asyncio.gather(get_avatar(user_id), get_badges(user_id), return_exceptions=True)
            avatar, badges = results
            if isinstance(avatar, Exception):
                avatar = None
            return profile, prefs, avatar, badges
      `,
    },
  ],
  invalid: [
    {
      name: 'except Exception: pass',
      code: py`
        async def send_metrics(client, payload):
            try:
                await client.post("/metrics", json=payload)
            except Exception:
                pass
      `,
      lines: [4],
    },
    {
      name: 'bare except returning a default in sync code',
      code: py`
        def load_config(path):
            try:
                with open(path) as f:
                    return json.load(f)
            except:
                return {}
      `,
      lines: [5],
    },
    {
      name: 'gather(return_exceptions=True) results dropped',
      code: py`
        import asyncio

        async def warm_caches(keys):
            await asyncio.gather(warm(keys[0]), warm(keys[1]), return_exceptions=True)

        async def notify(users):
            results = await asyncio.gather(*(ping(u) for u in users[:5]), return_exceptions=True)
            return len(users)
      `,
      lines: [4, 7],
    },
    {
      name: 'suppress(Exception)',
      code: py`
        from contextlib import suppress

        async def close_all(conns):
            for c in conns:
                with suppress(Exception):
                    await c.close()
      `,
      lines: [5],
    },
    {
      name: 'results only counted in a log line',
      code: py`
        import asyncio
        import logging

        log = logging.getLogger("orders")

        async def replay(pool, events):
            results = await asyncio.gather(*(apply_event(pool, e) for e in events[:50]), return_exceptions=True)
            log.info("replayed %d events", len(results))
      `,
      lines: [7],
    },
    {
      name: 'results printed as a whole and counted in a loop that never looks at them',
      code: py`
        import asyncio

        async def push_metrics(sinks, batch):
            outcomes = await asyncio.gather(*(s.push(batch) for s in sinks), return_exceptions=True)
            print(f"pushed: {outcomes}")
            sent = 0
            for outcome in outcomes:
                sent += 1
            return sent
      `,
      lines: [4],
    },
  ],
});

pyRuleTable(
  'swallowed-error',
  {
    valid: [
      {
        name: 'suppress around fut.result(): marking a shared failure as retrieved',
        code: py`
          from contextlib import suppress

          def drop_exception(fut):
              with suppress(Exception):
                  fut.result()
        `,
      },
      {
        name: 'gather(return_exceptions=True) of tasks cancelled by the enclosing function',
        code: py`
          import asyncio

          def shutdown(loop):
              tasks = asyncio.all_tasks(loop)
              for task in tasks:
                  task.cancel()

              async def gather():
                  await asyncio.gather(*tasks, return_exceptions=True)

              loop.run_until_complete(gather())
        `,
      },
    ],
    invalid: [
      {
        name: 'suppress(Exception) around work still counts',
        code: py`
          from contextlib import suppress

          def run_callbacks(callbacks):
              for cb in callbacks:
                  with suppress(Exception):
                      cb()
        `,
        lines: [5],
      },
    ],
  },
  'swallowed-error: real code',
);
