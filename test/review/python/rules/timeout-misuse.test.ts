import { py, pyRuleTable } from '../helpers.js';

pyRuleTable('timeout-misuse', {
  valid: [
    {
      name: 'async with asyncio.timeout',
      code: py`
        import asyncio

        async def fetch(session, url):
            async with asyncio.timeout(10):
                return await session.get(url)
      `,
    },
    {
      name: 'timeout_at with a deadline from loop.time()',
      code: py`
        import asyncio

        async def fetch_by(deadline_s, coro):
            loop = asyncio.get_running_loop()
            async with asyncio.timeout_at(loop.time() + deadline_s):
                return await coro
      `,
    },
    {
      name: 'asyncio.wait with pending tasks cancelled',
      code: py`
        import asyncio

        async def first(tasks):
            done, pending = await asyncio.wait(tasks, timeout=5, return_when=asyncio.FIRST_COMPLETED)
            for t in pending:
                t.cancel()
            return done
      `,
    },
    {
      name: 'builtin TimeoutError caught around wait_for on 3.11 (an alias since 3.11)',
      target: { python: '3.11' },
      code: py`
        import asyncio

        async def fetch(coro):
            try:
                return await asyncio.wait_for(coro, 5)
            except TimeoutError:
                return None
      `,
    },
  ],
  invalid: [
    {
      name: 'plain with on asyncio.timeout',
      code: py`
        import asyncio

        async def fetch(session, url):
            with asyncio.timeout(10):
                return await session.get(url)
      `,
      lines: [4],
    },
    {
      name: 'timeout_at given a duration',
      code: py`
        import asyncio

        async def fetch(session, url, timeout):
            async with asyncio.timeout_at(timeout):
                return await session.get(url)
      `,
      lines: [4],
    },
    {
      name: 'asyncio.wait leaves pending tasks running',
      code: py`
        import asyncio

        async def race(coros):
            tasks = [asyncio.create_task(c) for c in coros]
            done, _ = await asyncio.wait(tasks, timeout=3)
            return [t.result() for t in done]
      `,
      lines: [5],
    },
    {
      name: 'builtin TimeoutError caught around wait_for on 3.10',
      target: { python: '3.10' },
      code: py`
        import asyncio

        async def fetch(coro):
            try:
                return await asyncio.wait_for(coro, 5)
            except TimeoutError:
                return None
      `,
      lines: [6],
    },
  ],
});
