import asyncio
import logging
from collections import defaultdict

log = logging.getLogger(__name__)


class EventBus:
    def __init__(self) -> None:
        self._handlers = defaultdict(list)
        self._tasks: set[asyncio.Task] = set()

    def subscribe(self, topic: str, handler) -> None:
        self._handlers[topic].append(handler)

    async def publish(self, topic: str, payload: dict) -> None:
        for handler in self._handlers[topic]:
            task = asyncio.create_task(self._run(handler, payload))
            self._tasks.add(task)
            task.add_done_callback(self._tasks.discard)

    async def _run(self, handler, payload: dict) -> None:
        try:
            await handler(payload)
        except Exception:
            log.exception("handler %r failed", handler)
