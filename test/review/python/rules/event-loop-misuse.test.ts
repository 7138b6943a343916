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

// Severity by certainty, and the misuses of a loop from the wrong thread or at the wrong time.
pyRuleTable(
  'event-loop-misuse',
  {
    valid: [
      {
        name: 'a worker thread that runs a loop of its own',
        code: py`
          import asyncio
          import threading

          def loop_thread(coro):
              loop = asyncio.new_event_loop()
              loop.create_task(coro)
              loop.run_forever()

          threading.Thread(target=loop_thread, args=(job(),)).start()
        `,
      },
      {
        name: 'a worker thread hands work back with call_soon_threadsafe / run_coroutine_threadsafe',
        code: py`
          import asyncio

          def on_line(loop, q: asyncio.Queue, line):
              loop.call_soon_threadsafe(q.put_nowait, line)
              asyncio.run_coroutine_threadsafe(notify(line), loop)

          async def main(lines):
              loop = asyncio.get_running_loop()
              q = asyncio.Queue()
              await loop.run_in_executor(None, on_line, loop, q, lines[0])
        `,
      },
      {
        name: 'a concurrent future waited on from a sync function',
        code: py`
          import asyncio

          def fetch_blocking(loop, url):
              return asyncio.run_coroutine_threadsafe(fetch(url), loop).result(timeout=10)
        `,
      },
      {
        name: 'closing a loop this code created, from sync code',
        code: py`
          import asyncio

          def run(coro):
              loop = asyncio.new_event_loop()
              try:
                  return loop.run_until_complete(coro)
              finally:
                  loop.close()
        `,
      },
    ],
    invalid: [
      {
        name: 'get_event_loop inside a coroutine is advice (info): it returns the running loop',
        code: py`
          import asyncio

          async def main():
              loop = asyncio.get_event_loop()
              return await loop.run_in_executor(None, work)
        `,
        lines: [4],
        severities: ['info'],
      },
      {
        name: 'get_event_loop at import time is a warning',
        code: py`
          import asyncio

          loop = asyncio.get_event_loop()
        `,
        lines: [3],
        severities: ['warning'],
      },
      {
        name: 'get_running_loop at import time raises: error',
        code: py`
          import asyncio

          LOOP = asyncio.get_running_loop()

          async def main():
              await asyncio.sleep(1)
        `,
        lines: [3],
        severities: ['error'],
      },
      {
        name: 'run_until_complete on a loop of unknown class is a warning; on an asyncio loop, an error',
        code: py`
          import asyncio

          async def legacy(runner, coro):
              runner.run_until_complete(coro)
              loop = asyncio.new_event_loop()
              loop.run_until_complete(coro)
        `,
        lines: [4, 6],
        severities: ['warning', 'error'],
      },
      {
        name: 'asyncio.create_task from a thread target raises: error',
        code: py`
          import asyncio
          import threading

          def on_message(msg):
              asyncio.create_task(handle(msg))

          def start(consumer):
              threading.Thread(target=on_message, args=(consumer.next(),)).start()
        `,
        lines: [5],
        severities: ['error'],
      },
      {
        name: 'loop and queue methods from an executor function are not thread-safe: warning',
        code: py`
          import asyncio

          class Tail:
              def __init__(self):
                  self.queue = asyncio.Queue()
                  self.loop = asyncio.get_running_loop()

              def _read_lines(self, path):
                  for line in open(path):
                      self.queue.put_nowait(line)
                  self.loop.call_soon(self.queue.put_nowait, None)

              async def run(self, path):
                  await self.loop.run_in_executor(None, self._read_lines, path)
        `,
        lines: [10, 11],
        severities: ['warning', 'warning'],
      },
      {
        name: 'a sync helper called from a thread target runs on that thread too',
        code: py`
          import asyncio
          import threading

          class Bridge:
              def _on_item(self, item):
                  asyncio.ensure_future(self.handle(item))

              def _pump(self, source):
                  for item in source:
                      self._on_item(item)

              async def handle(self, item):
                  await asyncio.sleep(0)

              async def run(self, source):
                  threading.Thread(target=self._pump, args=(source,)).start()
        `,
        lines: [6],
        severities: ['error'],
      },
      {
        name: 'blocking on run_coroutine_threadsafe inside a coroutine: error',
        code: py`
          import asyncio

          async def handler(loop, req):
              fut = asyncio.run_coroutine_threadsafe(process(req), loop)
              return fut.result()
        `,
        lines: [5],
        severities: ['error'],
      },
      {
        name: 'closing the running loop from its own coroutine: error',
        code: py`
          import asyncio

          async def shutdown():
              loop = asyncio.get_running_loop()
              await cleanup()
              loop.close()
        `,
        lines: [6],
        severities: ['error'],
      },
    ],
  },
  'event-loop-misuse: threads, import time and certainty',
);
