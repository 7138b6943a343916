# @pattern
# id: parallel-partial-failures
# title: Parallel execution with partial failures
# summary: Run independent operations concurrently and collect successes and failures separately, keyed by input, instead of letting the first error discard the rest.
# minimum: python 3.9
# apis: asyncio.gather, asyncio.create_task, asyncio.wait, asyncio.sleep, asyncio.Event, asyncio.run
# pitfalls: calling func(item) while building the gather arguments, so one that raises before returning its awaitable aborts the batch while the others run on unobserved; isinstance(result, Exception) alone, which misses a child's CancelledError (a BaseException since 3.8) and lets it pass as a success; gather without return_exceptions, which raises the first error and leaves the other operations running unobserved; discarding the failures without looking at them; a TaskGroup here, which cancels everything on the first failure (right for all-or-nothing, wrong for best-effort)
# rules: swallowed-error, unbounded-concurrency, dangling-task
# tags: gather, partial-failure, parallel, error-handling
# @end
"""Best-effort fan-out: every operation runs to completion; successes and failures come back apart."""

import asyncio
from collections.abc import Awaitable, Callable, Iterable
from dataclasses import dataclass
from typing import Generic, TypeVar

A = TypeVar("A")
R = TypeVar("R")


@dataclass(frozen=True)
class Settled(Generic[A, R]):
    """Outcomes in input order. Failures keep the input, so callers can retry or report precisely."""

    succeeded: list[tuple[A, R]]
    failed: list[tuple[A, BaseException]]


async def settle_all(func: Callable[[A], Awaitable[R]], items: Iterable[A]) -> Settled[A, R]:
    """Calls func(item) for every item concurrently; never raises for an item's failure.

    Cancelling the caller cancels every call (gather propagates the cancellation to them).
    For large inputs, limit concurrency: see the bounded-concurrency pattern.
    """
    if not callable(func):
        raise TypeError(f"func must be a callable returning an awaitable, got {func!r}")
    if isinstance(items, (str, bytes)):
        raise TypeError(f"items must be an iterable of inputs, not a string: got {items!r}")
    inputs = list(items)
    # return_exceptions=True: each failure becomes a value in its slot instead of aborting the rest.
    # Each call goes through _call, so a func that raises before returning its awaitable fails only its own item
    # (called directly in the generator, it would abort the gather while the calls already made run on).
    # async-expert-disable-next-line unbounded-concurrency -- bounding is the caller's choice (docstring above)
    outcomes = await asyncio.gather(*(_call(func, item) for item in inputs), return_exceptions=True)
    succeeded: list[tuple[A, R]] = []
    failed: list[tuple[A, BaseException]] = []
    for item, outcome in zip(inputs, outcomes):
        if isinstance(outcome, (Exception, asyncio.CancelledError)):
            # A child's CancelledError (someone cancelled that one operation) is a failure of that
            # item. Our own cancellation never gets here: gather raises it instead.
            failed.append((item, outcome))
        elif isinstance(outcome, BaseException):
            raise outcome  # KeyboardInterrupt, SystemExit: not an item failure
        else:
            succeeded.append((item, outcome))
    return Settled(succeeded, failed)


async def _call(func: Callable[[A], Awaitable[R]], item: A) -> R:
    return await func(item)


async def _self_check() -> None:
    running = 0
    peak = 0

    async def fetch(user_id: int) -> str:
        nonlocal running, peak
        running += 1
        peak = max(peak, running)
        try:
            await asyncio.sleep(0.01)
            if user_id % 3 == 0:
                raise LookupError(f"user {user_id} not found")
            return f"user {user_id}"
        finally:
            running -= 1

    result = await settle_all(fetch, range(1, 8))
    assert result.succeeded == [(i, f"user {i}") for i in (1, 2, 4, 5, 7)], result.succeeded
    assert [(i, str(e)) for i, e in result.failed] == [(3, "user 3 not found"), (6, "user 6 not found")]
    assert peak == 7, peak  # all ran at the same time

    # A child cancelled on its own is reported as that item's failure, not as a success.
    async def cancelled_child(n: int) -> int:
        if n == 2:
            raise asyncio.CancelledError()  # as if that one operation had been cancelled
        await asyncio.sleep(0)
        return n

    mixed = await settle_all(cancelled_child, [1, 2, 3])
    assert [i for i, _ in mixed.succeeded] == [1, 3], mixed
    assert [(i, type(e)) for i, e in mixed.failed] == [(2, asyncio.CancelledError)], mixed.failed

    # Cancelling the caller cancels every operation: nothing keeps running in the background.
    started = 0
    cleaned = 0
    all_started = asyncio.Event()

    async def slow(n: int) -> int:
        nonlocal started, cleaned
        started += 1
        if started == 3:
            all_started.set()
        try:
            await asyncio.sleep(10)
            return n
        finally:
            cleaned += 1

    caller = asyncio.create_task(settle_all(slow, [1, 2, 3]))
    await all_started.wait()
    caller.cancel()
    await asyncio.wait([caller])  # waits without raising; the outcome is checked below
    assert caller.cancelled() and cleaned == 3, cleaned

    try:
        await settle_all("fetch", [1])  # type: ignore[arg-type]  # deliberately wrong, to check the error
    except TypeError as exc:
        assert "func" in str(exc) and "'fetch'" in str(exc), exc
    else:
        raise AssertionError("a non-callable func was accepted")


if __name__ == "__main__":
    asyncio.run(_self_check())
