"""Contract scenarios: parallel-partial-failures (templates/contracts/parallel-partial-failures.json)."""

from __future__ import annotations

import asyncio
from typing import Any, Awaitable, List

from harness import Context, Scenario, scenario, settle


def scenarios(t: Any) -> List[Scenario]:
    out: List[Scenario] = []

    @scenario(out, "every-outcome-kept", "seven inputs, two failing: successes and failures with their inputs, in order")
    async def _(ctx: Context) -> None:
        async def fetch(n: int) -> str:
            await asyncio.sleep(0.01 * (10 - n))  # finish out of order
            if n % 3 == 0:
                raise LookupError(f"user {n} not found")
            return f"user {n}"

        result = await t.settle_all(fetch, range(1, 8))
        assert result.succeeded == [(n, f"user {n}") for n in (1, 2, 4, 5, 7)], result.succeeded
        assert [(n, str(e)) for n, e in result.failed] == [(3, "user 3 not found"), (6, "user 6 not found")]

    @scenario(out, "failure-does-not-stop-others", "one call throws before returning an awaitable, one fails later: the rest complete")
    async def _(ctx: Context) -> None:
        completed: List[int] = []

        async def later(n: int) -> int:
            await asyncio.sleep(0.01 * n)
            if n == 2:
                raise OSError("later")
            completed.append(n)
            return n

        def op(n: int) -> Awaitable[int]:
            if n == 1:
                raise ValueError("threw before returning an awaitable")
            return later(n)

        result = await t.settle_all(op, [1, 2, 3, 4])
        assert completed == [3, 4] and [n for n, _ in result.succeeded] == [3, 4], (completed, result)
        assert [(n, type(e).__name__) for n, e in result.failed] == [(1, "ValueError"), (2, "OSError")], result.failed

    @scenario(out, "odd-failures-are-failures", "an operation cancelled on its own is a failure, not a success")
    async def _(ctx: Context) -> None:
        async def op(n: int) -> int:
            if n == 2:
                raise asyncio.CancelledError()
            await asyncio.sleep(0)
            return n

        result = await t.settle_all(op, [1, 2, 3])
        assert [n for n, _ in result.succeeded] == [1, 3]
        assert [(n, type(e)) for n, e in result.failed] == [(2, asyncio.CancelledError)], result.failed

    @scenario(out, "caller-cancel-cancels-all", "the caller cancels while three operations wait 10 s: all cancelled")
    async def _(ctx: Context) -> None:
        cancelled: List[int] = []

        async def slow(n: int) -> int:
            try:
                await asyncio.sleep(10)
            except asyncio.CancelledError:
                cancelled.append(n)
                raise
            return n

        task = asyncio.ensure_future(t.settle_all(slow, [1, 2, 3]))
        await asyncio.sleep(0.01)
        task.cancel()
        await settle(task)
        assert task.cancelled() and sorted(cancelled) == [1, 2, 3], cancelled
        assert ctx.other_tasks() == []

    return out
