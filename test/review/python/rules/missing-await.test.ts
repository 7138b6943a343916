import { py, pyRuleTable } from '../helpers.js';

pyRuleTable('missing-await', {
  valid: [
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
