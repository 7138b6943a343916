# @pattern
# id: async-streaming
# title: Async iteration and streaming
# summary: Stream paged or chunked data with async generators, transform it lazily, and close the stream deterministically when the consumer stops early.
# minimum: python 3.11
# apis: contextlib.aclosing, contextlib.nullcontext, aiter, anext, asyncio.timeout, asyncio.sleep, asyncio.run
# pitfalls: argument checks inside an async generator run only at the first anext(), far from the bad call, so check in a plain function that returns the generator; a transform that loops over its source with async for does not close that source when it is itself closed early, so it must aclose it; collecting a whole stream into a list before processing it; breaking out of `async for` over an async generator without aclosing, so its finally blocks run later at garbage collection or loop shutdown; yielding inside an `async with asyncio.timeout()` or TaskGroup in a generator, which lets the timeout or cancellation hit the consumer's code; a blocking iterator (file, requests) in an async for
# rules: blocking-call-in-async, await-in-loop, timeout-misuse
# tags: streaming, async-generator, async-iteration, pagination
# fallback: python 3.10: replace `async with asyncio.timeout(seconds)` with `await asyncio.wait_for(anext(source), seconds)` and catch asyncio.TimeoutError
# fallback: python 3.7: contextlib.aclosing, aiter and anext are 3.10+; call `await gen.aclose()` in a finally block, `source.__aiter__()` and `await it.__anext__()` instead
# @end
"""Async generators: pages in, items out, lazily, with deterministic cleanup."""

import asyncio
import contextlib
import math
from collections.abc import AsyncGenerator, AsyncIterable, AsyncIterator, Awaitable, Callable
from typing import Protocol, TypeVar, runtime_checkable

T = TypeVar("T")


@runtime_checkable
class _Closable(Protocol):
    """What contextlib.aclosing needs: async generators, and any other async iterator that holds a resource."""

    def aclose(self) -> Awaitable[object]: ...

# A page fetcher takes a cursor (None for the first page) and returns (items, next cursor or None).
FetchPage = Callable[[str | None], Awaitable[tuple[list[T], str | None]]]


def paginate(fetch_page: FetchPage[T]) -> AsyncGenerator[T, None]:
    """Yields items page by page; the next page is fetched only when the consumer wants more.

    A plain function returning the generator: the argument check runs at the call, not at the first anext().
    """
    if not callable(fetch_page):
        raise TypeError(f"fetch_page must be callable, got {fetch_page!r}")
    return _paginate(fetch_page)


async def _paginate(fetch_page: FetchPage[T]) -> AsyncGenerator[T, None]:
    cursor: str | None = None
    while True:
        items, cursor = await fetch_page(cursor)  # each page needs the previous page's cursor
        for item in items:
            yield item
        if cursor is None:
            return


def batched(source: AsyncIterable[T], size: int) -> AsyncGenerator[list[T], None]:
    """Groups a stream into lists of `size` (the last one may be shorter). Takes ownership of `source`: closing
    the batches closes it too, which a bare `async for` over it would not do."""
    if isinstance(size, bool) or not isinstance(size, int) or size < 1:
        raise ValueError(f"size must be an int >= 1, got {size!r}")
    if not isinstance(source, AsyncIterable):
        raise TypeError(f"source must be an async iterable, got {source!r}")
    return _batched(aiter(source), size)


async def _batched(source: AsyncIterator[T], size: int) -> AsyncGenerator[list[T], None]:
    # aclosing: leaving this generator early (the consumer broke out, or failed) closes the source now; a plain
    # `async for` would leave it suspended until garbage collection.
    async with contextlib.aclosing(source) if isinstance(source, _Closable) else contextlib.nullcontext(source):
        batch: list[T] = []
        async for item in source:
            batch.append(item)
            if len(batch) == size:
                yield batch
                batch = []
        if batch:
            yield batch


async def first_n_within(source: AsyncIterator[T], count: int, seconds: float) -> list[T]:
    """Takes up to `count` items, waiting at most `seconds` for each; raises TimeoutError on a stall.

    The timeout wraps anext(), never a yield. On expiry it cancels the pending anext(), which ends
    an async generator source for good: do not read from it afterwards.
    """
    if isinstance(count, bool) or not isinstance(count, int) or count < 0:
        raise ValueError(f"count must be an int >= 0, got {count!r}")
    if isinstance(seconds, bool) or not isinstance(seconds, (int, float)) or not math.isfinite(seconds) or seconds <= 0:
        raise ValueError(f"seconds must be a positive finite number, got {seconds!r}")
    taken: list[T] = []
    while len(taken) < count:
        try:
            async with asyncio.timeout(seconds):
                taken.append(await anext(source))  # the next item depends on the stream's position
        except StopAsyncIteration:
            break
    return taken


async def _self_check() -> None:
    pages = {None: ([1, 2, 3], "p2"), "p2": ([4, 5], "p3"), "p3": ([6], None)}
    fetched: list[str | None] = []

    async def fetch_page(cursor: str | None) -> tuple[list[int], str | None]:
        await asyncio.sleep(0)
        fetched.append(cursor)
        return pages[cursor]

    assert [b async for b in batched(paginate(fetch_page), 4)] == [[1, 2, 3, 4], [5, 6]]
    assert fetched == [None, "p2", "p3"], fetched

    # Stopping early: only the pages needed were fetched, and aclosing ran the generator's
    # cleanup at the `async with` exit instead of at garbage collection.
    fetched.clear()
    closed: list[str] = []

    async def tracked() -> AsyncGenerator[int, None]:
        try:
            async for item in paginate(fetch_page):
                yield item
        finally:
            closed.append("closed")

    async with contextlib.aclosing(tracked()) as stream:
        async for item in stream:
            if item == 2:
                break
        assert closed == [], "closed too early"
    assert closed == ["closed"] and fetched == [None], (closed, fetched)

    async def trickle() -> AsyncGenerator[int, None]:
        yield 1
        yield 2
        await asyncio.sleep(10)  # the stream stalls
        yield 3

    async with contextlib.aclosing(trickle()) as stream:
        try:
            await first_n_within(stream, 3, 0.02)
        except TimeoutError:
            stalled = True
        else:
            stalled = False
    assert stalled, "the stalled stream was not timed out"

    async with contextlib.aclosing(trickle()) as stream:
        assert await first_n_within(stream, 2, 1.0) == [1, 2]

    # The checks run at the call: an async generator's own body would only run them at the first anext().
    try:
        batched(paginate(fetch_page), 0)
    except ValueError as exc:
        assert "size" in str(exc) and "0" in str(exc), exc
    else:
        raise AssertionError("size=0 was accepted")


if __name__ == "__main__":
    asyncio.run(_self_check())
