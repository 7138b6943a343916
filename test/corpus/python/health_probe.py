import asyncio

import aiohttp


async def _probe(url: str) -> int:
    async with aiohttp.ClientSession(timeout=aiohttp.ClientTimeout(total=5)) as session:
        async with session.get(url) as resp:
            return resp.status


def check_health(url: str) -> bool:
    loop = asyncio.new_event_loop()  # expect: event-loop-misuse
    status = loop.run_until_complete(_probe(url))
    return status == 200


def check_health_closed(url: str) -> bool:
    loop = asyncio.new_event_loop()
    try:
        return loop.run_until_complete(_probe(url)) == 200
    finally:
        loop.close()


def check_health_run(url: str) -> bool:
    return asyncio.run(_probe(url)) == 200
