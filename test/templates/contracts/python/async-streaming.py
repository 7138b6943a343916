"""Contract scenarios: async-streaming (templates/contracts/async-streaming.json)."""

from __future__ import annotations

import asyncio
import contextlib
from typing import Any, AsyncIterator, List, Optional, Tuple

from harness import Context, Scenario, scenario, settle

PAGES = {None: ([1, 2, 3], "p2"), "p2": ([4, 5, 6], "p3"), "p3": ([7, 8, 9], None)}


def source(t: Any, fetched: List[Optional[str]], closed: List[str]) -> AsyncIterator[int]:
    """The template's paginate() over three pages, wrapped so its closing is observable."""

    async def fetch(cursor: Optional[str]) -> Tuple[List[int], Optional[str]]:
        fetched.append(cursor)
        await asyncio.sleep(0.005)
        return PAGES[cursor]

    async def observed() -> AsyncIterator[int]:
        stream = t.paginate(fetch)
        try:
            async for item in stream:
                yield item
        finally:
            await stream.aclose()
            closed.append("closed")

    return observed()


def scenarios(t: Any) -> List[Scenario]:
    out: List[Scenario] = []

    @scenario(out, "lazy-pull", "three pages of three, the consumer takes two: one page fetched")
    async def _(ctx: Context) -> None:
        fetched: List[Optional[str]] = []
        async with contextlib.aclosing(source(t, fetched, [])) as stream:
            taken = [await stream.__anext__(), await stream.__anext__()]
        assert taken == [1, 2] and fetched == [None], (taken, fetched)

    @scenario(out, "closed-on-early-exit", "break out of batches: the source and the transform are closed by the next line")
    async def _(ctx: Context) -> None:
        closed: List[str] = []
        async with contextlib.aclosing(t.batched(source(t, [], closed), 2)) as batches:
            async for batch in batches:
                assert batch == [1, 2]
                break
        assert closed == ["closed"], "breaking out left the source open"

    @scenario(out, "closed-on-error", "the consumer fails on the second batch: source closed, error unchanged")
    async def _(ctx: Context) -> None:
        closed: List[str] = []
        failure = LookupError("bad row")

        async def consume() -> None:
            async with contextlib.aclosing(t.batched(source(t, [], closed), 2)) as batches:
                async for batch in batches:
                    if 4 in batch:
                        raise failure

        task = asyncio.ensure_future(consume())
        await settle(task)
        assert task.exception() is failure and closed == ["closed"], (task, closed)

    @scenario(out, "cancel-stops-fetching", "cancel while page 2 is fetched: no third fetch, the source closed")
    async def _(ctx: Context) -> None:
        fetched: List[Optional[str]] = []
        closed: List[str] = []

        async def consume() -> List[int]:
            async with contextlib.aclosing(source(t, fetched, closed)) as stream:
                return [item async for item in stream]

        task = asyncio.ensure_future(consume())
        await asyncio.sleep(0.007)  # page 1 arrived at 5 ms; page 2 is in flight
        task.cancel()
        await settle(task)
        await asyncio.sleep(0.1)
        assert task.cancelled() and fetched == [None, "p2"] and closed == ["closed"], (fetched, closed)

    @scenario(out, "arguments-checked-at-call", "batch size 0 and a non-callable fetcher fail at the call")
    async def _(ctx: Context) -> None:
        for call in (lambda: t.batched(source(t, [], []), 0), lambda: t.paginate(42)):
            try:
                call()
            except (ValueError, TypeError) as error:
                assert "size" in str(error) or "fetch_page" in str(error), error
            else:
                raise AssertionError("a bad argument was accepted at the call")

    return out
