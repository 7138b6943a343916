"""Contract scenarios: retry-backoff (templates/contracts/retry-backoff.json) for the tenacity variant.

The variant's API differs from the main template's: no `rng` argument and no exported cap function, because
tenacity's wait_random_exponential draws from the module-level `random.uniform`. So the random source is fixed at
its extremes by replacing `random.uniform` for the length of a scenario, and every wait is measured on the virtual
clock between attempt starts, including attempts 1025 and 10 000. classifier-decides and attempts-bounded are the
main template's scenarios, unchanged.
"""

from __future__ import annotations

import asyncio
import contextlib
import random
from typing import Any, Iterator, List

from harness import DAY, Context, Scenario, expect_raises, main_variant_scenarios, scenario, settle


@contextlib.contextmanager
def extreme_random(top: bool) -> Iterator[None]:
    """random.uniform(a, b) returns b (top) or a for the duration: tenacity 8.2.1's wait.py calls random.uniform."""
    original = random.uniform
    random.uniform = (lambda a, b: b) if top else (lambda a, b: a)  # type: ignore[assignment]
    try:
        yield
    finally:
        random.uniform = original  # type: ignore[assignment]


def scenarios(t: Any) -> List[Scenario]:
    out: List[Scenario] = []

    # The main template's scenarios for the items whose calls (attempts=, base_delay=) both variants take.
    out.extend(x for x in main_variant_scenarios("retry-backoff")(t) if x.item in ("classifier-decides", "attempts-bounded"))

    async def waits_of(ctx: Context, attempts: int, base: float, top: bool, max_delay: float = 1.0) -> List[float]:
        starts: List[float] = []
        last: List[ConnectionError] = []

        async def op() -> str:
            starts.append(ctx.now())
            last.append(ConnectionError(f"down #{len(last) + 1}"))
            raise last[-1]

        with extreme_random(top):
            error = await expect_raises(ConnectionError, t.retry(op, attempts=attempts, base_delay=base, max_delay=max_delay))
        assert error is last[-1] and len(last) == attempts, (error, len(last))
        return [round(b - a, 6) for a, b in zip(starts, starts[1:])]

    @scenario(out, "delay-capped-jittered", "waits span [0, min(max, base * 2**(n-1))]: measured on the virtual clock")
    async def _(ctx: Context) -> None:
        assert await waits_of(ctx, 7, 0.1, True) == [0.1, 0.2, 0.4, 0.8, 1.0, 1.0]
        assert await waits_of(ctx, 7, 0.1, False) == [0.0] * 6

    @scenario(out, "late-attempts-stay-finite", "waits before attempts 1025 and 10 000 finite and within max; 1100 failures end with the own error")
    async def _(ctx: Context) -> None:
        # After failure n tenacity computes multiplier * 2**(n-1) and returns max on OverflowError, so the wait after
        # failure 1025 (waits[1024]) is the cap, also for a zero base: 0.0 * 2**1024 raises OverflowError too.
        for base in (0.0, 0.001):
            waits = await waits_of(ctx, 1100, base, True, max_delay=0.01)
            assert all(0 <= w <= 0.01 for w in waits), max(waits)
            assert waits[1024] == 0.01, waits[1024]  # the wait after failure 1025
        waits = await waits_of(ctx, 10_000, 0.001, True, max_delay=0.01)
        assert waits[-1] == 0.01 and all(0 <= w <= 0.01 for w in waits), (waits[-1], max(waits))

    @scenario(out, "cancel-stops-at-once", "cancelled during a 10 s wait: cancelled at once, one attempt, no timer left")
    async def _(ctx: Context) -> None:
        calls: List[int] = []

        async def op() -> str:
            calls.append(1)
            raise ConnectionError("down")

        with extreme_random(True):
            task = asyncio.ensure_future(t.retry(op, attempts=5, base_delay=10.0, max_delay=10.0))
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

        with extreme_random(True):
            task = asyncio.ensure_future(t.retry(op, attempts=2, base_delay=30 * DAY, max_delay=30 * DAY))
            await asyncio.sleep(1.0)
            assert len(calls) == 1
            await asyncio.sleep(30 * DAY - 1.0)
            await asyncio.sleep(0)
            await settle(task)
        assert len(calls) == 2, "the second attempt did not start after 30 days"

    return out
