import { py, pyRuleTable } from '../helpers.js';

pyRuleTable('too-new-api', {
  valid: [
    {
      name: 'asyncio.timeout on 3.11',
      target: { python: '3.11' },
      code: py`
        import asyncio

        async def fetch(s, u):
            async with asyncio.timeout(5):
                return await s.get(u)
      `,
    },
    {
      name: 'wait_for on 3.8',
      target: { python: '3.8' },
      code: py`
        import asyncio

        async def fetch(s, u):
            return await asyncio.wait_for(s.get(u), 5)
      `,
    },
  ],
  invalid: [
    {
      name: 'asyncio.timeout and TaskGroup on 3.10',
      target: { python: '3.10' },
      code: py`
        import asyncio

        async def fetch(s, urls):
            async with asyncio.timeout(5):
                async with asyncio.TaskGroup() as tg:
                    for u in urls[:3]:
                        tg.create_task(s.get(u))
      `,
      lines: [4, 5],
    },
    {
      name: 'from asyncio import to_thread on 3.8',
      target: { python: '3.8' },
      code: py`
        from asyncio import to_thread

        async def read(path):
            return await to_thread(open(path).read)
      `,
      lines: [1],
    },
    {
      name: 'Queue.shutdown on 3.12',
      target: { python: '3.12' },
      code: py`
        import asyncio

        async def stop(n):
            q = asyncio.Queue()
            q.shutdown()
      `,
      lines: [5],
    },
  ],
});
