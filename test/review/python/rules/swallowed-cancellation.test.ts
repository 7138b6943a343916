import { py, pyRuleTable } from '../helpers.js';

pyRuleTable('swallowed-cancellation', {
  valid: [
    {
      name: 'cleanup then re-raise',
      code: py`
        import asyncio

        async def worker(q: asyncio.Queue) -> None:
            try:
                while True:
                    await handle(await q.get())
            except asyncio.CancelledError:
                await flush()
                raise
      `,
    },
    {
      name: 'awaiting a task this code cancelled',
      code: py`
        import asyncio

        async def stop(task: asyncio.Task) -> None:
            task.cancel()
            try:
                await task
            except asyncio.CancelledError:
                pass
      `,
    },
    {
      name: 'except Exception does not catch CancelledError',
      code: py`
        async def safe_fetch(client, url):
            try:
                return await client.get(url)
            except Exception:
                log.exception("fetch failed")
                return None
      `,
    },
    {
      name: 'bare except in sync code is not a coroutine',
      code: py`
        def parse(text):
            try:
                return int(text)
            except:
                return 0
      `,
    },
  ],
  invalid: [
    {
      name: 'CancelledError swallowed with pass',
      code: py`
        import asyncio

        async def heartbeat() -> None:
            while True:
                try:
                    await asyncio.sleep(5)
                    await ping()
                except asyncio.CancelledError:
                    pass
      `,
      lines: [8],
    },
    {
      name: 'bare except and BaseException with continue/return',
      code: py`
        async def consume(stream):
            async for msg in stream:
                try:
                    await handle(msg)
                except:
                    continue

        async def fetch(client, url):
            try:
                return await client.get(url)
            except BaseException:
                return None
      `,
      lines: [5, 11],
    },
    {
      name: 'from asyncio import CancelledError, with logging but no raise',
      code: py`
        from asyncio import CancelledError

        async def run(job):
            try:
                await job.execute()
            except CancelledError:
                logger.info("job cancelled")
                return
      `,
      lines: [6],
    },
  ],
});
