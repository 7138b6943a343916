import asyncio
import logging

log = logging.getLogger(__name__)


async def consume(queue: asyncio.Queue, handle) -> None:
    while True:
        try:
            item = await asyncio.wait_for(queue.get(), timeout=5)
        except TimeoutError:
            log.debug("idle")
            continue
        try:
            await handle(item)
        finally:
            queue.task_done()
