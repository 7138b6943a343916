"""Contract scenarios: producer-consumer (templates/contracts/producer-consumer.json)."""

from __future__ import annotations

import asyncio
from typing import Any, AsyncIterator, List

from harness import Context, Scenario, scenario, settle


def scenarios(t: Any) -> List[Scenario]:
    out: List[Scenario] = []

    @scenario(out, "bounded-buffer", "maxsize 5, 200 items, 3 slow consumers: produced minus handled never exceeds 5 + 3 + 1")
    async def _(ctx: Context) -> None:
        produced = handled = ahead = 0

        async def numbers() -> AsyncIterator[int]:
            nonlocal produced, ahead
            for n in range(200):
                ahead = max(ahead, produced - handled)
                produced += 1
                yield n

        async def handle(_n: int) -> None:
            nonlocal handled
            await asyncio.sleep(0.002)
            handled += 1

        await t.run_pipeline(numbers(), handle, consumers=3, maxsize=5)
        assert handled == 200 and ahead <= 5 + 3 + 1, (handled, ahead)

    @scenario(out, "every-item-once", "200 items through three consumers: each once; through one: in order")
    async def _(ctx: Context) -> None:
        for consumers in (3, 1):
            seen: List[int] = []

            async def numbers() -> AsyncIterator[int]:
                for n in range(200):
                    yield n

            async def handle(n: int) -> None:
                await asyncio.sleep(0.001 * (n % 3))
                seen.append(n)

            await t.run_pipeline(numbers(), handle, consumers=consumers, maxsize=4)
            assert (seen if consumers == 1 else sorted(seen)) == list(range(200)), consumers

    @scenario(out, "close-drains", "ten items into a queue of ten, source done at once: all ten handled, the pipeline ends")
    async def _(ctx: Context) -> None:
        handled: List[int] = []

        async def ten() -> AsyncIterator[int]:
            for n in range(10):
                yield n

        async def handle(n: int) -> None:
            await asyncio.sleep(0.005)
            handled.append(n)

        await t.run_pipeline(ten(), handle, consumers=2, maxsize=10)
        assert sorted(handled) == list(range(10))
        assert ctx.other_tasks() == []

    @scenario(out, "consumer-failure-stops-producer", "an endless source and a consumer failing on 7: the error, the source closed")
    async def _(ctx: Context) -> None:
        closed: List[bool] = []

        async def endless() -> AsyncIterator[int]:
            n = 0
            try:
                while True:
                    yield n
                    n += 1
            finally:
                closed.append(True)

        async def handle(n: int) -> None:
            await asyncio.sleep(0.001)
            if n == 7:
                raise ValueError("cannot handle 7")

        task = asyncio.ensure_future(t.run_pipeline(endless(), handle, consumers=2, maxsize=3))
        await settle(task)
        error = task.exception()
        assert isinstance(error, BaseExceptionGroup) and [str(e) for e in error.exceptions] == ["cannot handle 7"], error
        assert closed == [True], "the source was left open"

    @scenario(out, "producer-failure-stops-consumers", "a source failing after 3 items: its error, no consumer left waiting")
    async def _(ctx: Context) -> None:
        async def broken() -> AsyncIterator[int]:
            for n in range(3):
                yield n
            await asyncio.sleep(0.005)
            raise OSError("source broke")

        async def handle(_n: int) -> None:
            await asyncio.sleep(0.001)

        task = asyncio.ensure_future(t.run_pipeline(broken(), handle, consumers=4, maxsize=3))
        await settle(task)
        error = task.exception()
        assert isinstance(error, BaseExceptionGroup) and [str(e) for e in error.exceptions] == ["source broke"], error
        assert ctx.other_tasks() == []

    @scenario(out, "caller-cancel-stops-all", "cancel while the source waits on a full queue and consumers are mid-item")
    async def _(ctx: Context) -> None:
        closed: List[bool] = []
        cancelled: List[int] = []

        async def endless() -> AsyncIterator[int]:
            try:
                n = 0
                while True:
                    yield n
                    n += 1
            finally:
                closed.append(True)

        async def handle(n: int) -> None:
            try:
                await asyncio.sleep(10)
            except asyncio.CancelledError:
                cancelled.append(n)
                raise

        task = asyncio.ensure_future(t.run_pipeline(endless(), handle, consumers=2, maxsize=2))
        await asyncio.sleep(0.01)
        task.cancel()
        await settle(task)
        assert task.cancelled() and len(cancelled) == 2 and closed == [True], (cancelled, closed)
        assert ctx.other_tasks() == []

    return out
