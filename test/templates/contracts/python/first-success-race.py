"""Contract scenarios: first-success-race (templates/contracts/first-success-race.json)."""

from __future__ import annotations

import asyncio
from typing import Any, List

from harness import DAY, Context, Scenario, scenario, settle


def scenarios(t: Any) -> List[Scenario]:
    out: List[Scenario] = []
    log: List[str] = []

    def attempt(name: str, delay: float, fail: bool = False) -> Any:
        async def run() -> str:
            log.append(f"{name} started")
            try:
                await asyncio.sleep(delay)
            except asyncio.CancelledError:
                log.append(f"{name} cancelled")
                raise
            if fail:
                raise ConnectionError(name)
            return name

        return run

    @scenario(out, "first-success-wins", "a failure at 0, a success at 0.02 and one at 10 s: the 0.02 s value wins at 0.02 s")
    async def _(ctx: Context) -> None:
        log.clear()
        winner = await t.first_success([attempt("fast-fail", 0, fail=True), attempt("medium", 0.02), attempt("slow", 10)])
        assert winner == "medium" and ctx.now() == 0.02, (winner, ctx.now())

    @scenario(out, "losers-cancelled", "the 10 s attempt is cancelled and awaited when the 0.02 s one wins")
    async def _(ctx: Context) -> None:
        log.clear()
        assert await t.first_success([attempt("slow", 10), attempt("medium", 0.02)]) == "medium"
        assert "slow cancelled" in log, log
        assert ctx.other_tasks() == []

    @scenario(out, "all-failures-reported", "failures at 0 and 0.01 s: an ExceptionGroup of both, after 0.01 s")
    async def _(ctx: Context) -> None:
        task = asyncio.ensure_future(t.first_success([attempt("a", 0, fail=True), attempt("b", 0.01, fail=True)]))
        await settle(task)
        error = task.exception()
        assert isinstance(error, BaseExceptionGroup) and sorted(str(e) for e in error.exceptions) == ["a", "b"], error
        assert ctx.now() == 0.01

    @scenario(out, "caller-cancel-cancels-all", "the caller cancels while two attempts wait 10 s: both cancelled")
    async def _(ctx: Context) -> None:
        log.clear()
        task = asyncio.ensure_future(t.first_success([attempt("x", 10), attempt("y", 10)]))
        await asyncio.sleep(0.01)
        task.cancel()
        await settle(task)
        assert task.cancelled() and sorted(e for e in log if "cancelled" in e) == ["x cancelled", "y cancelled"], log

    @scenario(out, "hedge-after-delay", "hung primary: backup at 0.02 s; quick primary: no backup; failed primary: backup at once")
    async def _(ctx: Context) -> None:
        log.clear()
        assert await t.first_success([attempt("primary", 10), attempt("backup", 0)], hedge_delay=0.02) == "backup"
        assert ctx.now() == 0.02 and log == ["primary started", "backup started", "primary cancelled"], log
        log.clear()
        assert await t.first_success([attempt("primary", 0.005), attempt("backup", 0)], hedge_delay=0.02) == "primary"
        assert log == ["primary started"], log
        log.clear()
        start = ctx.now()
        assert await t.first_success([attempt("primary", 0.001, fail=True), attempt("backup", 0)], hedge_delay=0.02) == "backup"
        assert round(ctx.now() - start, 6) == 0.001, ctx.now() - start

    @scenario(out, "nothing-left-pending", "after a hedged race settles early: no timer, no task left")
    async def _(ctx: Context) -> None:
        log.clear()
        assert await t.first_success([attempt("a", 0.005), attempt("b", 0)], hedge_delay=1.0) == "a"
        assert ctx.pending_timers() == 0 and ctx.other_tasks() == []

    @scenario(out, "any-accepted-delay-honoured", "a 30-day hedge delay with a hanging primary: no backup after a second")
    async def _(ctx: Context) -> None:
        log.clear()
        task = asyncio.ensure_future(t.first_success([attempt("primary", 60 * DAY), attempt("backup", 0)], hedge_delay=30 * DAY))
        await asyncio.sleep(1.0)
        assert log == ["primary started"], log
        await asyncio.sleep(30 * DAY)
        assert await task == "backup"

    return out
