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

// Recall round 5: the general forms of check-then-act and of iterating shared state across an await, each with a
// clean look-alike (a lock, a claim before the await, a local, a snapshot, a list that only grows).
pyRuleTable(
  'race-condition',
  {
    valid: [
      {
        name: 'cache fill with the check and the store under one asyncio.Lock',
        code: py`
          import asyncio

          class Store:
              def __init__(self):
                  self.cache = {}
                  self._lock = asyncio.Lock()

              async def get(self, key):
                  async with self._lock:
                      if key not in self.cache:
                          self.cache[key] = await self.load(key)
                      return self.cache[key]
        `,
      },
      {
        name: 'double-checked lazy init: the store happens under the lock',
        code: py`
          import asyncio

          class Repo:
              async def pool(self):
                  if self._pool is None:
                      async with self._lock:
                          if self._pool is None:
                              self._pool = await create_pool(self.dsn)
                  return self._pool
        `,
      },
      {
        name: 'the first caller stores a task before any await; every caller awaits it',
        code: py`
          import asyncio

          class Repo:
              async def pool(self):
                  if self._connecting is None:
                      self._connecting = asyncio.ensure_future(create_pool(self.dsn))
                  return await self._connecting
        `,
      },
      {
        name: 'a dict local to the coroutine',
        code: py`
          async def enrich(client, name):
              doc = {"name": name}
              if "meta" not in doc:
                  doc["meta"] = await client.meta(name)
              return doc
        `,
      },
      {
        name: 'the await is on the other branch of the membership check',
        code: py`
          class Resolver:
              async def resolve(self, key):
                  if key in self._events:
                      await self._events[key].wait()
                  else:
                      self._events[key] = make_event()
                      await self._lookup(key)
        `,
      },
      {
        name: 'iterating a snapshot of a shared dict',
        code: py`
          class Hub:
              def leave(self, cid):
                  self.clients.pop(cid, None)

              async def broadcast(self, text):
                  for ws in list(self.clients.values()):
                      await ws.send(text)
        `,
      },
      {
        name: 'iterating a shared list that other methods only append to',
        code: py`
          class Tasks:
              def __init__(self):
                  self.tasks = []

              def add(self, t):
                  self.tasks.append(t)

              async def run(self):
                  for t in self.tasks:
                      await t()
        `,
      },
      {
        name: 'iterating a shared dict that nothing else changes in place',
        code: py`
          class Router:
              def __init__(self, routes):
                  self.routes = dict(routes)

              async def warm(self):
                  for name, route in self.routes.items():
                      await route.prepare()
        `,
      },
      {
        name: 'a size limit checked again on every pass of the read loop',
        code: py`
          class Buffered:
              async def read_until(self, limit):
                  while True:
                      if len(self._buffer) >= limit:
                          raise ValueError("too long")
                      data = await self.stream.receive()
                      self._buffer.extend(data)
        `,
      },
    ],
    invalid: [
      {
        name: 'cache fill under a membership check: both tasks load, the later store wins',
        code: py`
          class Store:
              async def get(self, key):
                  if key not in self.cache:
                      self.cache[key] = await self.load(key)
                  return self.cache[key]
        `,
        lines: [4],
      },
      {
        name: 'a module-level cache filled after an early-return lookup',
        code: py`
          _cache = {}

          async def load(client, name):
              if name in _cache:
                  return _cache[name]
              value = await client.fetch(name)
              _cache[name] = value
              return value
        `,
        lines: [7],
      },
      {
        name: 'a lookup copied to a local, checked, then filled after the await',
        code: py`
          class Pool:
              async def get(self, key):
                  conn = self._conns.get(key)
                  if conn is None:
                      conn = await self._connect(key)
                      self._conns[key] = conn
                  return conn
        `,
        lines: [6],
      },
      {
        name: 'a refresh decided on the expiry: the finding goes to the first write after the await',
        code: py`
          import time

          class Tokens:
              async def token(self):
                  if time.monotonic() >= self._expires_at:
                      resp = await self._auth.login()
                      self._token = resp["access_token"]
                      self._expires_at = time.monotonic() + resp["expires_in"]
                  return self._token
        `,
        lines: [7],
      },
      {
        name: 'lazy init spelled with hasattr',
        code: py`
          class Repo:
              async def conn(self):
                  if not hasattr(self, "_conn"):
                      self._conn = await connect(self.dsn)
                  return self._conn
        `,
        lines: [4],
      },
      {
        name: 'a counter bumped under a limit check that an await separates from the bump',
        code: py`
          class Limiter:
              async def enter(self):
                  if self.active < self.limit:
                      await self.audit()
                      self.active += 1
                      return True
                  return False
        `,
        lines: [5],
      },
      {
        name: 'a pool grown under a size check across an await',
        code: py`
          class Pool:
              async def grow(self):
                  if len(self.idle) < self.size:
                      conn = await self.connect()
                      self.idle.append(conn)
        `,
        lines: [5],
      },
      {
        name: 'an attribute of a module-level object, read-modify-write across an await',
        code: py`
          class Stats:
              sent = 0

          stats = Stats()

          async def send(writer, data):
              stats.sent = stats.sent + await writer.write_all(data)
        `,
        lines: [7],
      },
      {
        name: 'iterating a shared dict while other methods add and remove entries',
        code: py`
          class Hub:
              def join(self, cid, ws):
                  self.clients[cid] = ws

              def leave(self, cid):
                  self.clients.pop(cid, None)

              async def broadcast(self, text):
                  for cid, ws in self.clients.items():
                      await ws.send(text)
        `,
        lines: [9],
      },
      {
        name: 'iterating a module-level set that another coroutine discards from',
        code: py`
          WATCHERS = set()

          async def unwatch(q):
              WATCHERS.discard(q)

          async def notify(event):
              for q in WATCHERS:
                  await q.put(event)
        `,
        lines: [7],
      },
    ],
  },
  'race-condition: check-then-act forms and iteration across an await',
);
