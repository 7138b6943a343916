import asyncio
import logging

import aiohttp

log = logging.getLogger(__name__)


async def deliver(session: aiohttp.ClientSession, url: str, body: dict) -> int:
    async with session.post(url, json=body) as resp:
        return resp.status


async def fan_out(subscribers: list[str], body: dict) -> None:
    async with aiohttp.ClientSession() as session:  # expect: missing-timeout
        tasks = []
        for url in subscribers:
            tasks.append(asyncio.create_task(deliver(session, url, body)))  # expect: unbounded-concurrency
        statuses = await asyncio.gather(*tasks, return_exceptions=True)
        for url, st in zip(subscribers, statuses):
            if isinstance(st, Exception):
                log.warning("delivery to %s failed: %r", url, st)
