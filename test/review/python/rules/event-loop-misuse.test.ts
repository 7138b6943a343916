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

// Recall round 5: sync code that runs inside the running loop, loop and future methods from a worker thread, a new
// loop per call, and loops or loop-bound primitives made before `asyncio.run()`; each with its clean look-alike.
pyRuleTable(
  'event-loop-misuse',
  {
    valid: [
      {
        name: 'a sync wrapper called from a coroutine through asyncio.to_thread',
        code: py`
          import asyncio

          def rates_sync(base):
              return asyncio.run(fetch_rates(base))

          async def convert(amount, base):
              rates = await asyncio.to_thread(rates_sync, base)
              return amount * rates["EUR"]
        `,
      },
      {
        name: 'a sync wrapper called only from sync code',
        code: py`
          import asyncio

          def rates_sync(base):
              return asyncio.run(fetch_rates(base))

          def main():
              print(rates_sync("USD"))
        `,
      },
      {
        name: 'a sync wrapper that checks for a running loop first',
        code: py`
          import asyncio

          def run_sync(coro):
              try:
                  asyncio.get_running_loop()
              except RuntimeError:
                  return asyncio.run(coro)
              raise TypeError("use await inside a coroutine")

          async def handler():
              return run_sync(work())
        `,
      },
      {
        name: 'a new loop closed in finally',
        code: py`
          import asyncio

          def check(url):
              loop = asyncio.new_event_loop()
              try:
                  return loop.run_until_complete(probe(url))
              finally:
                  loop.close()
        `,
      },
      {
        name: 'a new loop kept on the object',
        code: py`
          import asyncio

          class Worker:
              def start(self):
                  loop = asyncio.new_event_loop()
                  self.loop = loop
        `,
      },
      {
        name: 'a worker thread hands results over with call_soon_threadsafe and run_coroutine_threadsafe',
        code: py`
          import asyncio
          import threading

          class Listener:
              def __init__(self):
                  self.loop = asyncio.get_running_loop()
                  self.reply = self.loop.create_future()

              def _reader(self):
                  frame = self.driver.read()
                  self.loop.call_soon_threadsafe(self.reply.set_result, frame)
                  self.loop.call_soon_threadsafe(self.loop.stop)
                  asyncio.run_coroutine_threadsafe(self.queue.put(frame), self.loop)

              async def run(self):
                  threading.Thread(target=self._reader, daemon=True).start()
                  return await self.reply
        `,
      },
      {
        name: 'a thread that sets its own loop, and a helper it calls',
        code: py`
          import asyncio
          import threading

          def helper():
              return asyncio.get_event_loop()

          def worker():
              asyncio.set_event_loop(asyncio.new_event_loop())
              loop = helper()
              loop.run_until_complete(job())

          async def main():
              threading.Thread(target=worker).start()
        `,
      },
      {
        name: 'a module-level asyncio.Lock on 3.10+ binds on first use',
        code: py`
          import asyncio

          _lock = asyncio.Lock()

          async def critical():
              async with _lock:
                  await work()
        `,
      },
      {
        name: 'get_event_loop after set_event_loop in a sync main',
        code: py`
          import asyncio

          def main():
              asyncio.set_event_loop(asyncio.new_event_loop())
              loop = asyncio.get_event_loop()
              try:
                  loop.run_until_complete(serve())
              finally:
                  loop.close()
        `,
      },
    ],
    invalid: [
      {
        name: 'asyncio.run in a sync wrapper that a coroutine calls directly',
        code: py`
          import asyncio

          def rates_sync(base):
              return asyncio.run(fetch_rates(base))

          async def convert(amount, base):
              rates = rates_sync(base)
              return amount * rates["EUR"]
        `,
        lines: [4],
        severities: ['warning'],
      },
      {
        name: 'run_until_complete in a sync method reached from a coroutine through another sync method',
        code: py`
          import asyncio

          class Client:
              def _run(self, coro):
                  return self.loop.run_until_complete(coro)

              def get_sync(self, key):
                  return self._run(self.get(key))

              async def refresh(self, key):
                  return self.get_sync(key)
        `,
        lines: [5],
      },
      {
        name: 'asyncio.run in a loop callback',
        code: py`
          import asyncio

          def on_done(fut):
              asyncio.run(report(fut.result()))

          async def start():
              task = asyncio.create_task(job())
              task.add_done_callback(on_done)
              return task
        `,
        lines: [4],
      },
      {
        name: 'blocking on run_coroutine_threadsafe in a loop callback deadlocks',
        code: py`
          import asyncio

          def on_tick(loop):
              fut = asyncio.run_coroutine_threadsafe(poll(), loop)
              fut.result()

          async def main():
              loop = asyncio.get_running_loop()
              loop.call_later(1.0, on_tick, loop)
        `,
        lines: [5],
      },
      {
        name: 'a new event loop per call, never closed',
        code: py`
          import asyncio

          def check(url):
              loop = asyncio.new_event_loop()
              return loop.run_until_complete(probe(url))

          def check_inline(url):
              return asyncio.new_event_loop().run_until_complete(probe(url))
        `,
        lines: [4, 8],
        severities: ['warning', 'warning'],
      },
      {
        name: 'future and loop methods from a worker thread, and get_event_loop there',
        code: py`
          import asyncio
          import threading

          class Listener:
              def __init__(self):
                  self.loop = asyncio.get_running_loop()
                  self.reply = self.loop.create_future()

              def _reader(self):
                  self.reply.set_result(self.driver.read())
                  self.loop.stop()

              def _watchdog(self):
                  loop = asyncio.get_event_loop()
                  loop.call_soon_threadsafe(print, "alive")

              async def run(self):
                  threading.Thread(target=self._reader, daemon=True).start()
                  threading.Thread(target=self._watchdog, daemon=True).start()
                  return await self.reply
        `,
        lines: [10, 11, 14],
        severities: ['warning', 'warning', 'warning'],
      },
      {
        name: 'create_task at import time: error',
        code: py`
          import asyncio

          async def heartbeat():
              await asyncio.sleep(1)

          _beat = asyncio.create_task(heartbeat())
        `,
        lines: [6],
        severities: ['error'],
      },
      {
        name: 'a module-level asyncio.Queue when targeting 3.9',
        code: py`
          import asyncio

          jobs = asyncio.Queue()

          async def worker():
              while True:
                  await jobs.get()
        `,
        target: { python: '3.9' },
        lines: [3],
        severities: ['warning'],
      },
      {
        name: 'legacy main: get_event_loop then run_until_complete (advice on 3.11, warning on 3.14)',
        code: py`
          import asyncio

          def main():
              loop = asyncio.get_event_loop()
              loop.run_until_complete(serve())
        `,
        lines: [4],
        severities: ['info'],
      },
      {
        name: 'legacy main on 3.14: get_event_loop raises without a loop set',
        code: py`
          import asyncio

          def main():
              asyncio.get_event_loop().run_until_complete(serve())
        `,
        target: { python: '3.14' },
        lines: [4],
        severities: ['warning'],
      },
    ],
  },
  'event-loop-misuse: sync code inside the loop, thread hand-over, loops per call',
);
