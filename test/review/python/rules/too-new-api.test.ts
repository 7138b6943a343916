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

// Version guards and feature detection (bench/real/triage-python.md): a guarded use is not too new.
pyRuleTable(
  'too-new-api',
  {
    valid: [
      {
        name: 'behind sys.version_info >= (3, 11)',
        code: py`
          import asyncio
          import sys

          async def fetch(coro):
              if sys.version_info >= (3, 11):
                  async with asyncio.timeout(5):
                      return await coro
              else:
                  return await asyncio.wait_for(coro, 5)
        `,
        target: { python: '3.10' },
      },
      {
        name: 'try: from asyncio import timeout / except ImportError',
        code: py`
          try:
              from asyncio import timeout
          except ImportError:
              from async_timeout import timeout
        `,
        target: { python: '3.10' },
      },
      {
        name: 'a constant derived from the version, and a conditional expression',
        code: py`
          import asyncio
          import sys

          PY311 = sys.version_info[:2] >= (3, 11)
          TaskGroup = asyncio.TaskGroup if PY311 else None

          if PY311:
              Runner = asyncio.Runner
        `,
        target: { python: '3.10' },
      },
      {
        name: 'hasattr feature test',
        code: py`
          import asyncio

          def spawn_group():
              if hasattr(asyncio, "TaskGroup"):
                  return asyncio.TaskGroup()
              return None
        `,
        target: { python: '3.10' },
      },
    ],
    invalid: [
      {
        name: 'a catch-all around the use is error handling, not feature detection',
        code: py`
          import asyncio

          async def fetch(coro):
              try:
                  async with asyncio.timeout(5):
                      return await coro
              except Exception:
                  return None
        `,
        target: { python: '3.10' },
        lines: [5],
        severities: ['error'],
      },
      {
        name: 'a guard on another feature does not cover this one',
        code: py`
          import asyncio

          def group():
              if hasattr(asyncio, "timeout"):
                  return asyncio.TaskGroup()
        `,
        target: { python: '3.10' },
        lines: [5],
      },
    ],
  },
  'too-new-api: guarded uses',
);
