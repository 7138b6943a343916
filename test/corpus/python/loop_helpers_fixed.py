import asyncio
import functools
from concurrent.futures import ThreadPoolExecutor

_pool = ThreadPoolExecutor(max_workers=4)


async def run_blocking(fn, *args, **kwargs):
    loop = asyncio.get_running_loop()
    return await loop.run_in_executor(_pool, functools.partial(fn, *args, **kwargs))


async def handle(job):
    return await job.execute()


def main() -> None:
    asyncio.run(handle(None))


if __name__ == "__main__":
    main()
