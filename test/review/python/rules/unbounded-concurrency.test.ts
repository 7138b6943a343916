import { py, pyRuleTable } from '../helpers.js';

pyRuleTable('unbounded-concurrency', {
  valid: [
    {
      name: 'semaphore-bounded gather',
      code: py`
        import asyncio

        async def fetch_all(session, urls):
            sem = asyncio.Semaphore(10)

            async def one(url):
                async with sem:
                    return await session.get(url)

            return await asyncio.gather(*(one(u) for u in urls))
      `,
    },
    {
      name: 'gather over a literal pair',
      code: py`
        import asyncio

        async def dashboard(uid):
            profile, orders = await asyncio.gather(get_profile(uid), get_orders(uid))
            return profile, orders
      `,
    },
    {
      name: 'fixed worker pool',
      code: py`
        import asyncio

        async def run(q, n_workers=8):
            workers = [asyncio.create_task(worker(q)) for _ in range(n_workers)]
            await q.join()
            for w in workers:
                w.cancel()
            await asyncio.gather(*workers, return_exceptions=True)
      `,
    },
    {
      name: 'batched fan-out',
      code: py`
        import asyncio

        async def sync_all(ids):
            for i in range(0, len(ids), 50):
                batch = ids[i:i + 50]
                await asyncio.gather(*(sync_one(x) for x in batch))
      `,
    },
    {
      name: 'gather over a module-level literal table',
      code: py`
        import asyncio

        REGIONS = ["eu-west-1", "us-east-1", "ap-south-1"]

        async def health():
            return await asyncio.gather(*(ping(r) for r in REGIONS))
      `,
    },
  ],
  invalid: [
    {
      name: 'gather over a comprehension of data',
      code: py`
        import asyncio

        async def fetch_all(session, urls):
            return await asyncio.gather(*[session.get(u) for u in urls])
      `,
      lines: [4],
    },
    {
      name: 'create_task per row in a loop',
      code: py`
        import asyncio

        async def process(rows):
            tasks = []
            for row in rows:
                tasks.append(asyncio.create_task(handle(row)))
            await asyncio.gather(*tasks)
      `,
      lines: [6],
    },
    {
      name: 'TaskGroup spawning one task per record',
      code: py`
        import asyncio

        async def import_all(records):
            async with asyncio.TaskGroup() as tg:
                for rec in records:
                    tg.create_task(save(rec))
      `,
      lines: [6],
    },
    {
      name: 'coroutines collected by name then gathered',
      code: py`
        import asyncio

        async def ping_hosts(hosts):
            coros = [ping(h) for h in hosts]
            return await asyncio.gather(*coros)
      `,
      lines: [5],
    },
  ],
});

pyRuleTable(
  'unbounded-concurrency',
  {
    valid: [
      {
        name: 'shutting down live connections and joining their tasks',
        code: py`
          import asyncio

          class Server:
              async def shutdown(self):
                  await asyncio.gather(*[conn.shutdown(5) for conn in self._connections])
                  await asyncio.wait([ws.handler_task for ws in self.websockets])
                  for ws in self.websockets:
                      asyncio.create_task(ws.close(1001))
        `,
      },
    ],
    invalid: [
      {
        name: 'one request per data item, unbounded',
        code: py`
          import asyncio

          async def fetch_all(client, urls):
              return await asyncio.gather(*[client.get(u) for u in urls])
        `,
        lines: [4],
      },
    ],
  },
  'unbounded-concurrency: live objects vs data',
);
