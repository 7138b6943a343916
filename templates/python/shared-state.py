# @pattern
# id: shared-state
# title: Shared state under concurrency: async lock and single-flight
# summary: Guard a read-modify-write that spans an await with asyncio.Lock, and let concurrent requests for the same key share one in-flight load instead of each starting their own.
# minimum: python 3.9
# apis: asyncio.Lock, asyncio.create_task, asyncio.shield, asyncio.Task.add_done_callback, asyncio.gather, asyncio.wait, asyncio.sleep, asyncio.Event, asyncio.run
# pitfalls: reading shared state, awaiting, then writing it back without a lock (lost updates); a threading.Lock in a coroutine, which blocks the loop; holding a lock across slow I/O that does not need it; caching a failed load forever; one waiter's cancellation cancelling the shared load for all the others
# rules: race-condition, dangling-task, blocking-call-in-async
# tags: lock, shared-state, single-flight, deduplication, cache
# @end
"""Two tools for shared state: asyncio.Lock for read-await-write, single-flight for duplicate loads."""

import asyncio
from collections.abc import Awaitable, Callable, Hashable
from typing import Generic, TypeVar

K = TypeVar("K", bound=Hashable)
V = TypeVar("V")


class Account:
    """A balance persisted after every change: the await between read and write needs a lock."""

    def __init__(self, save: Callable[[int], Awaitable[None]]) -> None:
        if not callable(save):
            raise TypeError(f"save must be a callable returning an awaitable, got {save!r}")
        self._save = save
        self._balance = 0
        # 3.10+ binds the lock to the running loop on first use; on 3.9 create it inside a coroutine.
        self._lock = asyncio.Lock()

    @property
    def balance(self) -> int:
        return self._balance

    async def deposit(self, amount: int) -> int:
        if isinstance(amount, bool) or not isinstance(amount, int) or amount <= 0:
            raise ValueError(f"amount must be a positive int, got {amount!r}")
        async with self._lock:
            # Without the lock, two deposits could both read the old balance before either writes.
            new_balance = self._balance + amount
            await self._save(new_balance)
            self._balance = new_balance
            return new_balance


class SingleFlight(Generic[K, V]):
    """Concurrent get(key) calls share one load; the next call after it finishes loads afresh."""

    def __init__(self, load: Callable[[K], Awaitable[V]]) -> None:
        if not callable(load):
            raise TypeError(f"load must be a callable returning an awaitable, got {load!r}")
        self._load = load
        # Holding the task here also keeps it alive while it runs.
        self._in_flight: dict[K, asyncio.Task[V]] = {}

    async def get(self, key: K) -> V:
        task = self._in_flight.get(key)
        if task is None:
            task = asyncio.create_task(self._call(key))
            self._in_flight[key] = task
            # Forget the task once done, success or failure: errors are not cached.
            task.add_done_callback(lambda _t, key=key: self._in_flight.pop(key, None))
        # shield: a waiter that is cancelled stops waiting, but the load goes on for the others.
        return await asyncio.shield(task)

    async def _call(self, key: K) -> V:
        return await self._load(key)


async def _self_check() -> None:
    saved: list[int] = []

    async def save(balance: int) -> None:
        await asyncio.sleep(0)  # gives other deposits a chance to interleave
        saved.append(balance)

    account = Account(save)
    await asyncio.gather(*(account.deposit(1) for _ in range(50)))
    assert account.balance == 50 and saved == list(range(1, 51)), (account.balance, saved[:5])

    loads: list[str] = []
    release = asyncio.Event()

    async def load_user(user_id: str) -> str:
        loads.append(user_id)
        await release.wait()
        if user_id == "missing":
            raise LookupError(user_id)
        return f"user {user_id}"

    users: SingleFlight[str, str] = SingleFlight(load_user)
    waiters = [asyncio.create_task(users.get("42")) for _ in range(10)]
    other = asyncio.create_task(users.get("7"))
    await asyncio.sleep(0.01)
    assert loads == ["42", "7"], loads  # one load per key, not one per caller

    # One impatient caller gives up: the shared load continues for the rest.
    waiters[0].cancel()
    await asyncio.sleep(0)
    release.set()
    results = await asyncio.gather(*waiters[1:], other)
    assert results == ["user 42"] * 9 + ["user 7"], results
    await asyncio.wait([waiters[0]])
    assert waiters[0].cancelled()

    # Finished loads are forgotten: the next call loads again.
    assert await users.get("42") == "user 42" and loads == ["42", "7", "42"], loads

    # A failure reaches every concurrent waiter, and is not cached.
    release.clear()
    failing = [asyncio.create_task(users.get("missing")) for _ in range(3)]
    await asyncio.sleep(0.01)
    release.set()
    outcomes = await asyncio.gather(*failing, return_exceptions=True)
    assert all(isinstance(o, LookupError) for o in outcomes) and loads.count("missing") == 1, outcomes
    release.set()
    try:
        await users.get("missing")
    except LookupError:
        assert loads.count("missing") == 2, loads
    else:
        raise AssertionError("the failure was swallowed")

    try:
        await account.deposit(0)
    except ValueError as exc:
        assert "amount" in str(exc) and "0" in str(exc), exc
    else:
        raise AssertionError("amount=0 was accepted")


if __name__ == "__main__":
    asyncio.run(_self_check())
