import asyncio
import logging

log = logging.getLogger("hb")


class Heartbeat:
    def __init__(self, client, interval: float = 5.0) -> None:
        self.client = client
        self.interval = interval
        self.beats = 0

    async def run(self) -> None:
        while True:
            try:
                await self.client.ping()
                self.beats += 1
                await asyncio.sleep(self.interval)
            except asyncio.CancelledError:  # expect: swallowed-cancellation
                log.info("heartbeat stopping")
                break
            except Exception:
                log.exception("ping failed")
