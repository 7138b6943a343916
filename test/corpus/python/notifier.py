import asyncio
import logging

log = logging.getLogger(__name__)


class Notifier:
    def __init__(self, transport) -> None:
        self.transport = transport
        self.loop = asyncio.get_running_loop()

    async def _send(self, user_id: str, text: str) -> None:
        await self.transport.send(user_id, text)

    def notify(self, user_id: str, text: str) -> None:
        self.loop.create_task(self._send(user_id, text))  # expect: dangling-task

    async def notify_many(self, user_ids: list[str], text: str) -> None:
        for uid in user_ids[:50]:
            self.notify(uid, text)
