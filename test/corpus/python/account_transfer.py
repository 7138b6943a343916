from dataclasses import dataclass


@dataclass
class Account:
    id: str
    balance: int


class InsufficientFunds(Exception):
    pass


async def transfer(source: Account, target: Account, amount: int, ledger) -> None:
    if source.balance < amount:
        raise InsufficientFunds(source.id)
    await ledger.record(source.id, target.id, amount)
    source.balance -= amount  # expect: race-condition
    target.balance += amount


async def apply_fee(account: Account, fee: int, ledger) -> int:
    await ledger.record(account.id, "fees", fee)
    account.balance -= fee
    return account.balance
