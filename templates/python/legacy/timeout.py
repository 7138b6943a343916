# @pattern
# id: timeout
# title: Timeout and deadline around an operation (Python 3.8 to 3.10)
# summary: Bound one await with a task and asyncio.wait (not wait_for, whose cancellation race 3.8 to 3.11 share), and a chain of dependent awaits with one deadline by passing each step the time left.
# minimum: python 3.8
# apis: asyncio.wait, asyncio.ensure_future, asyncio.Task.cancel, asyncio.Task.cancelled, asyncio.TimeoutError, asyncio.get_running_loop, asyncio.AbstractEventLoop.time, asyncio.sleep, asyncio.run
# pitfalls: asyncio.wait_for before 3.12 returns the result and swallows a cancellation of the caller that arrives in the same loop iteration as the operation finishing, so a cancelled task carries on as if nothing happened; catching the builtin TimeoutError, which before 3.11 is not asyncio.TimeoutError; giving every step the full timeout so the total drifts past the deadline; asyncio.wait_for before 3.12 runs the operation in a new task, so contextvars set inside it do not reach the caller
# rules: timeout-misuse, missing-timeout, swallowed-cancellation
# tags: timeout, deadline, cancellation, legacy
# @end
"""Timeouts for Python 3.8 to 3.10, where asyncio.timeout does not exist yet: on 3.11+ prefer ../timeout.py."""

from __future__ import annotations

import asyncio
import math
from typing import Any, Awaitable, Callable, Sequence, TypeVar

T = TypeVar("T")


def _check_seconds(name: str, value: float) -> None:
    # bool is an int subclass: True would silently mean one second.
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        raise TypeError(f"{name} must be a number of seconds, got {value!r}")
    if not math.isfinite(value) or value <= 0:
        raise ValueError(f"{name} must be a positive finite number of seconds, got {value!r}")


async def with_timeout(op: Callable[[], Awaitable[T]], seconds: float) -> T:
    """Runs op() and cancels it if it takes longer than `seconds`; raises asyncio.TimeoutError then.

    Not asyncio.wait_for: before 3.12, when our caller cancels us in the same loop iteration as op() finishes,
    wait_for returns op's result and the cancellation is lost. asyncio.wait never swallows it.
    """
    if not callable(op):
        raise TypeError(f"op must be a callable returning an awaitable, got {op!r}")
    _check_seconds("seconds", seconds)
    task = asyncio.ensure_future(op())
    try:
        done, _pending = await asyncio.wait({task}, timeout=seconds)
    except BaseException:
        # Cancelled (or the loop is stopping): the operation must not outlive us, and the cancellation goes on up
        # even if op() finished at this very moment.
        await _cancel_and_wait(task)
        raise
    if task not in done:
        await _cancel_and_wait(task)  # op's finally blocks run before TimeoutError reaches the caller
        if task.cancelled():
            raise asyncio.TimeoutError(f"timed out after {seconds} s")
    return task.result()  # finished in time, or while being cancelled: its own outcome, value or error


async def _cancel_and_wait(task: "asyncio.Future[Any]") -> None:
    task.cancel()
    await asyncio.wait({task})  # never raises the task's outcome; our caller reads it, or it is marked as seen
    if not task.cancelled():
        task.exception()


async def chain_with_deadline(
    steps: Sequence[Callable[[Any], Awaitable[Any]]], first_input: Any, total_seconds: float
) -> Any:
    """Feeds each step the previous step's result; all steps together must finish within total_seconds."""
    if isinstance(steps, (str, bytes)) or not isinstance(steps, Sequence):
        raise TypeError(f"steps must be a sequence of callables, got {steps!r}")
    for index, step in enumerate(steps):
        if not callable(step):
            raise TypeError(f"steps[{index}] must be callable, got {step!r}")
    _check_seconds("total_seconds", total_seconds)
    loop = asyncio.get_running_loop()
    deadline = loop.time() + total_seconds
    value = first_input
    for step in steps:
        remaining = deadline - loop.time()
        if remaining <= 0:
            # wait_for(x, 0) would still create the coroutine; fail before starting the step.
            raise asyncio.TimeoutError()
        value = await with_timeout(lambda: step(value), remaining)  # each step needs the previous result
    return value


async def _self_check() -> None:
    cleaned_up: list[str] = []

    async def slow() -> str:
        try:
            await asyncio.sleep(10)
            return "too late"
        finally:
            cleaned_up.append("slow")  # runs because wait_for cancels, not abandons

    async def fast() -> str:
        await asyncio.sleep(0)
        return "fast"

    assert await with_timeout(fast, 1.0) == "fast"

    try:
        await with_timeout(slow, 0.02)
    except asyncio.TimeoutError:
        pass  # expected: checked below
    else:
        raise AssertionError("with_timeout did not time out")
    assert cleaned_up == ["slow"], cleaned_up

    started: list[int] = []

    def make_step(index: int, delay: float) -> Callable[[Any], Awaitable[Any]]:
        async def step(value: Any) -> Any:
            started.append(index)
            await asyncio.sleep(delay)
            return value + 1

        return step

    assert await chain_with_deadline([make_step(0, 0), make_step(1, 0)], 40, 1.0) == 42

    # Each step would fit a 0.1 s per-step timeout, but together they overrun the 0.1 s deadline.
    try:
        await chain_with_deadline([make_step(0, 0.04), make_step(1, 0.04), make_step(2, 0.04)], 0, 0.1)
    except asyncio.TimeoutError:
        timed_out = True
    else:
        timed_out = False
    assert timed_out, "chain_with_deadline did not enforce the deadline"

    # A step that hangs uses up the shared deadline, and the steps after it never start.
    started.clear()
    try:
        await chain_with_deadline([make_step(0, 0), make_step(1, 10), make_step(2, 0)], 0, 0.05)
    except asyncio.TimeoutError:
        timed_out = True
    else:
        timed_out = False
    assert timed_out and started == [0, 1], started

    for bad in (0, -1.0, float("nan")):
        try:
            await with_timeout(fast, bad)
        except ValueError as exc:
            assert "seconds" in str(exc) and repr(bad) in str(exc), exc
        else:
            raise AssertionError(f"seconds={bad!r} was accepted")


if __name__ == "__main__":
    asyncio.run(_self_check())
