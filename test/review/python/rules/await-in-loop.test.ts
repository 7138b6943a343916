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
  ],
});
