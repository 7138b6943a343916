# @pattern
# id: producer-consumer
# title: Producer-consumer with backpressure
# summary: A bounded asyncio.Queue between a producer and N consumers: the producer waits when consumers fall behind, and one failure stops the whole pipeline.
# minimum: python 3.11
# apis: aiter, contextlib.nullcontext, asyncio.Queue, asyncio.Queue.put, asyncio.Queue.get, asyncio.Queue.task_done, asyncio.Queue.join, asyncio.TaskGroup, asyncio.TaskGroup.create_task, asyncio.Task.cancel, asyncio.sleep, asyncio.run, contextlib.aclosing
# pitfalls: a source left suspended in put() when a consumer fails, so its cleanup runs at garbage collection: close it; an unbounded Queue(), so a fast producer fills memory; put_nowait in a loop, which bypasses backpressure; forgetting task_done (join() hangs) or calling it before the item is handled (join() returns early); a consumer that dies while join() waits forever for its items; Queue.shutdown is 3.13+
# rules: dangling-task, unbounded-concurrency, swallowed-cancellation
# tags: queue, backpressure, producer-consumer, pipeline
# fallback: python 3.8: replace the TaskGroup with create_task plus gather and cancel the consumers yourself (see legacy/structured-concurrency.py); on 3.13+ Queue.shutdown() can replace the cancel-after-join step
# @end
"""A bounded queue gives backpressure: `await queue.put()` waits while the queue is full."""

import asyncio
import contextlib
from collections.abc import AsyncGenerator, AsyncIterable, Awaitable, Callable
from typing import Protocol, TypeVar, runtime_checkable

T = TypeVar("T")


@runtime_checkable
class _Closable(Protocol):
    """What contextlib.aclosing needs: async generators, and any other async iterator that holds a resource."""

    def aclose(self) -> Awaitable[object]: ...


async def run_pipeline(
    source: AsyncIterable[T],
    handle: Callable[[T], Awaitable[None]],
    *,
    consumers: int = 4,
    maxsize: int = 16,
) -> None:
    """Feeds every item of `source` to `handle`, with `consumers` handlers and at most `maxsize` items waiting."""
    if not callable(handle):
        raise TypeError(f"handle must be a callable returning an awaitable, got {handle!r}")
    for name, value in (("consumers", consumers), ("maxsize", maxsize)):
        if isinstance(value, bool) or not isinstance(value, int) or value < 1:
            raise ValueError(f"{name} must be an int >= 1, got {value!r}")
    # maxsize >= 1: Queue(0) would be unbounded, the opposite of what we want.
    queue: asyncio.Queue[T] = asyncio.Queue(maxsize)

    async def consume() -> None:
        while True:
            item = await queue.get()
            try:
                await handle(item)
            finally:
                queue.task_done()  # after handling, so join() means "all handled", not "all taken"

    # If a consumer fails, the TaskGroup cancels this block (so a put() or join() blocked on
    # the dead consumer cannot hang) and the other consumers, then raises an ExceptionGroup.
    stream = aiter(source)
    # The pipeline owns the source: however it ends (a consumer failed, the caller cancelled), the source is
    # closed before this returns, not left suspended in a put() until garbage collection.
    closing = contextlib.aclosing(stream) if isinstance(stream, _Closable) else contextlib.nullcontext(stream)
    async with closing, asyncio.TaskGroup() as group:
        workers = [group.create_task(consume()) for _ in range(consumers)]
        async for item in stream:
            await queue.put(item)  # waits while the queue is full: this is the backpressure
        await queue.join()
        for worker in workers:
            worker.cancel()  # idle in queue.get(); their loops have no other way to end on 3.11


async def _self_check() -> None:
    produced = 0
    handled: list[int] = []
    in_handler = 0
    max_ahead = 0

    async def numbers(count: int) -> AsyncGenerator[int, None]:
        nonlocal produced, max_ahead
        for n in range(count):
            # Produced but neither handled nor being handled = sitting in the queue, plus the one
            # whose put() may be waiting: at most maxsize + 1, however long the input.
            max_ahead = max(max_ahead, produced - len(handled) - in_handler)
            produced += 1
            yield n

    async def slow_handle(item: int) -> None:
        nonlocal in_handler
        in_handler += 1
        try:
            await asyncio.sleep(0.001)
            handled.append(item)
        finally:
            in_handler -= 1

    await run_pipeline(numbers(200), slow_handle, consumers=3, maxsize=5)
    assert sorted(handled) == list(range(200)), handled
    assert max_ahead <= 5 + 1, max_ahead  # bounded by the queue, not by the input size

    async def fails_on_7(item: int) -> None:
        await asyncio.sleep(0)
        if item == 7:
            raise ValueError(f"cannot handle {item}")

    async def endless() -> AsyncGenerator[int, None]:
        n = 0
        while True:
            yield n
            n += 1

    # A failing consumer stops the endless producer instead of leaving it blocked on a full queue.
    try:
        # The pipeline closes the generator itself when it stops reading mid-stream.
        await run_pipeline(endless(), fails_on_7, consumers=2, maxsize=3)
    except* ValueError as group:
        assert [str(e) for e in group.exceptions] == ["cannot handle 7"], group.exceptions
    else:
        raise AssertionError("run_pipeline did not raise")

    for kwargs in ({"consumers": 0}, {"maxsize": 0}, {"maxsize": True}):
        try:
            await run_pipeline(numbers(1), slow_handle, **kwargs)  # type: ignore[arg-type]  # deliberately wrong
        except ValueError as exc:
            (name, value), = kwargs.items()
            assert name in str(exc) and repr(value) in str(exc), exc
        else:
            raise AssertionError(f"{kwargs!r} was accepted")


if __name__ == "__main__":
    asyncio.run(_self_check())
