# @pattern
# id: structured-concurrency
# title: Structured concurrency with TaskGroup
# summary: Start related tasks in an asyncio.TaskGroup so none outlives the block: the first failure cancels the siblings and all errors come back together.
# minimum: python 3.11
# apis: asyncio.TaskGroup, asyncio.TaskGroup.create_task, asyncio.Task.result, asyncio.sleep, asyncio.create_task, asyncio.run, ExceptionGroup
# pitfalls: create_task without keeping the task, so it can be garbage-collected mid-flight and its errors are lost; gather without return_exceptions leaves the other tasks running after the first error; catching ExceptionGroup with a plain except clause instead of except*; reading task results inside the block before the group has finished
# rules: dangling-task, swallowed-cancellation, unbounded-concurrency
# tags: structured-concurrency, taskgroup, cancellation, exception-group
# fallback: python 3.8: create the tasks yourself, await gather(*tasks), and on any exception cancel the rest and wait for them; see legacy/structured-concurrency.py
# @end
"""Structured concurrency: tasks live inside an `async with asyncio.TaskGroup()` block and never outlive it."""

import asyncio
from collections.abc import Awaitable, Callable, Mapping
from typing import TypeVar

T = TypeVar("T")


async def run_all(jobs: Mapping[str, Callable[[], Awaitable[T]]]) -> dict[str, T]:
    """Runs every job concurrently and returns their results by name.

    If any job fails, the others are cancelled and waited for, and every failure is raised
    together in an ExceptionGroup (handle it with `except*`).
    """
    if not isinstance(jobs, Mapping):
        raise TypeError(f"jobs must be a mapping of name to callable, got {jobs!r}")
    for name, job in jobs.items():
        if not callable(job):
            raise TypeError(f"jobs[{name!r}] must be callable, got {job!r}")
    async with asyncio.TaskGroup() as group:
        # The group keeps a reference to each task, and the dict keeps them for the results.
        tasks = {name: group.create_task(_call(job), name=name) for name, job in jobs.items()}
    # Leaving the block means every task has finished: result() cannot raise InvalidStateError here.
    return {name: task.result() for name, task in tasks.items()}


async def _call(job: Callable[[], Awaitable[T]]) -> T:
    # create_task needs a coroutine; job() may return any awaitable.
    return await job()


class _StopGroup(Exception):
    """Raised inside a TaskGroup to cancel it on purpose (3.11 has no TaskGroup.cancel())."""


async def first_match(
    producers: Mapping[str, Callable[[], Awaitable[T]]], accept: Callable[[T], bool]
) -> T | None:
    """Runs the producers together and stops all of them as soon as one result passes `accept`."""
    if not callable(accept):
        raise TypeError(f"accept must be callable, got {accept!r}")
    found: list[T] = []

    async def check(job: Callable[[], Awaitable[T]]) -> None:
        value = await job()
        if accept(value):
            found.append(value)
            raise _StopGroup  # the group cancels every sibling and waits for them

    try:
        async with asyncio.TaskGroup() as group:
            for name, job in producers.items():
                group.create_task(check(job), name=name)
    except* _StopGroup:
        pass  # our own stop signal; any other error in the group still propagates
    return found[0] if found else None


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
            raise  # re-raise: the group must see the cancellation to finish
        return 0

    assert await run_all({"a": lambda: value(1, 0.01), "b": lambda: value(2, 0)}) == {"a": 1, "b": 2}

    # One failure cancels the sibling that would otherwise hang for 10 s.
    try:
        await run_all({"bad": lambda: fails("boom", 0.01), "slow": lambda: hangs("slow")})
    except* ValueError as group:
        assert [str(e) for e in group.exceptions] == ["boom"], group.exceptions
    else:
        raise AssertionError("run_all did not raise")
    assert cancelled == ["slow"], cancelled

    # Two failures at once are both reported, not just the first.
    try:
        await run_all({"x": lambda: fails("x", 0), "y": lambda: fails("y", 0)})
    except* ValueError as group:
        assert sorted(str(e) for e in group.exceptions) == ["x", "y"], group.exceptions

    # Cancelling the caller cancels every task in the group.
    cancelled.clear()
    outer = asyncio.create_task(run_all({"p": lambda: hangs("p"), "q": lambda: hangs("q")}))
    await asyncio.sleep(0.01)
    outer.cancel()
    await asyncio.wait([outer])  # waits without raising; the outcome is checked below
    assert outer.cancelled() and sorted(cancelled) == ["p", "q"], cancelled

    cancelled.clear()
    found = await first_match(
        {"small": lambda: value(1, 0), "big": lambda: value(50, 0.01), "never": lambda: hangs("never")},
        lambda v: v > 10,
    )
    assert found == 50 and cancelled == ["never"], (found, cancelled)

    try:
        await run_all({"a": 42})  # type: ignore[dict-item]  # deliberately wrong, to check the error
    except TypeError as exc:
        assert "jobs['a']" in str(exc) and "42" in str(exc), exc
    else:
        raise AssertionError("a non-callable job was accepted")


if __name__ == "__main__":
    asyncio.run(_self_check())
