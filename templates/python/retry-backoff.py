# @pattern
# id: retry-backoff
# title: Retry with exponential backoff and jitter
# summary: Retry a transient failure a bounded number of times, sleeping a random delay under an exponentially growing cap, while cancellation stops everything at once.
# minimum: python 3.11
# apis: asyncio.sleep, asyncio.create_task, asyncio.wait, asyncio.run, BaseException.add_note, random.Random.uniform
# pitfalls: base_delay * 2 ** (n - 1) raises OverflowError at attempt 1025 (int too large to convert to float), and raised outside the except block it replaces the operation's error, so cap the exponent; retrying every exception, including programming errors and non-idempotent operations; except BaseException or a bare except that also retries CancelledError, so cancel() cannot stop the loop; time.sleep between attempts, which blocks the event loop; backoff without jitter, so many clients retry in lockstep; an unbounded number of attempts
# rules: swallowed-cancellation, blocking-call-in-async, await-in-loop
# tags: retry, backoff, jitter, resilience, cancellation
# fallback: python 3.8: drop the add_note call (3.11+) and, if needed, wrap the last error in your own exception carrying the attempt count
# @end
"""Retry with capped exponential backoff and full jitter; cancellation is never retried."""

import asyncio
import math
import random
from collections.abc import Awaitable, Callable
from typing import TypeVar

T = TypeVar("T")

# Default: only failures that usually go away on their own. Everything else is raised at once.
TRANSIENT_ERRORS: tuple[type[Exception], ...] = (ConnectionError, TimeoutError)


def is_transient(error: Exception) -> bool:
    return isinstance(error, TRANSIENT_ERRORS)


def backoff_cap(attempt: int, base_delay: float, max_delay: float) -> float:
    """The most retry `attempt` (1-based) may wait: min(max_delay, base_delay * 2**(attempt-1)), finite at any attempt.

    2**1024 as an int is fine, but multiplying it by a float converts it and raises OverflowError at attempt 1025;
    the exponent is capped where the product is far past any max_delay a caller could mean.
    """
    exponent = min(attempt - 1, 1023)  # 2.0**1023 is the largest power of two a float holds
    return min(max_delay, base_delay * 2.0**exponent)


async def retry(
    op: Callable[[], Awaitable[T]],
    *,
    attempts: int = 4,
    base_delay: float = 0.1,
    max_delay: float = 5.0,
    retry_if: Callable[[Exception], bool] = is_transient,
    rng: random.Random | None = None,
) -> T:
    """Calls op() up to `attempts` times; between failures sleeps uniform(0, min(max_delay, base_delay * 2**n))."""
    if not callable(op):
        raise TypeError(f"op must be a callable returning an awaitable, got {op!r}")
    if isinstance(attempts, bool) or not isinstance(attempts, int) or attempts < 1:
        raise ValueError(f"attempts must be an int >= 1, got {attempts!r}")
    for name, value in (("base_delay", base_delay), ("max_delay", max_delay)):
        if isinstance(value, bool) or not isinstance(value, (int, float)) or not math.isfinite(value) or value < 0:
            raise ValueError(f"{name} must be a finite number of seconds >= 0, got {value!r}")
    if not callable(retry_if):
        raise TypeError(f"retry_if must be callable, got {retry_if!r}")
    jitter = rng if rng is not None else random.Random()

    attempt = 1
    while True:
        try:
            return await op()
        except Exception as error:
            # `except Exception` does not catch CancelledError (a BaseException since 3.8), so a
            # cancel() during op() propagates immediately instead of being retried.
            if attempt >= attempts or not retry_if(error):
                error.add_note(f"retry: gave up after attempt {attempt} of {attempts}")
                raise
        # Full jitter spreads clients that failed together across the whole window. Computed after the except
        # block on purpose, but it cannot raise: backoff_cap stays finite at any attempt number.
        # Cancellation during this sleep also propagates at once: nothing here catches it.
        await asyncio.sleep(jitter.uniform(0, backoff_cap(attempt, base_delay, max_delay)))
        attempt += 1


async def _self_check() -> None:
    calls = 0

    async def flaky() -> str:
        nonlocal calls
        calls += 1
        if calls < 3:
            raise ConnectionError(f"reset #{calls}")
        return "ok"

    assert await retry(flaky, base_delay=0.001, rng=random.Random(1)) == "ok"
    assert calls == 3, calls

    async def broken() -> str:
        nonlocal calls
        calls += 1
        raise ValueError("bug, not a transient failure")

    calls = 0
    try:
        await retry(broken, base_delay=0.001)
    except ValueError as exc:
        assert calls == 1, calls  # a non-transient error is raised at once
        assert exc.__notes__ == ["retry: gave up after attempt 1 of 4"], exc.__notes__
    else:
        raise AssertionError("retry swallowed a non-transient error")

    async def always_down() -> str:
        nonlocal calls
        calls += 1
        raise ConnectionError("down")

    calls = 0
    try:
        await retry(always_down, attempts=3, base_delay=0.001)
    except ConnectionError as exc:
        assert calls == 3, calls
        assert exc.__notes__ == ["retry: gave up after attempt 3 of 3"], exc.__notes__
    else:
        raise AssertionError("retry did not give up")

    # Cancelled mid-wait: the backoff sleep is long, the cancel must end the task at once.
    calls = 0
    task = asyncio.create_task(retry(always_down, attempts=5, base_delay=10, max_delay=10, rng=random.Random(0)))
    await asyncio.sleep(0.02)
    assert calls == 1, calls  # first attempt failed, now sleeping
    task.cancel()
    await asyncio.wait([task])  # waits without raising; the outcome is checked below
    assert task.cancelled() and calls == 1, calls

    # Cancelled during an attempt: not retried, even though the predicate would accept anything.
    started = asyncio.Event()

    async def hangs() -> str:
        nonlocal calls
        calls += 1
        started.set()
        await asyncio.sleep(10)
        return "never"

    calls = 0
    task = asyncio.create_task(retry(hangs, base_delay=0, retry_if=lambda _error: True))
    await started.wait()
    task.cancel()
    await asyncio.wait([task])
    assert task.cancelled() and calls == 1, calls

    for kwargs in ({"attempts": 0}, {"attempts": True}, {"base_delay": -1}, {"max_delay": float("inf")}):
        try:
            await retry(flaky, **kwargs)  # type: ignore[arg-type]  # deliberately wrong, to check the error
        except ValueError as exc:
            (name, value), = kwargs.items()
            assert name in str(exc) and repr(value) in str(exc), exc
        else:
            raise AssertionError(f"{kwargs!r} was accepted")


if __name__ == "__main__":
    asyncio.run(_self_check())
