import asyncio

import asyncpg

_pool: asyncpg.Pool | None = None


async def get_pool(dsn: str) -> asyncpg.Pool:
    global _pool
    if _pool is None:
        _pool = await asyncpg.create_pool(dsn, min_size=1, max_size=10)  # expect: race-condition
    return _pool


class Repository:
    def __init__(self, dsn: str) -> None:
        self.dsn = dsn

    async def connection(self) -> asyncpg.Connection:
        if not hasattr(self, "_conn"):
            self._conn = await asyncpg.connect(self.dsn, timeout=10)  # expect: race-condition
        return self._conn

    async def user(self, user_id: int) -> asyncpg.Record | None:
        conn = await self.connection()
        return await conn.fetchrow("SELECT * FROM users WHERE id = $1", user_id, timeout=5)
