import asyncio
import logging

import aiohttp

log = logging.getLogger(__name__)


async def fetch(session: aiohttp.ClientSession, url: str) -> str | None:
    try:
        async with session.get(url) as resp:
            resp.raise_for_status()
            return await resp.text()
    except Exception:  # expect: swallowed-error
        return None


async def build_sitemap(base: str, sections: list[str], pages: list[str]) -> list[str]:
    timeout = aiohttp.ClientTimeout(total=15)
    async with aiohttp.ClientSession(timeout=timeout) as session:
        index_pages = []
        for section in sections:
            index_pages.append(await fetch(session, f"{base}/{section}/"))  # expect: await-in-loop
        bodies = await asyncio.gather(*(fetch(session, f"{base}{p}") for p in pages))  # expect: unbounded-concurrency
    return [p for p, b in zip(pages, bodies) if b is not None] + [s for s, b in zip(sections, index_pages) if b]
