import { py, pyRuleTable } from '../helpers.js';

pyRuleTable('hallucinated-api', {
  valid: [
    {
      name: 'real asyncio names and keywords',
      code: py`
        import asyncio
        from asyncio import Queue, wait_for

        async def main(q: Queue):
            item = await wait_for(q.get(), timeout=5)
            t = asyncio.create_task(work(item), name="work")
            await asyncio.gather(t, return_exceptions=False)
            await asyncio.to_thread(print, "done", flush=True)
      `,
    },
    {
      name: 'third-party modules are not judged',
      code: py`
        import aiohttp
        import trio

        async def main():
            await trio.sleep_forever_and_ever()
            async with aiohttp.Session2() as s:
                await s.fetch_everything()
      `,
    },
    {
      name: 'submodules and exception aliases',
      code: py`
        import asyncio

        async def run():
            proc = await asyncio.create_subprocess_exec("ls", stdout=asyncio.subprocess.PIPE)
            try:
                await asyncio.wait_for(proc.wait(), 1)
            except asyncio.TimeoutError:
                proc.kill()
      `,
    },
  ],
  invalid: [
    {
      name: 'invented module function',
      code: py`
        import asyncio

        async def fetch_all(urls):
            return await asyncio.gather_with_limit(5, *(fetch(u) for u in urls))
      `,
      lines: [4],
    },
    {
      name: 'Queue.get(timeout=...)',
      code: py`
        import asyncio

        async def consume():
            q = asyncio.Queue()
            item = await q.get(timeout=1.0)
            return item
      `,
      lines: [5],
    },
    {
      name: 'invented import and invented keyword on asyncio.sleep',
      code: py`
        from asyncio import run_with_timeout
        import asyncio

        async def tick():
            await asyncio.sleep(delay=1, jitter=0.1)
      `,
      lines: [1, 5],
    },
    {
      name: 'loop= removed in 3.10 and create_task(timeout=...)',
      code: py`
        import asyncio

        class Gate:
            def __init__(self, loop):
                self._lock = asyncio.Lock(loop=loop)

            async def start(self, job):
                return asyncio.create_task(job(), timeout=5)
      `,
      lines: [5, 8],
    },
    {
      name: 'Task.all_tasks, removed in 3.9',
      code: py`
        import asyncio

        async def dump():
            for t in asyncio.Task.all_tasks():
                print(t)
      `,
      lines: [4],
    },
  ],
});
