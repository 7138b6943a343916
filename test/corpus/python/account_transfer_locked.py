import asyncio
from dataclasses import dataclass, field


@dataclass
class Account:
    id: str
    balance: int
    lock: asyncio.Lock = field(default_factory=asyncio.Lock)


class InsufficientFunds(Exception):
    pass


async def transfer(source: Account, target: Account, amount: int, ledger) -> None:
    async with source.lock:
        if source.balance < amount:
            raise InsufficientFunds(source.id)
        await ledger.record(source.id, target.id, amount)
        source.balance -= amount
    async with target.lock:
        target.balance += amount
