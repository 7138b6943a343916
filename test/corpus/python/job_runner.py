import asyncio
import logging

log = logging.getLogger("jobs")


async def run_job(job) -> str:
    await asyncio.sleep(job.delay)
    return job.name


def _report(result: str) -> None:
    log.info("job %s finished", result)


def on_job_done(task: asyncio.Task) -> None:
    summary = asyncio.run(summarise(task.result()))  # expect: event-loop-misuse
    _report(summary)


async def summarise(name: str) -> str:
    await asyncio.sleep(0)
    return f"{name}: ok"


async def schedule(jobs) -> set[asyncio.Task]:
    running: set[asyncio.Task] = set()
    for job in jobs:
        task = asyncio.create_task(run_job(job))  # expect: unbounded-concurrency
        running.add(task)
        task.add_done_callback(on_job_done)
        task.add_done_callback(running.discard)
    return running


def main(jobs) -> None:
    loop = asyncio.get_event_loop()  # expect: event-loop-misuse
    loop.run_until_complete(schedule(jobs))
