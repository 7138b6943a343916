import asyncio
import logging

log = logging.getLogger(__name__)

_background: set[asyncio.Task] = set()


def _done(task: asyncio.Task) -> None:
    _background.discard(task)
    if not task.cancelled() and task.exception() is not None:
        log.error("background task failed", exc_info=task.exception())


def fire_and_forget(coro) -> asyncio.Task:
    """Deliberate fire-and-forget: the task is kept alive by a strong
    reference and its exception is logged when it finishes."""
    task = asyncio.create_task(coro)
    _background.add(task)
    task.add_done_callback(_done)
    return task


async def shutdown(timeout: float = 5.0) -> None:
    if not _background:
        return
    done, pending = await asyncio.wait(_background, timeout=timeout)
    for t in pending:
        t.cancel()
    await asyncio.gather(*pending, return_exceptions=True)
