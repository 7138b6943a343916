import asyncio
from urllib.parse import urljoin

import httpx


async def fetch(client: httpx.AsyncClient, url: str) -> str:
    r = await client.get(url)
    return r.text


async def crawl(start: str, links: list[str]) -> dict[str, str]:
    pages = {}
    async with httpx.AsyncClient(timeout=None) as client:  # expect: missing-timeout
        bodies = await asyncio.gather(*(fetch(client, urljoin(start, l)) for l in links))  # expect: unbounded-concurrency
        for link, body in zip(links, bodies):
            pages[link] = body
    return pages
