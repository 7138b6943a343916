import asyncio

import asyncpg


class Repository:
    """Opens the pool once: the first caller starts the connect task, every caller awaits that same task."""

    def __init__(self, dsn: str) -> None:
        self.dsn = dsn
        self._pool: asyncpg.Pool | None = None
        self._connecting: asyncio.Task | None = None
        self._lock = asyncio.Lock()

    async def pool(self) -> asyncpg.Pool:
        if self._connecting is None:
            self._connecting = asyncio.ensure_future(asyncpg.create_pool(self.dsn, min_size=1, max_size=10))
        return await self._connecting

    async def pool_locked(self) -> asyncpg.Pool:
        if self._pool is None:
            async with self._lock:
                if self._pool is None:
                    self._pool = await asyncpg.create_pool(self.dsn, min_size=1, max_size=10)
        return self._pool

    async def user(self, user_id: int) -> asyncpg.Record | None:
        pool = await self.pool()
        return await pool.fetchrow("SELECT * FROM users WHERE id = $1", user_id, timeout=5)
