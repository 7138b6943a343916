import asyncio

import aiohttp


async def download(url: str, dest: str) -> int:
    size = 0
    async with aiohttp.ClientSession() as session:  # expect: missing-timeout
        async with session.get(url) as resp:
            with open(dest, "wb") as f:  # expect: blocking-call-in-async
                async for chunk in resp.content.iter_chunked(64 * 1024):
                    f.write(chunk)
                    size += len(chunk)
    return size
