"""Contract scenarios: circuit-breaker (templates/contracts/circuit-breaker.json)."""

from __future__ import annotations

import asyncio
from typing import Any, List

from harness import Context, Scenario, expect_raises, outcome, scenario, settle


async def down() -> str:
    raise ConnectionError("dependency down")


async def ok() -> str:
    return "ok"


def scenarios(t: Any) -> List[Scenario]:
    out: List[Scenario] = []

    def breaker(ctx: Context, **kwargs: Any) -> Any:
        return t.CircuitBreaker(clock=ctx.loop.time, **kwargs)

    async def open_it(b: Any, times: int) -> None:
        for _ in range(times):
            await expect_raises(ConnectionError, b.call(down))

    @scenario(out, "opens-after-threshold", "three consecutive failures open it; a success resets the count; open fails fast")
    async def _(ctx: Context) -> None:
        b = breaker(ctx, failure_threshold=3, reset_timeout=1.0)
        await open_it(b, 2)
        await b.call(ok)
        await open_it(b, 2)
        assert b.state is t.State.CLOSED
        await open_it(b, 1)
        assert b.state is t.State.OPEN
        called = []

        async def op() -> str:
            called.append(1)
            return "x"

        await expect_raises(t.CircuitOpenError, b.call(op))
        assert called == []

    @scenario(out, "classifier-decides", "errors the classifier rejects pass through and leave it closed")
    async def _(ctx: Context) -> None:
        b = breaker(ctx, failure_threshold=1, reset_timeout=1.0, counts_as_failure=lambda e: not isinstance(e, ValueError))
        caller_error = ValueError("bad request")

        async def bad() -> str:
            raise caller_error

        assert await expect_raises(ValueError, b.call(bad)) is caller_error
        assert b.state is t.State.CLOSED
        await open_it(b, 1)
        assert b.state is t.State.OPEN

    @scenario(out, "timeouts-are-failures", "own timeouts open it even under a classifier; caller cancellations never count")
    async def _(ctx: Context) -> None:
        b = breaker(ctx, failure_threshold=2, reset_timeout=1.0, counts_as_failure=lambda _e: False)
        for _ in range(5):
            call = asyncio.ensure_future(b.call(lambda: asyncio.sleep(10)))
            await asyncio.sleep(0.01)
            call.cancel()
            await settle(call)
            assert call.cancelled()
        assert b.state is t.State.CLOSED

        async def own_timeout() -> str:
            await asyncio.sleep(0.05)
            raise asyncio.TimeoutError("the operation's own timeout")

        for _ in range(2):
            await expect_raises((TimeoutError, asyncio.TimeoutError), b.call(own_timeout))
        assert b.state is t.State.OPEN

    @scenario(out, "single-probe", "after the break one slow probe runs; a second call is rejected without running")
    async def _(ctx: Context) -> None:
        b = breaker(ctx, failure_threshold=1, reset_timeout=0.5)
        await open_it(b, 1)
        await asyncio.sleep(0.5)
        assert b.state is t.State.HALF_OPEN
        release = asyncio.Event()

        async def slow() -> str:
            await release.wait()
            return "recovered"

        probe = asyncio.ensure_future(b.call(slow))
        await asyncio.sleep(0)
        ran = []

        async def second() -> str:
            ran.append(1)
            return "second"

        await expect_raises(t.CircuitOpenError, b.call(second))
        assert ran == []
        release.set()
        assert await probe == "recovered" and b.state is t.State.CLOSED

    @scenario(out, "only-probe-closes", "a failed probe re-opens for a full break; a successful one closes")
    async def _(ctx: Context) -> None:
        b = breaker(ctx, failure_threshold=2, reset_timeout=0.5)
        await open_it(b, 2)
        await asyncio.sleep(0.5)
        await expect_raises(ConnectionError, b.call(down))
        assert b.state is t.State.OPEN
        await asyncio.sleep(0.499)
        assert b.state is t.State.OPEN
        await asyncio.sleep(0.001)
        assert await b.call(ok) == "ok" and b.state is t.State.CLOSED

    @scenario(out, "late-outcomes-ignored", "a slow call admitted while closed cannot close, decide a probe, or re-open")
    async def _(ctx: Context) -> None:
        b = breaker(ctx, failure_threshold=1, reset_timeout=0.5)
        late_ok = asyncio.get_running_loop().create_future()
        late_fail = asyncio.get_running_loop().create_future()
        slow_success = asyncio.ensure_future(b.call(lambda: late_ok))
        slow_failure = asyncio.ensure_future(b.call(lambda: late_fail))
        await asyncio.sleep(0)
        await open_it(b, 1)
        late_ok.set_result("late")
        assert await slow_success == "late"
        assert b.state is t.State.OPEN, "a late success closed the open circuit"

        await asyncio.sleep(0.5)
        probe_result = asyncio.get_running_loop().create_future()
        probe = asyncio.ensure_future(b.call(lambda: probe_result))
        await asyncio.sleep(0)
        probe_result.set_result("probe ok")
        assert await probe == "probe ok" and b.state is t.State.CLOSED
        late_fail.set_exception(ConnectionError("late failure"))
        await settle(slow_failure)
        assert isinstance(outcome(slow_failure), ConnectionError)
        assert b.state is t.State.CLOSED, "a late failure re-opened a circuit the probe had closed"

    @scenario(out, "late-outcomes-ignored", "a late success during a running probe does not decide it")
    async def _(ctx: Context) -> None:
        b = breaker(ctx, failure_threshold=1, reset_timeout=0.5)
        late = asyncio.get_running_loop().create_future()
        slow = asyncio.ensure_future(b.call(lambda: late))
        await asyncio.sleep(0)
        await open_it(b, 1)
        await asyncio.sleep(0.5)
        probe_result = asyncio.get_running_loop().create_future()
        probe = asyncio.ensure_future(b.call(lambda: probe_result))
        await asyncio.sleep(0)
        late.set_result("late")
        await slow
        assert b.state is t.State.HALF_OPEN
        await expect_raises(t.CircuitOpenError, b.call(ok))
        probe_result.set_exception(ConnectionError("still down"))
        await settle(probe)
        assert b.state is t.State.OPEN

    @scenario(out, "hung-probe-time-boxed", "a probe that never settles fails at its time box; a later probe closes it")
    async def _(ctx: Context) -> None:
        b = breaker(ctx, failure_threshold=1, reset_timeout=0.5, probe_timeout=0.2)
        await open_it(b, 1)
        await asyncio.sleep(0.5)
        cancelled = []

        async def hangs() -> str:
            try:
                await asyncio.Event().wait()
            except asyncio.CancelledError:
                cancelled.append(ctx.now())
                raise
            return "never"

        start = ctx.now()
        await expect_raises((TimeoutError, asyncio.TimeoutError), b.call(hangs))
        assert abs(ctx.now() - start - 0.2) < 1e-6, ctx.now() - start
        assert len(cancelled) == 1, "the hung probe was not cancelled"
        assert b.state is t.State.OPEN
        await asyncio.sleep(0.5)
        assert await b.call(ok) == "ok" and b.state is t.State.CLOSED

    @scenario(out, "cancelled-probe-frees-slot", "the probe's caller cancels it: the next call is the probe and closes it")
    async def _(ctx: Context) -> None:
        b = breaker(ctx, failure_threshold=1, reset_timeout=0.5)
        await open_it(b, 1)
        await asyncio.sleep(0.5)
        probe = asyncio.ensure_future(b.call(lambda: asyncio.sleep(10)))
        await asyncio.sleep(0.01)
        probe.cancel()
        await settle(probe)
        assert probe.cancelled() and b.state is t.State.HALF_OPEN
        assert await b.call(ok) == "ok" and b.state is t.State.CLOSED

    return out
