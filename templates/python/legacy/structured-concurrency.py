# @pattern
# id: structured-concurrency
# title: Structured concurrency without TaskGroup (Python 3.8 to 3.10)
# summary: Run related tasks with gather and, on the first failure or on cancellation, cancel the rest and wait until they have finished.
# minimum: python 3.8
# apis: asyncio.create_task, asyncio.gather, asyncio.wait, asyncio.Task.cancel, asyncio.Task.cancelled, asyncio.Task.exception, asyncio.sleep, asyncio.run
# pitfalls: gather without return_exceptions propagates the first error but leaves the other tasks running; cancelling tasks without awaiting them, so their cleanup runs after the caller has moved on; gather raises only the first of several errors, so collect the others from the tasks
# rules: dangling-task, swallowed-cancellation, unbounded-concurrency
# tags: structured-concurrency, gather, cancellation, legacy
# @end
"""Structured concurrency for Python 3.8 to 3.10, which lack asyncio.TaskGroup.

On 3.11+ prefer ../structured-concurrency.py.
"""

from __future__ import annotations

import asyncio
from typing import Awaitable, Callable, Mapping, TypeVar

T = TypeVar("T")


class TaskErrors(Exception):
    """Several jobs failed: `exceptions` holds every failure, in job order (ExceptionGroup does this on 3.11+)."""

    def __init__(self, exceptions: list[BaseException]) -> None:
        super().__init__(f"{len(exceptions)} jobs failed: " + "; ".join(repr(e) for e in exceptions))
        self.exceptions = exceptions


async def run_all(jobs: Mapping[str, Callable[[], Awaitable[T]]]) -> dict[str, T]:
    """Runs every job concurrently and returns their results by name.

    On the first failure (or if the caller is cancelled) the other jobs are cancelled and waited
    for before the error propagates, so no job outlives this call. When several jobs failed, every
    failure is raised together in a TaskErrors; errors that only echo our cancellation are left out.
    """
    if not isinstance(jobs, Mapping):
        raise TypeError(f"jobs must be a mapping of name to callable, got {jobs!r}")
    for name, job in jobs.items():
        if not callable(job):
            raise TypeError(f"jobs[{name!r}] must be callable, got {job!r}")
    tasks = {name: asyncio.create_task(_call(job)) for name, job in jobs.items()}
    try:
        results = await asyncio.gather(*tasks.values())
    except asyncio.CancelledError:
        # Our caller cancelled us: stop the children, wait for their cleanup, and let the cancellation go on.
        await _cancel_and_wait(list(tasks.values()))
        raise
    except BaseException as first:
        await _cancel_and_wait(list(tasks.values()))
        # gather raised only the first failure; the others are in the tasks.
        failures = [t.exception() for t in tasks.values() if not t.cancelled() and t.exception() is not None]
        if len(failures) > 1 and all(isinstance(e, Exception) for e in failures):
            raise TaskErrors([e for e in failures if e is not None]) from None
        raise first
    return dict(zip(tasks.keys(), results))


async def _call(job: Callable[[], Awaitable[T]]) -> T:
    # create_task needs a coroutine; job() may return any awaitable.
    return await job()


async def _cancel_and_wait(tasks: list[asyncio.Task[T]]) -> None:
    for task in tasks:
        task.cancel()  # no effect on tasks that are already done
    # wait() never raises the tasks' errors; it returns once every task has finished its cleanup.
    await asyncio.wait(tasks)
    for task in tasks:
        if not task.cancelled():
            # Mark late errors as retrieved: the first error is already propagating to the caller.
            task.exception()


async def _self_check() -> None:
    cancelled: list[str] = []

    async def value(result: int, delay: float) -> int:
        await asyncio.sleep(delay)
        return result

    async def fails(message: str, delay: float) -> int:
        await asyncio.sleep(delay)
        raise ValueError(message)

    async def hangs(name: str) -> int:
        try:
            await asyncio.sleep(10)
        except asyncio.CancelledError:
            cancelled.append(name)
            raise  # re-raise so the task ends as cancelled
        return 0

    assert await run_all({"a": lambda: value(1, 0.01), "b": lambda: value(2, 0)}) == {"a": 1, "b": 2}

    try:
        await run_all({"bad": lambda: fails("boom", 0.01), "slow": lambda: hangs("slow")})
    except ValueError as exc:
        assert str(exc) == "boom", exc
    else:
        raise AssertionError("run_all did not raise")
    # The sibling was cancelled and had finished its cleanup before run_all raised.
    assert cancelled == ["slow"], cancelled

    cancelled.clear()
    outer = asyncio.create_task(run_all({"p": lambda: hangs("p"), "q": lambda: hangs("q")}))
    await asyncio.sleep(0.01)
    outer.cancel()
    await asyncio.wait([outer])  # waits without raising; the outcome is checked below
    assert outer.cancelled() and sorted(cancelled) == ["p", "q"], cancelled

    try:
        await run_all({"a": 42})  # type: ignore[dict-item]  # deliberately wrong, to check the error
    except TypeError as exc:
        assert "jobs['a']" in str(exc) and "42" in str(exc), exc
    else:
        raise AssertionError("a non-callable job was accepted")


if __name__ == "__main__":
    asyncio.run(_self_check())
