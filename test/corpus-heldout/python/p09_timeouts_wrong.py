# target: python 3.11
import asyncio
import time

import aiohttp


async def fetch_json(session: aiohttp.ClientSession, url: str) -> dict:
    with asyncio.timeout(5):  # expect: timeout-misuse
        async with session.get(url) as resp:
            return await resp.json()


async def fetch_before_deadline(session: aiohttp.ClientSession, url: str) -> dict:
    async with asyncio.timeout_at(10):  # expect: timeout-misuse
        async with session.get(url) as resp:
            return await resp.json()


async def fastest_mirror(session: aiohttp.ClientSession, mirrors: list[str]) -> dict:
    tasks = [asyncio.create_task(fetch_json(session, m)) for m in mirrors[:5]]
    done, pending = await asyncio.wait(tasks, return_when=asyncio.FIRST_COMPLETED, timeout=3)  # expect: timeout-misuse
    if not done:
        raise TimeoutError("no mirror answered")
    return done.pop().result()


def now_ms() -> int:
    return int(time.monotonic() * 1000)
