import asyncio
import logging
from typing import Coroutine

log = logging.getLogger("jobs")


class BackgroundJobs:
    """Fire-and-forget with a strong reference to every task until it finishes."""

    def __init__(self) -> None:
        self._tasks: set[asyncio.Task] = set()

    def spawn(self, coro: Coroutine, name: str) -> asyncio.Task:
        task = asyncio.create_task(coro, name=name)
        self._tasks.add(task)
        task.add_done_callback(self._finished)
        return task

    def _finished(self, task: asyncio.Task) -> None:
        self._tasks.discard(task)
        if task.cancelled():
            return
        exc = task.exception()
        if exc is not None:
            log.error("background job %s failed", task.get_name(), exc_info=exc)

    async def shutdown(self, grace: float = 5.0) -> None:
        if not self._tasks:
            return
        done, pending = await asyncio.wait(self._tasks, timeout=grace)
        for task in pending:
            task.cancel()
        if pending:
            await asyncio.wait(pending)
        log.info("%d jobs finished, %d cancelled", len(done), len(pending))


jobs = BackgroundJobs()


async def send_receipt(order_id: int) -> None:
    await asyncio.sleep(0.1)
    log.info("receipt sent for %s", order_id)


async def checkout(order_id: int) -> dict:
    jobs.spawn(send_receipt(order_id), name=f"receipt-{order_id}")
    return {"order": order_id, "status": "paid"}
