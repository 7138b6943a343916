import asyncio
from concurrent.futures import ThreadPoolExecutor

_pool = ThreadPoolExecutor(max_workers=4)
loop = asyncio.get_event_loop()  # expect: event-loop-misuse


async def run_blocking(fn, *args):
    ev_loop = asyncio.get_event_loop()  # expect: event-loop-misuse
    return await ev_loop.run_in_executor(_pool, fn, *args)


async def handle(job):
    result = asyncio.run(job.execute())  # expect: event-loop-misuse
    return result
