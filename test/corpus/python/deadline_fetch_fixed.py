import asyncio


async def fetch_json(session, url: str, seconds: float = 5.0):
    async with asyncio.timeout(seconds):
        async with session.get(url) as resp:
            return await resp.json()


async def fetch_before(session, url: str, timeout: float):
    loop = asyncio.get_running_loop()
    async with asyncio.timeout_at(loop.time() + timeout):
        async with session.get(url) as resp:
            return await resp.text()
