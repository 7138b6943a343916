import asyncio
import logging
import time

import aiohttp

log = logging.getLogger(__name__)


async def get_json(session: aiohttp.ClientSession, url: str) -> dict:
    async with session.get(url) as response:
        response.raise_for_status()
        return await response.json()


async def dashboard(base: str, user_id: int) -> dict:
    timeout = aiohttp.ClientTimeout(total=10, connect=3)
    async with aiohttp.ClientSession(base_url=base, timeout=timeout) as session:
        async with asyncio.timeout(4):
            profile, orders = await asyncio.gather(
                get_json(session, f"/users/{user_id}"),
                get_json(session, f"/users/{user_id}/orders"),
            )
        try:
            deadline = asyncio.get_running_loop().time() + 1.5
            async with asyncio.timeout_at(deadline):
                recs = await get_json(session, f"/recommendations/{user_id}")
        except TimeoutError:
            log.info("recommendations too slow for user %s, skipping", user_id)
            recs = {"items": []}
    return {"profile": profile, "orders": orders, "recommendations": recs["items"]}


async def timed(coro_factory, label: str):
    started = time.perf_counter()
    try:
        return await asyncio.wait_for(coro_factory(), timeout=5)
    finally:
        log.debug("%s took %.3fs", label, time.perf_counter() - started)
