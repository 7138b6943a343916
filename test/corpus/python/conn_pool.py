import asyncio
import logging

import asyncpg

log = logging.getLogger("pool")


class TenantPools:
    """One connection pool per tenant database, created on first use."""

    def __init__(self, dsn_template: str, max_pools: int = 32) -> None:
        self.dsn_template = dsn_template
        self.max_pools = max_pools
        self.pools: dict[str, asyncpg.Pool] = {}
        self.spare: list[asyncpg.Connection] = []

    async def pool_for(self, tenant: str) -> asyncpg.Pool:
        pool = self.pools.get(tenant)
        if pool is None:
            pool = await asyncpg.create_pool(self.dsn_template.format(tenant=tenant), max_size=5)
            self.pools[tenant] = pool  # expect: race-condition
            log.info("pool for %s ready", tenant)
        return pool

    async def keep_spare(self) -> None:
        if len(self.spare) < 2:
            conn = await asyncpg.connect(self.dsn_template.format(tenant="spare"), timeout=10)
            self.spare.append(conn)  # expect: race-condition
