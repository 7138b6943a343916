import asyncio
import logging

import redis.asyncio as redis

log = logging.getLogger(__name__)


class QuotaTracker:
    def __init__(self, client: redis.Redis, limit: int) -> None:
        self.client = client
        self.limit = limit
        self.used = 0
        self._lock = asyncio.Lock()

    async def consume(self, tenant: str, units: int) -> bool:
        async with self._lock:
            if self.used + units > self.limit:
                return False
            await self.client.incrby(f"quota:{tenant}", units)
            self.used = self.used + units
            return True

    async def sync_from_store(self, tenant: str) -> int:
        raw = await self.client.get(f"quota:{tenant}")
        async with self._lock:
            self.used = int(raw or 0)
        return self.used

    async def release(self, tenant: str, units: int) -> None:
        await self.client.decrby(f"quota:{tenant}", units)
        async with self._lock:
            self.used = max(0, self.used - units)


async def main() -> None:
    tracker = QuotaTracker(redis.from_url("redis://localhost", socket_timeout=2), limit=1000)
    ok = await asyncio.gather(tracker.consume("acme", 10), tracker.consume("acme", 20))
    log.info("consumed: %s", ok)


if __name__ == "__main__":
    asyncio.run(main())
