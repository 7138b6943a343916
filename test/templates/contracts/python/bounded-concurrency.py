"""Contract scenarios: bounded-concurrency (templates/contracts/bounded-concurrency.json)."""

from __future__ import annotations

import asyncio
import itertools
from typing import Any, AsyncIterator, Iterator, List

from harness import Context, Scenario, scenario, settle


def failure_of(task: "asyncio.Future[Any]") -> List[str]:
    """The messages of the errors in the ExceptionGroup a failed map raised."""
    error = task.exception()
    assert isinstance(error, BaseExceptionGroup), repr(error)
    return [str(e) for e in error.exceptions]


def scenarios(t: Any) -> List[Scenario]:
    out: List[Scenario] = []

    @scenario(out, "never-exceeds-limit", "200 uneven items, limit 7: the peak in flight is exactly 7")
    async def _(ctx: Context) -> None:
        running = peak = 0

        async def op(n: int) -> int:
            nonlocal running, peak
            running += 1
            peak = max(peak, running)
            await asyncio.sleep(0.001 * (1 + n % 5))
            running -= 1
            return n * 2

        assert await t.map_bounded(op, range(200), 7) == [n * 2 for n in range(200)]
        assert peak == 7, peak

    @scenario(out, "results-in-input-order", "operations finishing in reverse order: results in input order")
    async def _(ctx: Context) -> None:
        async def op(n: int) -> int:
            await asyncio.sleep(0.1 - n * 0.01)
            return n

        assert await t.map_bounded(op, [1, 2, 3, 4, 5], 5) == [1, 2, 3, 4, 5]

    @scenario(out, "lazy-input", "an endless generator, limit 4, failing at item 30: ends, fewer than 42 pulled")
    async def _(ctx: Context) -> None:
        pulled = 0

        def endless() -> Iterator[int]:
            nonlocal pulled
            for n in itertools.count():
                pulled += 1
                yield n

        async def op(n: int) -> int:
            await asyncio.sleep(0.001)
            if n == 30:
                raise ValueError("item 30")
            return n

        task = asyncio.ensure_future(t.map_bounded(op, endless(), 4))
        await settle(task)
        assert failure_of(task) == ["item 30"] and pulled < 30 + 4 * 3, pulled

    @scenario(out, "failure-stops-and-cancels", "item 3 fails while 1 and 2 wait 10 s: both cancelled, cleanup awaited, no more start")
    async def _(ctx: Context) -> None:
        started: List[int] = []
        cleaned: List[int] = []

        async def op(n: int) -> int:
            started.append(n)
            if n == 3:
                await asyncio.sleep(0.005)
                raise ValueError("item 3")
            try:
                await asyncio.sleep(10)
                return n
            finally:
                await asyncio.sleep(0.002)  # cleanup that takes a moment: the map must wait for it
                cleaned.append(n)

        task = asyncio.ensure_future(t.map_bounded(op, [1, 2, 3, 4, 5, 6], 3))
        await settle(task)
        assert failure_of(task) == ["item 3"]
        assert sorted(cleaned) == [1, 2] and started == [1, 2, 3], (cleaned, started)
        assert abs(ctx.now() - 0.007) < 1e-9, ctx.now()

    @scenario(out, "input-closed-on-early-exit", "a generator input's finally runs after a failure and after a cancellation")
    async def _(ctx: Context) -> None:
        for how in ("failure", "cancel"):
            closed: List[bool] = []

            def source() -> Iterator[int]:
                try:
                    yield from range(1000)
                finally:
                    closed.append(True)

            async def op(n: int) -> int:
                if how == "failure" and n == 5:
                    raise ValueError("stop")
                await asyncio.sleep(0.01)
                return n

            task = asyncio.ensure_future(t.map_bounded(op, source(), 2))
            await asyncio.sleep(0.015)
            if how == "cancel":
                task.cancel()
            await settle(task)
            assert task.done() and closed == [True], (how, closed)

    @scenario(out, "async-input", "an async generator of 50 items, limit 5: each once, in order; closed after a failure")
    async def _(ctx: Context) -> None:
        closed: List[int] = []

        async def pages(stop_at: int) -> AsyncIterator[int]:
            try:
                for n in range(stop_at):
                    await asyncio.sleep(0.001)  # a page fetch
                    yield n
            finally:
                closed.append(stop_at)

        seen: List[int] = []

        async def op(n: int) -> int:
            seen.append(n)
            await asyncio.sleep(0.003)
            return n * 10

        assert await t.map_bounded(op, pages(50), 5) == [n * 10 for n in range(50)]
        assert sorted(seen) == list(range(50))

        async def failing(n: int) -> int:
            if n == 7:
                raise ValueError("item 7")
            await asyncio.sleep(0.003)
            return n

        task = asyncio.ensure_future(t.map_bounded(failing, pages(1000), 5))
        await settle(task)
        assert failure_of(task) == ["item 7"] and closed == [50, 1000], closed

    @scenario(out, "caller-cancel-stops-all", "the caller cancels while 3 operations wait 10 s: all cancelled, nothing new started")
    async def _(ctx: Context) -> None:
        cancelled: List[int] = []
        started: List[int] = []

        async def op(n: int) -> int:
            started.append(n)
            try:
                await asyncio.sleep(10)
            except asyncio.CancelledError:
                cancelled.append(n)
                raise
            return n

        task = asyncio.ensure_future(t.map_bounded(op, range(10), 3))
        await asyncio.sleep(0.01)
        task.cancel()
        await settle(task)
        assert task.cancelled() and sorted(cancelled) == [0, 1, 2] and started == [0, 1, 2], (cancelled, started)

    return out
