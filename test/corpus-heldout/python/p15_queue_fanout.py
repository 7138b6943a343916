import asyncio
import logging

import aiohttp

log = logging.getLogger(__name__)


async def deliver(session: aiohttp.ClientSession, url: str, event: dict) -> None:
    async with session.post(url, json=event) as resp:
        resp.raise_for_status()


async def fan_out(event: dict, subscribers: list[str]) -> None:
    timeout = aiohttp.ClientTimeout(total=10)
    async with aiohttp.ClientSession(timeout=timeout) as session:
        results = await asyncio.gather(*(deliver(session, u, event) for u in subscribers), limit=20)  # expect: hallucinated-api
    failed = [u for u, r in zip(subscribers, results) if isinstance(r, Exception)]
    log.info("delivered to %d, failed %d", len(subscribers) - len(failed), len(failed))


async def drain(queue: asyncio.Queue) -> list:
    items = []
    while True:
        try:
            items.append(await queue.get(timeout=0.5))  # expect: hallucinated-api
        except asyncio.TimeoutError:
            return items
