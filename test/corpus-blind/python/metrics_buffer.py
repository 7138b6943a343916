import asyncio
import logging
import time

import aiohttp

log = logging.getLogger(__name__)


class MetricsBuffer:
    def __init__(self, endpoint: str, flush_every: float = 10.0) -> None:
        self.endpoint = endpoint
        self.flush_every = flush_every
        self.points: list[dict] = []
        self._session: aiohttp.ClientSession | None = None

    async def start(self) -> None:
        self._session = aiohttp.ClientSession(timeout=aiohttp.ClientTimeout(total=5))

    def record(self, name: str, value: float) -> None:
        self.points.append({"name": name, "value": value, "ts": time.time()})
        if len(self.points) >= 1000:
            self.flush()  # expect: missing-await

    async def flush(self) -> None:
        if not self.points or self._session is None:
            return
        batch, self.points = self.points, []
        async with self._session.post(self.endpoint, json=batch) as response:
            if response.status >= 400:
                log.warning("metrics rejected: HTTP %s", response.status)

    async def run(self) -> None:
        while True:
            asyncio.sleep(self.flush_every)  # expect: missing-await
            await self.flush()

    async def stop(self) -> None:
        await self.flush()
        if self._session is not None:
            await self._session.close()
