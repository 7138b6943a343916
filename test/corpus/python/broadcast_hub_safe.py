import asyncio
import logging

log = logging.getLogger("hub")


class Hub:
    """Fans chat messages out; iterates over a snapshot so joins and leaves during a send are harmless."""

    def __init__(self) -> None:
        self.clients: dict[str, object] = {}
        self.history: list[str] = []

    def join(self, client_id: str, ws) -> None:
        self.clients[client_id] = ws

    def leave(self, client_id: str) -> None:
        self.clients.pop(client_id, None)

    async def broadcast(self, text: str) -> None:
        self.history.append(text)
        targets = list(self.clients.items())
        results = await asyncio.gather(*(ws.send_str(text) for _, ws in targets), return_exceptions=True)
        for (client_id, _), result in zip(targets, results):
            if isinstance(result, Exception):
                log.info("client %s went away: %r", client_id, result)

    async def replay(self, ws) -> None:
        for line in self.history[-20:]:
            await ws.send_str(line)
