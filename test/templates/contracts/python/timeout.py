"""Contract scenarios: timeout (templates/contracts/timeout.json), for the main and the legacy variant."""

from __future__ import annotations

import asyncio
import math
from typing import Any, List

from harness import DAY, Context, Scenario, expect_raises, scenario, settle

TIMEOUTS = (TimeoutError, asyncio.TimeoutError)  # distinct classes before 3.11


def scenarios(t: Any) -> List[Scenario]:
    out: List[Scenario] = []

    @scenario(out, "expiry-cancels-work", "an endless operation under 0.1 s: timeout at exactly 0.1 s, the operation cancelled")
    async def _(ctx: Context) -> None:
        seen: List[float] = []

        async def endless() -> str:
            try:
                await asyncio.Event().wait()
            except asyncio.CancelledError:
                seen.append(ctx.now())
                raise
            return "never"

        await expect_raises(TIMEOUTS, t.with_timeout(endless, 0.1))
        assert seen == [0.1] and ctx.now() == 0.1, (seen, ctx.now())

    @scenario(out, "early-finish-leaves-nothing", "fast success and fast failure pass through unchanged; no timer left")
    async def _(ctx: Context) -> None:
        async def fast() -> str:
            await asyncio.sleep(0.001)
            return "fast"

        assert await t.with_timeout(fast, 60.0) == "fast"
        assert ctx.pending_timers() == 0
        failure = LookupError("not found")

        async def fails() -> str:
            raise failure

        assert await expect_raises(LookupError, t.with_timeout(fails, 60.0)) is failure
        assert ctx.pending_timers() == 0

    @scenario(out, "own-timeout-not-ours", "the operation's own timeout error arrives unchanged and is not reported as ours")
    async def _(ctx: Context) -> None:
        own = asyncio.TimeoutError("the socket's own timeout")

        async def op() -> str:
            raise own

        assert await expect_raises(TIMEOUTS, t.with_timeout(op, 1.0)) is own
        if hasattr(t, "with_timeout_or_default"):
            assert await expect_raises(TIMEOUTS, t.with_timeout_or_default(op, 1.0, "default")) is own

    @scenario(out, "caller-cancel-wins", "cancelled at 0.01 of 0.1 s: cancelled, not timed out; also when racing completion")
    async def _(ctx: Context) -> None:
        seen: List[str] = []

        async def slow() -> str:
            try:
                await asyncio.sleep(10)
            except asyncio.CancelledError:
                seen.append("cancelled")
                raise
            return "never"

        task = asyncio.ensure_future(t.with_timeout(slow, 0.1))
        await asyncio.sleep(0.01)
        task.cancel()
        await settle(task)
        assert task.cancelled() and seen == ["cancelled"], (task, seen)

        # The cancellation arrives in the loop iteration in which the operation completes: asyncio.wait_for on
        # 3.8 to 3.11 returns the result then and the cancellation is lost.
        gate = asyncio.get_running_loop().create_future()

        async def waits() -> str:
            return await gate

        racing = asyncio.ensure_future(t.with_timeout(waits, 10.0))
        await asyncio.sleep(0)
        await asyncio.sleep(0)
        gate.set_result("done")
        racing.cancel()
        await settle(racing)
        assert racing.cancelled(), "the caller's cancellation was swallowed"

    @scenario(out, "deadline-shared", "three 0.04 s steps under 0.1 s: cut at 0.1 s; after a hung step the next never starts")
    async def _(ctx: Context) -> None:
        started: List[float] = []

        def step(delay: float) -> Any:
            async def run(value: Any) -> Any:
                started.append(ctx.now())
                await asyncio.sleep(delay)
                return value + 1

            return run

        assert await t.chain_with_deadline([step(0), step(0)], 40, 1.0) == 42
        started.clear()
        begin = ctx.now()
        await expect_raises(TIMEOUTS, t.chain_with_deadline([step(0.04), step(0.04), step(0.04)], 0, 0.1))
        assert [round(s - begin, 6) for s in started] == [0.0, 0.04, 0.08] and round(ctx.now() - begin, 6) == 0.1
        started.clear()
        await expect_raises(TIMEOUTS, t.chain_with_deadline([step(0), step(10), step(0)], 0, 0.05))
        assert len(started) == 2, started

    @scenario(out, "any-accepted-delay-honoured", "a 30-day budget is honoured; NaN, -1 and infinity are refused naming it")
    async def _(ctx: Context) -> None:
        async def op() -> str:
            await asyncio.sleep(0.05)
            return "done"

        assert await t.with_timeout(op, 30 * DAY) == "done"
        assert ctx.now() == 0.05
        for bad in (math.nan, -1.0, math.inf):
            error = await expect_raises(ValueError, t.with_timeout(op, bad))
            assert "seconds" in str(error), error

    return out
