import { py, pyRuleTable } from '../helpers.js';

pyRuleTable('event-loop-misuse', {
  valid: [
    {
      name: 'get_running_loop in a coroutine and asyncio.run at the entry point',
      code: py`
        import asyncio

        async def main():
            loop = asyncio.get_running_loop()
            await loop.run_in_executor(None, work)

        if __name__ == "__main__":
            asyncio.run(main())
      `,
    },
    {
      name: 'asyncio.run inside a sync CLI function',
      code: py`
        import asyncio

        def cli():
            asyncio.run(serve())
      `,
    },
  ],
  invalid: [
    {
      name: 'get_event_loop inside a coroutine',
      code: py`
        import asyncio

        async def offload(fn):
            loop = asyncio.get_event_loop()
            return await loop.run_in_executor(None, fn)
      `,
      lines: [4],
    },
    {
      name: 'asyncio.run and run_until_complete from async code',
      code: py`
        import asyncio

        async def handler(event):
            result = asyncio.run(process(event))
            loop = asyncio.get_running_loop()
            loop.run_until_complete(flush())
            return result
      `,
      lines: [4, 6],
    },
    {
      name: 'loop captured at import time',
      code: py`
        import asyncio

        loop = asyncio.get_event_loop()

        async def main():
            await asyncio.sleep(1)
      `,
      lines: [3],
    },
  ],
});
