import asyncio

import asyncpg


class BalanceCache:
    def __init__(self, pool: asyncpg.Pool) -> None:
        self._pool = pool
        self._balances: dict[int, int] = {}

    async def _load(self, account_id: int) -> int:
        row = await self._pool.fetchrow("SELECT balance FROM accounts WHERE id = $1", account_id)
        return row["balance"] if row else 0

    async def credit(self, account_id: int, amount: int) -> int:
        """Called concurrently by the payment webhook handlers."""
        balance = self._balances.get(account_id)
        if balance is None:
            balance = await self._load(account_id)
        await self._pool.execute("INSERT INTO ledger (account_id, amount) VALUES ($1, $2)", account_id, amount)
        self._balances[account_id] = balance + amount  # expect: race-condition
        return self._balances[account_id]

    async def invalidate(self, account_id: int) -> None:
        self._balances.pop(account_id, None)
        await asyncio.sleep(0)
