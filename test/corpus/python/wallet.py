class Wallet:
    def __init__(self, ledger) -> None:
        self.ledger = ledger
        self.balance = 0

    async def deposit(self, amount: int) -> int:
        current = self.balance
        await self.ledger.append("deposit", amount)
        self.balance = current + amount  # expect: race-condition
        return self.balance

    async def withdraw(self, amount: int) -> int:
        if self.balance < amount:
            raise ValueError("insufficient funds")
        await self.ledger.append("withdraw", amount)
        self.balance -= amount  # expect: race-condition
        return self.balance
