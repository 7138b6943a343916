# target: python 3.9
import asyncio
import logging

log = logging.getLogger("worker")


async def worker(jobs: asyncio.Queue, stop: asyncio.Event) -> None:
    while not stop.is_set():
        job = await jobs.get()
        try:
            await job.run()
        finally:
            jobs.task_done()


async def main() -> None:
    jobs: asyncio.Queue = asyncio.Queue(maxsize=100)
    stop = asyncio.Event()
    workers = [asyncio.create_task(worker(jobs, stop)) for _ in range(4)]
    await jobs.join()
    stop.set()
    for w in workers:
        w.cancel()
    await asyncio.gather(*workers, return_exceptions=True)


if __name__ == "__main__":
    asyncio.run(main())
