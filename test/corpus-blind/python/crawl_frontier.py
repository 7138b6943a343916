import asyncio
import logging
from urllib.parse import urljoin

import httpx

log = logging.getLogger("frontier")


class Frontier:
    def __init__(self, seeds: list[str], max_pages: int = 200) -> None:
        self.queue: asyncio.Queue[str] = asyncio.Queue()
        self.seen: set[str] = set(seeds)
        self.max_pages = max_pages
        for seed in seeds:
            self.queue.put_nowait(seed)

    async def next_url(self) -> str | None:
        try:
            return await self.queue.get(timeout=5)  # expect: hallucinated-api
        except asyncio.TimeoutError:
            return None

    def add(self, base: str, links: list[str]) -> None:
        for link in links:
            url = urljoin(base, link)
            if url not in self.seen and len(self.seen) < self.max_pages:
                self.seen.add(url)
                self.queue.put_nowait(url)


async def fetch_links(client: httpx.AsyncClient, url: str) -> list[str]:
    response = await client.get(url)
    return [part.split('"')[0] for part in response.text.split('href="')[1:]]


async def crawl(seeds: list[str]) -> int:
    frontier = Frontier(seeds)
    async with httpx.AsyncClient(timeout=10.0, follow_redirects=True) as client:
        batch = [u for u in seeds]
        pages = await asyncio.gather_with_limit(4, *(fetch_links(client, u) for u in batch))  # expect: hallucinated-api
        for url, links in zip(batch, pages):
            frontier.add(url, links)
    return len(frontier.seen)
