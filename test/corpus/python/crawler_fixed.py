import asyncio
from urllib.parse import urljoin

import httpx

CONCURRENCY = 10


async def crawl(start: str, links: list[str]) -> dict[str, str]:
    pages: dict[str, str] = {}
    queue: asyncio.Queue[str] = asyncio.Queue()
    for link in links:
        queue.put_nowait(link)

    async def worker(client: httpx.AsyncClient) -> None:
        while not queue.empty():
            link = queue.get_nowait()
            r = await client.get(urljoin(start, link))
            pages[link] = r.text

    async with httpx.AsyncClient(timeout=httpx.Timeout(10.0)) as client:
        async with asyncio.TaskGroup() as tg:
            for _ in range(CONCURRENCY):
                tg.create_task(worker(client))
    return pages
