import asyncio
import random


async def get_with_retry(session, url: str, attempts: int = 4):
    delay = 0.5
    for attempt in range(attempts):
        try:
            async with asyncio.timeout(10):
                async with session.get(url) as resp:
                    resp.raise_for_status()
                    return await resp.json()
        except (OSError, asyncio.TimeoutError):
            if attempt == attempts - 1:
                raise
            await asyncio.sleep(delay + random.random() / 10)
            delay *= 2
