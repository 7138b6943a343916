import asyncio


class Wallet:
    def __init__(self, ledger) -> None:
        self.ledger = ledger
        self.balance = 0
        self._lock = asyncio.Lock()

    async def deposit(self, amount: int) -> int:
        async with self._lock:
            current = self.balance
            await self.ledger.append("deposit", amount)
            self.balance = current + amount
            return self.balance
