# target: python 3.9
import asyncio
import logging

log = logging.getLogger("worker")

jobs: asyncio.Queue = asyncio.Queue(maxsize=100)  # expect: event-loop-misuse
stop = asyncio.Event()  # expect: event-loop-misuse


async def worker() -> None:
    while not stop.is_set():
        job = await jobs.get()
        try:
            await job.run()
        finally:
            jobs.task_done()
