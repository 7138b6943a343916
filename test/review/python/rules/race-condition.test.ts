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
    {
      name: 'storing None after awaiting the task it held',
      code: py`
        import asyncio

        class Tracker:
            async def stop(self):
                if self._sweeper is None:
                    return
                self._sweeper.cancel()
                try:
                    await self._sweeper
                except asyncio.CancelledError:
                    pass
                self._sweeper = None
      `,
    },
    {
      name: 'a flag set to a constant after draining',
      code: py`
        class Server:
            async def shutdown(self):
                if not self.running:
                    return
                await self._drain_connections()
                self.running = False
                self.clients = []
      `,
    },
    {
      name: 'an enum member stored after an await',
      code: py`
        import enum

        class State(enum.Enum):
            OPEN = 1
            CLOSED = 2

        class Channel:
            async def close(self):
                if self.state is State.CLOSED:
                    return
                await self._flush()
                self.state = State.CLOSED
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
    {
      name: 'one check-then-act refresh writing two attributes is one finding',
      code: py`
        import time

        class TokenCache:
            async def get(self):
                if self.token and time.monotonic() < self.expires_at - 30:
                    return self.token
                body = await self._request_token()
                self.token = body["access_token"]
                self.expires_at = time.monotonic() + body["expires_in"]
                return self.token
      `,
      lines: [8],
    },
    {
      name: 'a stale counter and a refresh after the same await: one finding at the first write',
      code: py`
        import time

        class TokenCache:
            async def get(self):
                if self.token and time.monotonic() < self.expires_at:
                    return self.token
                refreshes = self.refreshes
                body = await self._request_token()
                self.refreshes = refreshes + 1
                self.token = body["access_token"]
                self.expires_at = time.monotonic() + body["expires_in"]
                return self.token
      `,
      lines: [9],
    },
    {
      name: 'two read-modify-writes across two different awaits are two findings',
      code: py`
        class Link:
            async def exchange(self, frame):
                sent = self.sent
                await self.transport.write(frame)
                self.sent = sent + 1
                received = self.received
                reply = await self.transport.read()
                self.received = received + 1
                return reply
      `,
      lines: [5, 8],
    },
  ],
});

// Recall: membership check-then-act on shared containers, and objects the caller passes in.
pyRuleTable(
  'race-condition',
  {
    valid: [
      {
        name: 'the item is claimed before the first await',
        code: py`
          class Crawler:
              async def visit(self, url):
                  if url in self.seen:
                      return
                  self.seen.add(url)
                  body = await self.fetch(url)
                  self.pages.append(body)
        `,
      },
      {
        name: 'a placeholder stored before awaiting, popped after',
        code: py`
          class Resolver:
              async def resolve(self, host):
                  if host in self._pending:
                      return await self._pending[host].wait()
                  else:
                      self._pending[host] = Event()
                      try:
                          return await self._lookup(host)
                      finally:
                          self._pending.pop(host)
        `,
      },
      {
        name: 'a buffer refilled after an emptiness check (a single consumer reads it)',
        code: py`
          class Cursor:
              async def __anext__(self):
                  if not self._buffer and not self._exhausted:
                      rows = await self._fetch()
                      self._buffer.extend(rows)
                  return self._buffer.popleft()
        `,
      },
      {
        name: 'an object created in this coroutine is not shared',
        code: py`
          async def open_account(ledger, amount):
              account = Account()
              if account.balance < amount:
                  account.balance = amount
              await ledger.record(account)
              account.balance -= 1
              return account
        `,
      },
    ],
    invalid: [
      {
        name: 'membership check, await, then add: two tasks both pass the check',
        code: py`
          class Crawler:
              async def visit(self, url):
                  if url in self.seen:
                      return
                  body = await self.fetch(url)
                  self.seen.add(url)
                  return body
        `,
        lines: [6],
      },
      {
        name: 'a module-level set used for dedupe',
        code: py`
          SENT = set()

          async def send_once(mailer, address):
              if address not in SENT:
                  await mailer.send(address)
                  SENT.add(address)
        `,
        lines: [6],
      },
      {
        name: 'an attribute of an object passed in, checked then written across an await',
        code: py`
          async def withdraw(account, ledger, amount):
              if account.balance < amount:
                  raise ValueError("insufficient funds")
              await ledger.record("withdraw", amount)
              account.balance -= amount
        `,
        lines: [5],
      },
    ],
  },
  'race-condition: shared containers and objects passed in',
);
