import asyncio
import logging

import asyncpg

log = logging.getLogger(__name__)

requests_total = 0


class UsageMeter:
    def __init__(self, pool: asyncpg.Pool) -> None:
        self.pool = pool
        self.pending_units = 0
        self.flushed_units = 0

    async def record(self, tenant: str, units: int) -> None:
        global requests_total
        before = requests_total
        await self.pool.execute("INSERT INTO usage_events (tenant, units) VALUES ($1, $2)", tenant, units)
        requests_total = before + 1  # expect: race-condition
        self.pending_units += units

    async def flush(self) -> int:
        units = self.pending_units
        if units == 0:
            return 0
        await self.pool.execute("UPDATE usage_totals SET units = units + $1", units)
        self.pending_units = self.pending_units - units
        self.flushed_units = self.flushed_units + units
        return units

    async def reset_if_over(self, limit: int) -> bool:
        over = self.flushed_units > limit
        if over:
            await self.pool.execute("INSERT INTO usage_resets (at) VALUES (now())")
            count = self.flushed_units
            await self.pool.execute("UPDATE usage_totals SET units = 0")
            self.flushed_units = count - limit  # expect: race-condition
        return over
