import { py, pyRuleTable } from '../helpers.js';

pyRuleTable('race-condition', {
  valid: [
    {
      name: 'read-modify-write under asyncio.Lock',
      code: py`
        import asyncio

        class Account:
            def __init__(self):
                self.balance = 0
                self._lock = asyncio.Lock()

            async def withdraw(self, amount):
                async with self._lock:
                    current = self.balance
                    await audit(amount)
                    self.balance = current - amount
      `,
    },
    {
      name: 'no await between read and write',
      code: py`
        class Counter:
            async def hit(self, key):
                data = await load(key)
                self.count = self.count + 1
                self.last = data
      `,
    },
    {
      name: 'local state only',
      code: py`
        async def total(ids):
            acc = 0
            for i in ids:
                acc = acc + await price(i)
            return acc
      `,
    },
    {
      name: 'cache fill from a fresh load (duplicate work at worst, not a lost update)',
      code: py`
        class Store:
            async def get(self, key):
                if key not in self.cache:
                    self.cache[key] = await self.load(key)
                return self.cache[key]
      `,
    },
  ],
  invalid: [
    {
      name: 'stale read written back after an await',
      code: py`
        class Wallet:
            async def deposit(self, amount):
                current = self.balance
                await self.ledger.record(amount)
                self.balance = current + amount
      `,
      lines: [5],
    },
    {
      name: 'check-then-act token refresh',
      code: py`
        class ApiClient:
            async def token(self):
                if self._token is None:
                    self._token = await self._login()
                return self._token
      `,
      lines: [4],
    },
    {
      name: 'augmented assignment with an await on the right',
      code: py`
        class Stats:
            async def add(self, job):
                self.total += await job.size()
      `,
      lines: [3],
    },
    {
      name: 'module state through global',
      code: py`
        counter = 0

        async def next_id():
            global counter
            value = counter
            await persist(value)
            counter = value + 1
            return value
      `,
      lines: [7],
    },
    {
      name: 'a guard clause before a subtraction across an await',
      code: py`
        class Store:
            async def withdraw(self, amount):
                if self.balance < amount:
                    raise ValueError("insufficient")
                await self.ledger.log(amount)
                self.balance -= amount
      `,
      lines: [6],
    },
  ],
});
