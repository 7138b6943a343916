# target: python 3.11
import asyncio

import aiohttp

MAX_CONCURRENCY = 10


async def fetch_status(session: aiohttp.ClientSession, sem: asyncio.Semaphore, url: str) -> tuple[str, int]:
    async with sem:
        async with session.head(url, allow_redirects=True) as resp:
            return url, resp.status


async def check_links(urls: list[str]) -> dict[str, int]:
    """gather over the whole list, but every request waits on the semaphore
    first, so at most MAX_CONCURRENCY are open; the session has a total
    timeout."""
    sem = asyncio.Semaphore(MAX_CONCURRENCY)
    timeout = aiohttp.ClientTimeout(total=20)
    async with aiohttp.ClientSession(timeout=timeout) as session:
        results = await asyncio.gather(*(fetch_status(session, sem, u) for u in urls), return_exceptions=True)
    statuses: dict[str, int] = {}
    for url, res in zip(urls, results):
        if isinstance(res, BaseException):
            statuses[url] = -1
        else:
            statuses[url] = res[1]
    return statuses
