import asyncio


async def fetch_json(session, url: str, seconds: float = 5.0):
    with asyncio.timeout(seconds):  # expect: timeout-misuse
        async with session.get(url) as resp:
            return await resp.json()


async def fetch_before(session, url: str, timeout: float):
    async with asyncio.timeout_at(timeout):  # expect: timeout-misuse
        async with session.get(url) as resp:
            return await resp.text()
