import asyncio
import logging

import asyncpg

log = logging.getLogger("pool")


class TenantPools:
    """One pool per tenant; creation is serialised per instance, and the spare list is refilled under the same lock."""

    def __init__(self, dsn_template: str) -> None:
        self.dsn_template = dsn_template
        self.pools: dict[str, asyncpg.Pool] = {}
        self.spare: list[asyncpg.Connection] = []
        self._lock = asyncio.Lock()

    async def pool_for(self, tenant: str) -> asyncpg.Pool:
        pool = self.pools.get(tenant)
        if pool is not None:
            return pool
        async with self._lock:
            pool = self.pools.get(tenant)
            if pool is None:
                pool = await asyncpg.create_pool(self.dsn_template.format(tenant=tenant), max_size=5)
                self.pools[tenant] = pool
        return pool

    async def keep_spare(self) -> None:
        async with self._lock:
            if len(self.spare) < 2:
                conn = await asyncpg.connect(self.dsn_template.format(tenant="spare"), timeout=10)
                self.spare.append(conn)

    async def read_chunks(self, stream, limit: int) -> bytes:
        chunks: list[bytes] = []
        while sum(len(c) for c in chunks) < limit:
            chunk = await stream.read(4096)
            if not chunk:
                break
            chunks.append(chunk)
        return b"".join(chunks)
