# @pattern
# id: timeout
# title: Timeout and deadline around an operation
# summary: Bound one await with a relative timeout, and a chain of dependent awaits with one absolute deadline.
# minimum: python 3.11
# apis: asyncio.timeout, asyncio.timeout_at, asyncio.Timeout.expired, asyncio.get_running_loop, asyncio.AbstractEventLoop.time, asyncio.sleep, asyncio.run
# pitfalls: catching asyncio.TimeoutError separately from TimeoutError (they are the same class since 3.11); treating a TimeoutError raised by the operation itself as our timeout; recomputing a per-step timeout so the total drifts past the deadline; time.time() for deadlines (the loop clock is monotonic); a timeout that abandons the work instead of cancelling it
# rules: timeout-misuse, missing-timeout, swallowed-cancellation
# tags: timeout, deadline, cancellation
# fallback: python 3.8: use await asyncio.wait_for(op(), seconds) and catch asyncio.TimeoutError; for a deadline pass the remaining time to each wait_for; see legacy/timeout.py
# @end
"""Timeouts with asyncio.timeout (one await) and asyncio.timeout_at (one deadline for several awaits)."""

import asyncio
import math
from collections.abc import Awaitable, Callable, Sequence
from typing import Any, TypeVar

T = TypeVar("T")


def _check_seconds(name: str, value: float) -> None:
    # bool is an int subclass: True would silently mean one second.
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        raise TypeError(f"{name} must be a number of seconds, got {value!r}")
    if not math.isfinite(value) or value <= 0:
        raise ValueError(f"{name} must be a positive finite number of seconds, got {value!r}")


async def with_timeout(op: Callable[[], Awaitable[T]], seconds: float) -> T:
    """Runs op() and cancels it if it takes longer than `seconds`; raises TimeoutError then."""
    if not callable(op):
        raise TypeError(f"op must be a callable returning an awaitable, got {op!r}")
    _check_seconds("seconds", seconds)
    # On expiry the timeout cancels op() at its current await, so op's finally blocks run
    # before TimeoutError reaches us: no work is left running in the background.
    async with asyncio.timeout(seconds):
        return await op()


async def with_timeout_or_default(op: Callable[[], Awaitable[T]], seconds: float, default: T) -> T:
    """Like with_timeout, but returns `default` when *our* timeout expires."""
    if not callable(op):
        raise TypeError(f"op must be a callable returning an awaitable, got {op!r}")
    _check_seconds("seconds", seconds)
    scope = asyncio.timeout(seconds)
    try:
        async with scope:
            return await op()
    except TimeoutError:
        # A TimeoutError raised by op itself (a socket timeout, say) is not ours to hide.
        if scope.expired():
            return default
        raise


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
    # One absolute deadline on the loop's monotonic clock: a slow early step leaves less time
    # for the later ones, instead of each step getting a fresh allowance.
    deadline = asyncio.get_running_loop().time() + total_seconds
    value = first_input
    async with asyncio.timeout_at(deadline):
        for step in steps:
            value = await step(value)  # each step needs the previous result: sequential on purpose
    return value


async def _self_check() -> None:
    cleaned_up: list[str] = []

    async def slow() -> str:
        try:
            await asyncio.sleep(10)
            return "too late"
        finally:
            cleaned_up.append("slow")  # runs because the timeout cancels, not abandons

    async def fast() -> str:
        await asyncio.sleep(0)
        return "fast"

    assert await with_timeout(fast, 1.0) == "fast"

    try:
        await with_timeout(slow, 0.02)
    except TimeoutError:
        pass  # expected: checked below
    else:
        raise AssertionError("with_timeout did not time out")
    assert cleaned_up == ["slow"], cleaned_up

    assert await with_timeout_or_default(slow, 0.02, "default") == "default"
    assert cleaned_up == ["slow", "slow"], cleaned_up

    async def own_timeout() -> str:
        raise TimeoutError("the operation's own timeout")

    try:
        await with_timeout_or_default(own_timeout, 1.0, "default")
    except TimeoutError as exc:
        assert str(exc) == "the operation's own timeout"
    else:
        raise AssertionError("the operation's own TimeoutError was hidden")

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
    except TimeoutError:
        timed_out = True
    else:
        timed_out = False
    assert timed_out, "chain_with_deadline did not enforce the deadline"

    # A step that hangs uses up the shared deadline, and the steps after it never start.
    started.clear()
    try:
        await chain_with_deadline([make_step(0, 0), make_step(1, 10), make_step(2, 0)], 0, 0.05)
    except TimeoutError:
        timed_out = True
    else:
        timed_out = False
    assert timed_out and started == [0, 1], started

    for bad in (0, -1.0, float("nan"), float("inf")):
        try:
            await with_timeout(fast, bad)
        except ValueError as exc:
            assert "seconds" in str(exc) and repr(bad) in str(exc), exc
        else:
            raise AssertionError(f"seconds={bad!r} was accepted")
    try:
        await with_timeout(fast, True)
    except TypeError as exc:
        assert "seconds" in str(exc) and "True" in str(exc), exc
    else:
        raise AssertionError("seconds=True was accepted")


if __name__ == "__main__":
    asyncio.run(_self_check())
