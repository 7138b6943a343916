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

// Guarded uses and receivers whose concrete class is not known (bench/real/triage-python.md).
pyRuleTable(
  'hallucinated-api',
  {
    valid: [
      {
        name: 'removed API in a branch that only runs on old Pythons',
        code: py`
          import asyncio
          import sys

          if sys.version_info < (3, 7):
              def all_tasks(loop=None):
                  return {t for t in asyncio.Task.all_tasks(loop) if not t.done()}
          else:
              all_tasks = asyncio.all_tasks

          def current_task(loop=None):
              if sys.version_info >= (3, 7):
                  return asyncio.current_task(loop=loop)
              else:
                  return asyncio.Task.current_task(loop=loop)
        `,
      },
      {
        name: 'a version constant derived from sys.version_info',
        code: py`
          import asyncio
          import sys

          PY_37 = sys.version_info >= (3, 7)

          def current_task(loop):
              if PY_37:
                  return asyncio.current_task(loop=loop)
              return asyncio.Task.current_task(loop=loop) if not PY_37 else None
        `,
      },
      {
        name: 'feature detection with try/except AttributeError and hasattr',
        code: py`
          import asyncio

          try:
              _all_tasks = asyncio.Task.all_tasks
          except AttributeError:
              _all_tasks = asyncio.all_tasks

          def tasks(loop):
              if hasattr(asyncio.Task, "all_tasks"):
                  return asyncio.Task.all_tasks(loop)
              return asyncio.all_tasks(loop)
        `,
      },
      {
        name: 'private asyncio names are not judged',
        code: py`
          import asyncio

          def running():
              return asyncio._get_running_loop()
        `,
      },
      {
        name: 'a method that a concrete loop class has (ProactorEventLoop.start_serving_pipe)',
        code: py`
          import asyncio

          async def serve_pipe(server, path):
              loop = asyncio.get_event_loop()
              return await loop.start_serving_pipe(server, path)
        `,
      },
      {
        name: 'only for the type checker',
        code: py`
          import asyncio
          from typing import TYPE_CHECKING

          if TYPE_CHECKING:
              Handle = asyncio.NotARealHandle
        `,
      },
    ],
    invalid: [
      {
        name: 'unguarded removed API: error',
        code: py`
          import asyncio

          def current():
              return asyncio.Task.current_task()
        `,
        lines: [4],
        severities: ['error'],
      },
      {
        name: 'a version branch that does run on the target still counts',
        code: py`
          import asyncio
          import sys

          if sys.version_info >= (3, 8):
              tasks = asyncio.Task.all_tasks()
        `,
        lines: [5],
        severities: ['error'],
      },
      {
        name: 'a method missing on a loop of unknown concrete class: warning',
        code: py`
          import asyncio

          async def go():
              loop = asyncio.get_running_loop()
              await loop.run_in_background(job())
        `,
        lines: [5],
        severities: ['warning'],
      },
    ],
  },
  'hallucinated-api: guards and receivers',
);
