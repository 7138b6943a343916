import asyncio
import logging

import aiohttp

log = logging.getLogger(__name__)
TIMEOUT = aiohttp.ClientTimeout(total=15)


async def deliver(session: aiohttp.ClientSession, sem: asyncio.Semaphore, url: str, body: dict) -> int:
    async with sem:
        async with session.post(url, json=body) as resp:
            return resp.status


async def fan_out(subscribers: list[str], body: dict) -> None:
    sem = asyncio.Semaphore(20)
    async with aiohttp.ClientSession(timeout=TIMEOUT) as session:
        statuses = await asyncio.gather(*(deliver(session, sem, u, body) for u in subscribers), return_exceptions=True)
        for url, st in zip(subscribers, statuses):
            if isinstance(st, Exception):
                log.warning("delivery to %s failed: %r", url, st)
