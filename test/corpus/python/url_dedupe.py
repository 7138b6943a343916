import asyncio
import logging

import httpx

log = logging.getLogger("crawler")


class SiteCrawler:
    def __init__(self, client: httpx.AsyncClient, limit: int = 8) -> None:
        self.client = client
        self.seen: set[str] = set()
        self.pages: dict[str, str] = {}
        self.sem = asyncio.Semaphore(limit)

    async def visit(self, url: str) -> None:
        if url in self.seen:
            return
        async with self.sem:
            resp = await self.client.get(url, timeout=10.0)
        self.seen.add(url)  # expect: race-condition
        self.pages[url] = resp.text
        log.info("fetched %s (%d bytes)", url, len(resp.text))

    async def crawl(self, urls: list[str]) -> dict[str, str]:
        async with asyncio.TaskGroup() as tg:
            for url in urls[:50]:
                tg.create_task(self.visit(url))
        return self.pages
