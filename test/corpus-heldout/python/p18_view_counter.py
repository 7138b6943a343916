import asyncio

import redis.asyncio as redis


class ViewCounter:
    def __init__(self, r: redis.Redis) -> None:
        self._r = r
        self._local: dict[str, int] = {}

    async def hit(self, page: str) -> int:
        """Called from every request handler."""
        current = self._local.get(page, 0)
        await self._r.hincrby("views", page, 1)
        self._local[page] = current + 1  # expect: race-condition
        return self._local[page]

    async def totals(self, pages: list[str]) -> dict[str, int]:
        out = {}
        for page in pages:
            out[page] = int(await self._r.hget("views", page) or 0)  # expect: await-in-loop
        return out
