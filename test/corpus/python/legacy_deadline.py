# target: python 3.10
import asyncio


async def load(session, url: str) -> bytes:
    async with asyncio.timeout(5):  # expect: too-new-api
        async with session.get(url) as resp:
            return await resp.read()


async def load_pair(session, a: str, b: str):
    async with asyncio.TaskGroup() as tg:  # expect: too-new-api
        ta = tg.create_task(load(session, a))
        tb = tg.create_task(load(session, b))
    return ta.result(), tb.result()
