# target: python 3.10
import asyncio
from asyncio import timeout  # expect: too-new-api


async def ping(host: str) -> float:
    loop = asyncio.get_running_loop()
    start = loop.time()
    async with timeout(2):
        reader, writer = await asyncio.open_connection(host, 80)
    writer.close()
    await writer.wait_closed()
    return loop.time() - start
