import asyncio
import logging

log = logging.getLogger("hb")


class Heartbeat:
    def __init__(self, client, interval: float = 5.0) -> None:
        self.client = client
        self.interval = interval
        self.beats = 0

    async def run(self) -> None:
        try:
            while True:
                try:
                    await self.client.ping()
                    self.beats += 1
                except Exception:
                    log.exception("ping failed")
                await asyncio.sleep(self.interval)
        except asyncio.CancelledError:
            log.info("heartbeat stopping")
            raise
