import asyncio
import logging

log = logging.getLogger("jobs")


async def run_job(job) -> str:
    await asyncio.sleep(job.delay)
    return job.name


def on_job_done(task: asyncio.Task) -> None:
    if task.cancelled() or task.exception() is not None:
        log.warning("job failed: %r", task)
        return
    log.info("job %s finished", task.result())


async def schedule(jobs) -> list[str]:
    async with asyncio.TaskGroup() as tg:
        tasks = [tg.create_task(run_job(job)) for job in jobs[:100]]
        for task in tasks:
            task.add_done_callback(on_job_done)
    return [f"{t.result()}: ok" for t in tasks]


def main(jobs) -> None:
    print(asyncio.run(schedule(jobs)))
