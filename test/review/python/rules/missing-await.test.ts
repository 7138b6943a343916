import { py, pyRuleTable } from '../helpers.js';

pyRuleTable('missing-await', {
  valid: [
    {
      name: 'either branch of a conditional expression, awaited as a whole',
      code: py`
        async def probe(op):
            return await op()

        async def call(op, half_open):
            return await (probe(op) if half_open else op())
      `,
    },
    {
      name: 'awaited, gathered, scheduled and passed to asyncio.run',
      code: py`
        import asyncio

        async def fetch(u):
            return u

        async def main(urls):
            first = await fetch(urls[0])
            rest = await asyncio.gather(*(fetch(u) for u in urls[1:]))
            t = asyncio.create_task(fetch("x"))
            await t
            return first, rest

        asyncio.run(main(["a"]))
      `,
    },
    {
      name: 'coroutine stored then awaited under a timeout',
      code: py`
        import asyncio

        async def load():
            return 1

        async def main():
            pending = load()
            return await asyncio.wait_for(pending, 5)
      `,
    },
    {
      name: 'sync method with the same name in another class',
      code: py`
        class A:
            async def close(self):
                pass

        class B:
            def close(self):
                pass
            def shutdown(self):
                self.close()
      `,
    },
    {
      name: 'returning the coroutine to the caller',
      code: py`
        async def fetch(u):
            return u

        def fetch_later(u):
            return fetch(u)
      `,
    },
  ],
  invalid: [
    {
      name: 'a branch of a conditional expression stored, never awaited',
      code: py`
        async def probe(op):
            return await op()

        async def call(op, half_open):
            result = probe(op) if half_open else None
            return result is None
      `,
      lines: [5],
    },
    {
      name: 'local coroutine called as a statement',
      code: py`
        async def save(item):
            ...

        async def handle(item):
            save(item)
            return True
      `,
      lines: [5],
    },
    {
      name: 'self method and asyncio.sleep not awaited',
      code: py`
        import asyncio

        class Poller:
            async def tick(self):
                ...

            async def run(self):
                while True:
                    self.tick()
                    asyncio.sleep(1)
      `,
      lines: [9, 10],
    },
    {
      name: 'coroutine object used as a value',
      code: py`
        async def get_user(uid):
            ...

        async def greet(uid):
            if get_user(uid):
                return "hi"
            name = get_user(uid).name
            return name
      `,
      lines: [5, 7],
    },
    {
      name: 'queue method on an evident asyncio.Queue',
      code: py`
        import asyncio

        async def producer(items):
            q = asyncio.Queue()
            for i in items:
                q.put(i)
            await q.join()
      `,
      lines: [6],
    },
    {
      name: 'stored and never awaited',
      code: py`
        async def compute():
            return 42

        async def main():
            result = compute()
            print(result)
      `,
      lines: [5],
    },
    {
      name: 'coroutine returned from async def without await',
      code: py`
        async def load(key):
            ...

        async def get(key):
            return load(key)
      `,
      lines: [5],
    },
  ],
});

// Only knowing makes a missing await: a declared `async def`, a catalog fact, a documented callback signature.
pyRuleTable(
  'missing-await',
  {
    valid: [
      {
        name: '__await__ delegating to a coroutine object',
        code: py`
          class Connect:
              async def _connect(self):
                  return self

              def __await__(self):
                  return self._connect().__await__()
        `,
      },
      {
        name: 'a method named like a coroutine on a receiver of unknown class',
        code: py`
          class Runner:
              def process_events(self, events):
                  for fd, flags in events:
                      if fd == self._wakeup_fd:
                          self._force_wakeup.drain()
                          continue

          async def flush(writer):
              writer.drain()
        `,
      },
    ],
    invalid: [
      {
        name: 'the writer of an asyncio.start_server callback',
        code: py`
          import asyncio

          async def handle(reader, writer):
              data = await reader.read(100)
              writer.write(data)
              writer.drain()

          async def main():
              server = await asyncio.start_server(handle, "127.0.0.1", 8888)
              async with server:
                  await server.serve_forever()
        `,
        lines: [6],
        severities: ['error'],
      },
      {
        name: 'items of a collection annotated with StreamWriter',
        code: py`
          import asyncio

          peers: list[asyncio.StreamWriter] = []

          async def broadcast(msg: bytes) -> None:
              for w in list(peers):
                  w.write(msg)
                  w.drain()
        `,
        lines: [8],
        severities: ['error'],
      },
    ],
  },
  'missing-await: declared, not guessed',
);
