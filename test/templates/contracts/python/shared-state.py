"""Contract scenarios: shared-state (templates/contracts/shared-state.json)."""

from __future__ import annotations

import asyncio
from typing import Any, List

from harness import Context, Scenario, expect_raises, scenario, settle


def scenarios(t: Any) -> List[Scenario]:
    out: List[Scenario] = []

    @scenario(out, "single-flight-shares", "ten calls for 42 and one for 7: two loads; later, 42 loads again")
    async def _(ctx: Context) -> None:
        loads: List[str] = []

        async def load(key: str) -> str:
            loads.append(key)
            await asyncio.sleep(0.01)
            return f"user {key}"

        users = t.SingleFlight(load)
        results = await asyncio.gather(*(users.get("42") for _ in range(10)), users.get("7"))
        assert results == ["user 42"] * 10 + ["user 7"] and loads == ["42", "7"], loads
        assert await users.get("42") == "user 42" and loads == ["42", "7", "42"], loads

    @scenario(out, "failure-not-cached", "a load that raises at once, then one that fails later: waiters see it, next call reloads")
    async def _(ctx: Context) -> None:
        attempts: List[int] = []

        async def load(key: str) -> str:
            attempts.append(1)
            if len(attempts) == 1:
                raise LookupError("failed before its first await")
            if len(attempts) == 2:
                await asyncio.sleep(0.01)
                raise LookupError("failed later")
            return "fresh"

        users = t.SingleFlight(load)
        for _round in range(2):
            waiters = [asyncio.ensure_future(users.get("k")) for _ in range(3)]
            for w in waiters:
                await settle(w)
                assert isinstance(w.exception(), LookupError), w
        assert len(attempts) == 2, "a failure was shared with a later round"
        assert await users.get("k") == "fresh"

    @scenario(out, "waiter-cancel-keeps-load", "one of ten waiters is cancelled: nine get the value from one load")
    async def _(ctx: Context) -> None:
        loads: List[str] = []

        async def load(key: str) -> str:
            loads.append(key)
            await asyncio.sleep(0.02)
            return "value"

        users = t.SingleFlight(load)
        waiters = [asyncio.ensure_future(users.get("k")) for _ in range(10)]
        await asyncio.sleep(0.005)
        waiters[0].cancel()
        results = await asyncio.gather(*waiters[1:])
        await settle(waiters[0])
        assert waiters[0].cancelled() and results == ["value"] * 9 and loads == ["k"], loads

    @scenario(out, "mutex-exclusive", "fifty read-await-write deposits sum to fifty; a failing section releases the lock")
    async def _(ctx: Context) -> None:
        saved: List[int] = []

        async def save(balance: int) -> None:
            await asyncio.sleep(0.001)
            saved.append(balance)

        account = t.Account(save)
        await asyncio.gather(*(account.deposit(1) for _ in range(50)))
        assert account.balance == 50 and saved == list(range(1, 51)), account.balance

        async def failing_save(_balance: int) -> None:
            raise OSError("disk full")

        broken = t.Account(failing_save)
        await expect_raises(OSError, broken.deposit(1))
        broken._save = save  # the same account, its storage back
        assert await broken.deposit(2) == 2

    @scenario(out, "waiters-fair-and-cancellable", "three waiters behind a holder, the second cancelled: first and third in order")
    async def _(ctx: Context) -> None:
        order: List[str] = []
        release = asyncio.Event()

        async def save(balance: int) -> None:
            if not order:
                order.append("holder")
                await release.wait()
            else:
                order.append(f"deposit {balance}")

        account = t.Account(save)
        holder = asyncio.ensure_future(account.deposit(1))
        await asyncio.sleep(0)
        waiters = [asyncio.ensure_future(account.deposit(n)) for n in (10, 20, 30)]
        await asyncio.sleep(0.01)
        waiters[1].cancel()
        release.set()
        await settle(holder)
        for w in waiters:
            await settle(w)
        assert order == ["holder", "deposit 11", "deposit 41"], order
        assert waiters[1].cancelled() and account.balance == 41, account.balance

    return out
