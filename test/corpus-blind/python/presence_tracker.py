import asyncio
import logging
import time

log = logging.getLogger("presence")


class PresenceTracker:
    def __init__(self, ttl: float = 60.0) -> None:
        self.ttl = ttl
        self.last_seen: dict[str, float] = {}
        self._sweeper: asyncio.Task | None = None

    def start(self) -> None:
        self._sweeper = asyncio.create_task(self._sweep_forever(), name="presence-sweeper")

    async def stop(self) -> None:
        if self._sweeper is None:
            return
        self._sweeper.cancel()
        try:
            await self._sweeper
        except asyncio.CancelledError:
            if asyncio.current_task().cancelling():
                raise
        self._sweeper = None

    def heartbeat(self, user: str) -> None:
        self.last_seen[user] = time.monotonic()

    async def _sweep_forever(self) -> None:
        while True:
            await asyncio.sleep(self.ttl / 2)
            cutoff = time.monotonic() - self.ttl
            gone = [u for u, t in self.last_seen.items() if t < cutoff]
            for user in gone:
                del self.last_seen[user]
            if gone:
                log.info("%d users went offline", len(gone))

    def online(self) -> list[str]:
        return sorted(self.last_seen)
