# target: python 3.10
import asyncio


async def load(session, url: str) -> bytes:
    async def inner() -> bytes:
        async with session.get(url) as resp:
            return await resp.read()

    return await asyncio.wait_for(inner(), timeout=5)


async def load_pair(session, a: str, b: str):
    return await asyncio.gather(load(session, a), load(session, b))
