import asyncio
import logging

log = logging.getLogger("hub")


class Hub:
    """Fans chat messages out to every connected websocket."""

    def __init__(self) -> None:
        self.clients: dict[str, object] = {}
        self.watchers: set[asyncio.Queue] = set()

    def join(self, client_id: str, ws) -> None:
        self.clients[client_id] = ws

    def leave(self, client_id: str) -> None:
        self.clients.pop(client_id, None)

    def watch(self) -> asyncio.Queue:
        q: asyncio.Queue = asyncio.Queue(maxsize=100)
        self.watchers.add(q)
        return q

    def unwatch(self, q: asyncio.Queue) -> None:
        self.watchers.discard(q)

    async def broadcast(self, text: str) -> None:
        for client_id, ws in self.clients.items():  # expect: race-condition
            try:
                await ws.send_str(text)
            except ConnectionError:
                log.info("client %s went away", client_id)

    async def notify(self, event: dict) -> None:
        for q in self.watchers:  # expect: race-condition
            await q.put(event)
