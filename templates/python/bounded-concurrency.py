# @pattern
# id: bounded-concurrency
# title: Bounded concurrency over a large input
# summary: Process any number of items with at most `limit` in flight, using a fixed pool of worker tasks that pull from one iterator, or a Semaphore to cap calls from many places.
# minimum: python 3.11
# apis: asyncio.TaskGroup, asyncio.TaskGroup.create_task, asyncio.Semaphore, asyncio.Lock, asyncio.sleep, asyncio.run, ExceptionGroup, aiter, anext
# pitfalls: stopping early without closing the input, so a generator's finally (closing a cursor, a file) runs at garbage collection or never; several workers calling anext() on one async generator at once (RuntimeError: already running); gather(*[f(x) for x in items]) starts one task per item at once, exhausting sockets, memory or a remote rate limit; a Semaphore around gather still creates every coroutine up front; materialising a huge or endless input before starting; losing the input order of the results
# rules: unbounded-concurrency, dangling-task, await-in-loop
# tags: concurrency-limit, semaphore, worker-pool, backpressure
# fallback: python 3.8: start the workers with create_task and await gather(*workers), cancelling the rest on the first error (see legacy/structured-concurrency.py)
# @end
"""At most `limit` operations in flight: a worker pool for big inputs, a Semaphore for shared call sites."""

import asyncio
import functools
import itertools
from collections.abc import AsyncIterable, AsyncIterator, Awaitable, Callable, Iterable
from typing import ParamSpec, TypeVar

A = TypeVar("A")
R = TypeVar("R")
P = ParamSpec("P")


def _check_limit(limit: int) -> None:
    if isinstance(limit, bool) or not isinstance(limit, int) or limit < 1:
        raise ValueError(f"limit must be an int >= 1, got {limit!r}")


async def map_bounded(
    func: Callable[[A], Awaitable[R]], items: Iterable[A] | AsyncIterable[A], limit: int
) -> list[R]:
    """Returns [await func(x) for x in items] in input order, with at most `limit` calls running.

    Only `limit` tasks exist, whatever the input size, and items are pulled lazily, so a generator
    (or an async generator, a paginated stream) over a huge source is never materialised. The first
    failure cancels the rest and is raised in an ExceptionGroup; whenever the map stops before the
    input is exhausted, the input is closed, so a generator's finally runs before this returns.
    """
    if not callable(func):
        raise TypeError(f"func must be a callable returning an awaitable, got {func!r}")
    _check_limit(limit)
    results: dict[int, R] = {}
    next_index = 0
    exhausted = False
    if isinstance(items, AsyncIterable):
        stream: AsyncIterator[A] = aiter(items)
        # anext() of one async generator must not run twice at once ("already running"): one puller at a time.
        pulling = asyncio.Lock()

        async def pull() -> tuple[int, A] | None:
            nonlocal next_index, exhausted
            async with pulling:
                if exhausted:
                    return None
                try:
                    item = await anext(stream)
                except StopAsyncIteration:
                    exhausted = True
                    return None
                next_index += 1
                return next_index - 1, item

        async def close() -> None:
            aclose = getattr(stream, "aclose", None)
            if aclose is not None:
                await aclose()

    else:
        iterator = iter(items)

        async def pull() -> tuple[int, A] | None:
            # next() runs without awaiting, so no two workers get the same item.
            nonlocal next_index, exhausted
            if exhausted:
                return None
            try:
                item = next(iterator)
            except StopIteration:
                exhausted = True
                return None
            next_index += 1
            return next_index - 1, item

        async def close() -> None:
            close_generator = getattr(iterator, "close", None)
            if close_generator is not None:
                close_generator()

    async def worker() -> None:
        while (pulled := await pull()) is not None:
            index, item = pulled
            results[index] = await func(item)

    try:
        async with asyncio.TaskGroup() as group:
            for _ in range(limit):
                group.create_task(worker())
    finally:
        if not exhausted:
            await close()  # stopped early (a failure, a cancellation): the input's cleanup runs now
    return [results[index] for index in range(len(results))]


def limit_calls(limit: int) -> Callable[[Callable[P, Awaitable[R]]], Callable[P, Awaitable[R]]]:
    """Decorator: at most `limit` calls of the decorated coroutine function run at once, process-wide."""
    _check_limit(limit)
    # Since 3.10 asyncio primitives bind to the running loop on first use, so creating one at
    # import time is fine; they must not be shared between event loops.
    semaphore = asyncio.Semaphore(limit)

    def decorate(func: Callable[P, Awaitable[R]]) -> Callable[P, Awaitable[R]]:
        @functools.wraps(func)
        async def limited(*args: P.args, **kwargs: P.kwargs) -> R:
            async with semaphore:  # waits here when `limit` calls are already running
                return await func(*args, **kwargs)

        return limited

    return decorate


async def _self_check() -> None:
    running = 0
    peak = 0

    async def square(x: int) -> int:
        nonlocal running, peak
        running += 1
        peak = max(peak, running)
        try:
            await asyncio.sleep(0.001 * (x % 3))  # uneven durations, so workers finish out of order
            return x * x
        finally:
            running -= 1

    assert await map_bounded(square, range(200), limit=7) == [x * x for x in range(200)]
    assert peak == 7, peak  # reached the limit, never exceeded it

    # An endless input: laziness means this terminates, and the failure stops the other workers.
    pulled = 0

    def endless() -> Iterable[int]:
        nonlocal pulled
        for x in itertools.count():
            pulled += 1
            yield x

    async def fail_at_30(x: int) -> int:
        await asyncio.sleep(0)
        if x == 30:
            raise ValueError(f"item {x}")
        return x

    try:
        await map_bounded(fail_at_30, endless(), limit=4)
    except* ValueError as group:
        assert [str(e) for e in group.exceptions] == ["item 30"], group.exceptions
    else:
        raise AssertionError("map_bounded did not raise")
    # A few items past 30 may start before the group reacts to the failure, but only a few.
    assert pulled < 30 + 4 * 3, pulled

    running = peak = 0

    @limit_calls(3)
    async def call_api(x: int) -> int:
        return await square(x)

    results = await asyncio.gather(*(call_api(x) for x in range(20)))
    assert results == [x * x for x in range(20)] and peak == 3, (results, peak)

    for bad in (0, -2, True, 1.5):
        try:
            await map_bounded(square, [1], bad)  # type: ignore[arg-type]  # deliberately wrong, to check the error
        except ValueError as exc:
            assert "limit" in str(exc) and repr(bad) in str(exc), exc
        else:
            raise AssertionError(f"limit={bad!r} was accepted")


if __name__ == "__main__":
    asyncio.run(_self_check())
