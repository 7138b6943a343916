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
  ],
});
