import { py, pyRuleTable } from '../helpers.js';

pyRuleTable('await-in-loop', {
  valid: [
    {
      name: 'pagination with a cursor',
      code: py`
        async def all_items(client):
            items, cursor = [], None
            while True:
                page = await client.list(cursor=cursor)
                items.extend(page.items)
                cursor = page.next
                if not cursor:
                    return items
      `,
    },
    {
      name: 'for loop carrying a token between iterations',
      code: py`
        async def walk(client, pages):
            token = None
            for _ in pages:
                resp = await client.fetch(token)
                token = resp.next_token
      `,
    },
    {
      name: 'retry loop with backoff and early return',
      code: py`
        import asyncio

        async def get_with_retry(session, url):
            for attempt in range(5):
                try:
                    return await session.get(url)
                except OSError:
                    await asyncio.sleep(2 ** attempt)
      `,
    },
    {
      name: 'rate-limited loop',
      code: py`
        import asyncio

        async def notify_all(users):
            for user in users:
                await send_sms(user)
                await asyncio.sleep(0.2)
      `,
    },
    {
      name: 'async for and writes to a stream',
      code: py`
        async def relay(reader, writer, lines):
            async for chunk in reader:
                await handle(chunk)
            for line in lines:
                writer.write(line)
                await writer.drain()
      `,
    },
    {
      name: 'awaiting tasks already running',
      code: py`
        import asyncio

        async def main(urls):
            tasks = [asyncio.create_task(fetch(u)) for u in urls[:10]]
            for t in tasks:
                print(await t)
      `,
    },
    {
      name: 'batched inserts stepping through range(0, len(rows), n)',
      code: py`
        async def ingest(repo, rows):
            for start in range(0, len(rows), 500):
                await repo.insert_many(rows[start:start + 500])
      `,
    },
    {
      name: 'async with a pooled connection per row (the pool paces the loop)',
      code: py`
        async def save_rows(pool, rows):
            for row in rows:
                async with pool.acquire() as conn:
                    await conn.execute("INSERT INTO events VALUES ($1, $2)", row.id, row.body)
      `,
    },
    {
      name: 'async with carrying a cursor from one request to the next',
      code: py`
        async def list_all(session, base_url, prefixes):
            cursor = None
            items = []
            for prefix in prefixes:
                async with session.get(base_url, params={"prefix": prefix, "after": cursor}) as resp:
                    page = await resp.json()
                items.extend(page["items"])
                cursor = page["next"]
            return items
      `,
    },
    {
      name: 'async with per mirror, returning on the first success',
      code: py`
        async def download_from_any(session, mirrors):
            for mirror in mirrors:
                async with session.get(mirror) as resp:
                    if resp.status == 200:
                        return await resp.read()
            raise LookupError("no mirror answered")
      `,
    },
    {
      name: 'async for over one stream inside a retry loop',
      code: py`
        async def tail_with_retries(client, topic):
            lines = []
            for attempt in range(3):
                async for line in client.subscribe(topic):
                    lines.append(line)
                if lines:
                    break
            return lines
      `,
    },
    {
      name: 'appending to the same file each turn keeps the lines in order',
      code: py`
        import aiofiles

        async def append_lines(log_path, lines):
            for line in lines:
                async with aiofiles.open(log_path, "a") as f:
                    await f.write(line + "\\n")
      `,
    },
  ],
  invalid: [
    {
      name: 'independent fetches one by one',
      code: py`
        async def fetch_all(session, urls):
            results = []
            for url in urls:
                resp = await session.get(url)
                results.append(await resp.json())
            return results
      `,
      lines: [4],
    },
    {
      name: 'await inside a list comprehension',
      code: py`
        async def load_users(ids):
            return [await get_user(i) for i in ids]
      `,
      lines: [2],
    },
    {
      name: 'accumulating results does not make iterations dependent',
      code: py`
        async def total_size(client, keys):
            total = 0
            for key in keys:
                meta = await client.head_object(Key=key)
                total += meta["ContentLength"]
            return total
      `,
      lines: [4],
    },
    {
      name: 'index loop over range(len(...)) is still one item at a time',
      code: py`
        async def resize_all(images):
            for i in range(len(images)):
                images[i] = await resize(images[i])
      `,
      lines: [3],
    },
    {
      name: 'async with a request per item, iterations independent',
      code: py`
        async def check_links(session, urls):
            statuses = {}
            for url in urls:
                async with session.head(url, allow_redirects=True) as response:
                    statuses[url] = response.status
            return statuses
      `,
      lines: [4],
    },
    {
      name: 'reading this iteration\'s own response does not make the loop ordered',
      code: py`
        async def download_all(session, urls):
            bodies = []
            for url in urls:
                async with session.get(url) as resp:
                    bodies.append(await resp.read())
            return bodies
      `,
      lines: [4],
    },
    {
      name: 'async for over a per-item stream inside a plain for',
      code: py`
        async def scan_shards(client, shards):
            rows = []
            for shard in shards:
                async for row in client.scan(shard):
                    rows.append(row)
            return rows
      `,
      lines: [4],
    },
    {
      name: 'a timeout block per item reports the awaited work, not the timeout',
      code: py`
        import asyncio

        async def probe_all(hosts):
            alive = []
            for host in hosts:
                async with asyncio.timeout(2):
                    ok = await ping(host)
                if ok:
                    alive.append(host)
            return alive
      `,
      lines: [7],
    },
  ],
});

pyRuleTable(
  'await-in-loop',
  {
    valid: [
      {
        name: 'each item is a component driven in turn: hooks, observers, sites',
        code: py`
          async def notify(traces, on_startup, sites, url):
              for trace in traces:
                  await trace.send_request_start(url)
              for handler in on_startup:
                  await handler()
              for site in list(sites):
                  await site.stop()
        `,
      },
      {
        name: 'statements closed one by one on one protocol',
        code: py`
          async def cleanup(self, stmts):
              for stmt in stmts:
                  await self._protocol.close_statement(stmt)
        `,
      },
    ],
    invalid: [
      {
        name: 'a data item handed to one shared operation is still reported',
        code: py`
          async def load(api, ids):
              out = []
              for uid in ids:
                  out.append(await api.user(uid))
              return out
        `,
        lines: [4],
      },
    ],
  },
  'await-in-loop: components vs data items',
);
