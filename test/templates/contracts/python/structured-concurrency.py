"""Contract scenarios: structured-concurrency (templates/contracts/structured-concurrency.json), for both variants."""

from __future__ import annotations

import asyncio
import gc
from typing import Any, List

from harness import Context, Scenario, scenario, settle


def failures(task: "asyncio.Future[Any]") -> List[str]:
    """Messages of the failures a run_all raised: one error, or a group of them (.exceptions)."""
    error = task.exception()
    assert error is not None, "run_all did not raise"
    return sorted(str(e) for e in getattr(error, "exceptions", [error]))


def scenarios(t: Any) -> List[Scenario]:
    out: List[Scenario] = []

    async def fails(message: str, delay: float) -> int:
        await asyncio.sleep(delay)
        raise ValueError(message)

    @scenario(out, "no-child-outlives", "a sibling whose cleanup takes 0.05 s after the failure: run_all ends after it")
    async def _(ctx: Context) -> None:
        cleaned: List[float] = []

        async def slow_cleanup() -> int:
            try:
                await asyncio.sleep(10)
            finally:
                await asyncio.sleep(0.05)
                cleaned.append(ctx.now())
            return 0

        task = asyncio.ensure_future(t.run_all({"bad": lambda: fails("boom", 0.01), "slow": slow_cleanup}))
        await settle(task)
        assert failures(task) == ["boom"] and cleaned == [0.06] and ctx.now() == 0.06, (cleaned, ctx.now())

    @scenario(out, "first-failure-cancels-siblings", "a failure at 0.01 s cancels a 10 s sibling at 0.01 s")
    async def _(ctx: Context) -> None:
        cancelled_at: List[float] = []

        async def long() -> int:
            try:
                await asyncio.sleep(10)
            except asyncio.CancelledError:
                cancelled_at.append(ctx.now())
                raise
            return 0

        task = asyncio.ensure_future(t.run_all({"bad": lambda: fails("boom", 0.01), "long": long}))
        await settle(task)
        assert cancelled_at == [0.01] and failures(task) == ["boom"], cancelled_at

    @scenario(out, "all-failures-reported", "two failures at once and a cancelled third: exactly the two are reported")
    async def _(ctx: Context) -> None:
        task = asyncio.ensure_future(
            t.run_all({"x": lambda: fails("x", 0.005), "y": lambda: fails("y", 0.005), "z": lambda: asyncio.sleep(10)})
        )
        await settle(task)
        assert failures(task) == ["x", "y"], failures(task)

    @scenario(out, "caller-cancel-cancels-all", "the caller cancels while two jobs wait 10 s: both cancelled, cancelled")
    async def _(ctx: Context) -> None:
        cancelled: List[str] = []

        def hangs(name: str) -> Any:
            async def run() -> int:
                try:
                    await asyncio.sleep(10)
                except asyncio.CancelledError:
                    cancelled.append(name)
                    raise
                return 0

            return run

        task = asyncio.ensure_future(t.run_all({"p": hangs("p"), "q": hangs("q")}))
        await asyncio.sleep(0.01)
        task.cancel()
        await settle(task)
        assert task.cancelled() and sorted(cancelled) == ["p", "q"], cancelled

    @scenario(out, "nothing-left-attached", "10 000 scopes one after another: no task left, object count flat")
    async def _(ctx: Context) -> None:
        async def one() -> int:
            await asyncio.sleep(0)
            return 1

        for _ in range(500):
            await t.run_all({"a": one, "b": one})
        gc.collect()
        before = len(gc.get_objects())
        for _ in range(10_000):
            await t.run_all({"a": one, "b": one})
        gc.collect()
        grown = len(gc.get_objects()) - before
        assert ctx.other_tasks() == []
        assert grown < 1_000, f"{grown} more objects after 10 000 scopes"

    return out
