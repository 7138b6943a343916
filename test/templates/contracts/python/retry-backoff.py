"""Contract scenarios: retry-backoff (templates/contracts/retry-backoff.json)."""

from __future__ import annotations

import asyncio
from typing import Any, List

from harness import DAY, Context, Scenario, expect_raises, scenario, settle


class Extreme:
    """A stand-in for random.Random whose uniform(a, b) always returns one end."""

    def __init__(self, top: bool) -> None:
        self.top = top

    def uniform(self, a: float, b: float) -> float:
        return b if self.top else a


def scenarios(t: Any) -> List[Scenario]:
    out: List[Scenario] = []

    @scenario(out, "classifier-decides", "a non-transient error: one attempt, the same error object")
    async def _(ctx: Context) -> None:
        fatal = ValueError("400 bad request")
        calls: List[int] = []

        async def op() -> str:
            calls.append(1)
            raise fatal

        assert await expect_raises(ValueError, t.retry(op, attempts=5)) is fatal
        assert len(calls) == 1

    @scenario(out, "attempts-bounded", "always transient, 4 attempts: 4 calls, then the 4th error object")
    async def _(ctx: Context) -> None:
        errors: List[ConnectionError] = []

        async def op() -> str:
            errors.append(ConnectionError(f"reset #{len(errors) + 1}"))
            raise errors[-1]

        assert await expect_raises(ConnectionError, t.retry(op, attempts=4, base_delay=0.01)) is errors[3]
        assert len(errors) == 4

    @scenario(out, "delay-capped-jittered", "waits span [0, min(max, base * 2**(n-1))]: measured on the virtual clock")
    async def _(ctx: Context) -> None:
        for top, expected in ((True, [0.1, 0.2, 0.4, 0.8, 1.0, 1.0]), (False, [0.0] * 6)):
            starts: List[float] = []

            async def op() -> str:
                starts.append(ctx.now())
                raise ConnectionError("down")

            await expect_raises(ConnectionError, t.retry(op, attempts=7, base_delay=0.1, max_delay=1.0, rng=Extreme(top)))
            waits = [round(b - a, 6) for a, b in zip(starts, starts[1:])]
            assert waits == expected, waits

    @scenario(out, "late-attempts-stay-finite", "attempt 1025 and 10 000: finite caps; 1100 failures end with the own error")
    async def _(ctx: Context) -> None:
        for base in (0.0, 0.001, 5.0):
            for attempt in (1025, 10_000):
                cap = t.backoff_cap(attempt, base, 2.0)
                assert 0 <= cap <= 2.0, (attempt, base, cap)
        last: List[ConnectionError] = []

        async def op() -> str:
            last.append(ConnectionError(f"reset #{len(last) + 1}"))
            raise last[-1]

        error = await expect_raises(ConnectionError, t.retry(op, attempts=1100, base_delay=0.001, max_delay=0.01))
        assert error is last[-1] and len(last) == 1100, (error, len(last))

    @scenario(out, "cancel-stops-at-once", "cancelled during a 10 s wait: cancelled at once, one attempt, no timer left")
    async def _(ctx: Context) -> None:
        calls: List[int] = []

        async def op() -> str:
            calls.append(1)
            raise ConnectionError("down")

        task = asyncio.ensure_future(t.retry(op, attempts=5, base_delay=10.0, max_delay=10.0, rng=Extreme(True)))
        await asyncio.sleep(1.0)
        started = ctx.now()
        task.cancel()
        await settle(task)
        assert task.cancelled() and len(calls) == 1
        assert ctx.now() == started, "cancellation waited for the backoff"
        assert ctx.pending_timers() == 0

        started_event = asyncio.Event()

        async def hangs() -> str:
            calls.append(1)
            started_event.set()
            await asyncio.sleep(10)
            return "never"

        calls.clear()
        task = asyncio.ensure_future(t.retry(hangs, retry_if=lambda _e: True))
        await started_event.wait()
        task.cancel()
        await settle(task)
        assert task.cancelled() and len(calls) == 1

    @scenario(out, "any-accepted-delay-honoured", "a 30-day backoff: after one second the second attempt has not started")
    async def _(ctx: Context) -> None:
        calls: List[int] = []

        async def op() -> str:
            calls.append(1)
            raise ConnectionError("down")

        task = asyncio.ensure_future(t.retry(op, attempts=2, base_delay=30 * DAY, max_delay=30 * DAY, rng=Extreme(True)))
        await asyncio.sleep(1.0)
        assert len(calls) == 1
        await asyncio.sleep(30 * DAY - 1.0)
        await asyncio.sleep(0)
        await settle(task)
        assert len(calls) == 2, "the second attempt did not start after 30 days"

    return out
