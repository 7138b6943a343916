import asyncio
import logging

log = logging.getLogger(__name__)


async def worker(name: str, queue: asyncio.Queue) -> None:
    while True:
        job = await queue.get()
        try:
            await job.run()
        except Exception:
            log.exception("%s: job %s failed", name, job.id)
        finally:
            queue.task_done()


async def run_jobs(jobs: list, workers: int = 4) -> None:
    queue: asyncio.Queue = asyncio.Queue(maxsize=100)
    tasks = [asyncio.create_task(worker(f"w{i}", queue)) for i in range(workers)]
    for job in jobs:
        await queue.put(job)
    await queue.join()
    for t in tasks:
        t.cancel()
    await asyncio.gather(*tasks, return_exceptions=True)
