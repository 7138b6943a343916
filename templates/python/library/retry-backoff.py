# @pattern
# id: retry-backoff
# title: Retry with exponential backoff and full jitter, with tenacity
# summary: The retry-backoff pattern on tenacity's AsyncRetrying: only transient errors are retried, full-jitter delays grow under a cap, attempts and total time are bounded, the original exception is re-raised, and cancellation is never retried.
# minimum: python 3.11
# library: tenacity 8.2.1
# prefer-library: the project already depends on tenacity, or needs its policy pieces (stop/wait/retry combinators with | and &, before_sleep logging hooks, statistics) shared by many call sites; policies read as configuration and are easy to review
# prefer-handwritten: the retry loop is the only one in a small library or script (no dependency for twenty lines); or you need per-attempt deadlines, Retry-After handling or a clock of your own, which are simpler to see in a plain loop
# newer: tenacity 8.2.1 is what Debian 12 ships (python3-tenacity); 8.3.0 adds stop_before_delay, which stops when the next sleep would overrun the budget instead of after it; check the version you pin before using it
# apis: tenacity.AsyncRetrying, tenacity.stop_after_attempt, tenacity.stop_after_delay, tenacity.wait_random_exponential, tenacity.retry_if_exception, asyncio.timeout, asyncio.sleep, asyncio.create_task, asyncio.wait, asyncio.run
# pitfalls: tenacity's default reraise=False turns the last failure into RetryError, hiding its type from callers that catch ConnectionError; AsyncRetrying catches BaseException, so a retry predicate that accepts everything also retries CancelledError and cancel() cannot stop the loop; stop_after_delay is only checked after an attempt fails, so neither the attempt in flight nor the next sleep is cut short: a hard budget needs asyncio.timeout around the whole call; wait_exponential without random jitter makes every client retry in lockstep; the @retry decorator fixes the policy at import time, so tests cannot shorten its sleeps (pass sleep= to AsyncRetrying instead)
# rules: swallowed-cancellation, blocking-call-in-async
# tags: retry, backoff, jitter, resilience, cancellation, library, tenacity
# @end
"""Retry with capped exponential backoff and full jitter on tenacity; cancellation is never retried."""

import asyncio
import math
from collections.abc import Awaitable, Callable
from typing import TypeVar

from tenacity import AsyncRetrying, retry_if_exception, stop_after_attempt, stop_after_delay, wait_random_exponential

T = TypeVar("T")

# Default: only failures that usually go away on their own. Everything else is raised at once.
TRANSIENT_ERRORS: tuple[type[Exception], ...] = (ConnectionError, TimeoutError)


def is_transient(error: Exception) -> bool:
    return isinstance(error, TRANSIENT_ERRORS)


async def retry(
    op: Callable[[], Awaitable[T]],
    *,
    attempts: int = 4,
    base_delay: float = 0.1,
    max_delay: float = 5.0,
    budget: float | None = None,
    retry_if: Callable[[Exception], bool] = is_transient,
    sleep: Callable[[float], Awaitable[None]] = asyncio.sleep,
) -> T:
    """Calls op() up to `attempts` times, sleeping uniform(0, min(max_delay, base_delay * 2**(n-1))) after failure n.

    `budget` (seconds) bounds the whole call, attempts and sleeps included: the attempt in flight is cancelled when
    it runs out, and TimeoutError is raised. `sleep` is injectable so tests need not wait.
    """
    if not callable(op):
        raise TypeError(f"op must be a callable returning an awaitable, got {op!r}")
    if isinstance(attempts, bool) or not isinstance(attempts, int) or attempts < 1:
        raise ValueError(f"attempts must be an int >= 1, got {attempts!r}")
    for name, value in (("base_delay", base_delay), ("max_delay", max_delay), ("budget", budget)):
        if value is None and name == "budget":
            continue
        if isinstance(value, bool) or not isinstance(value, (int, float)) or not math.isfinite(value) or value < 0:
            raise ValueError(f"{name} must be a finite number of seconds >= 0, got {value!r}")
    if not callable(retry_if):
        raise TypeError(f"retry_if must be callable, got {retry_if!r}")

    stop = stop_after_attempt(attempts)
    if budget is not None:
        stop = stop | stop_after_delay(budget)  # no new attempt once the budget is spent
    retrying = AsyncRetrying(
        stop=stop,
        # Full jitter: a random delay in [0, min(max, multiplier * 2**(n-1))]; tenacity caps it at `max` even
        # where the exponent would overflow.
        wait=wait_random_exponential(multiplier=base_delay, max=max_delay),
        # AsyncRetrying catches BaseException: the isinstance check keeps CancelledError (and KeyboardInterrupt)
        # out of the retry loop whatever retry_if says.
        retry=retry_if_exception(lambda error: isinstance(error, Exception) and retry_if(error)),
        reraise=True,  # the caller sees the last real error, not tenacity's RetryError
        sleep=sleep,
    )
    if budget is None:
        return await retrying(op)
    async with asyncio.timeout(budget):  # the hard bound: stop_after_delay alone acts only between attempts
        return await retrying(op)


async def _self_check() -> None:
    delays: list[float] = []

    async def record(seconds: float) -> None:
        delays.append(seconds)  # a fake sleep: the policy is checked without waiting...
        await asyncio.sleep(0)  # ...but it still yields, so 1100 attempts are not one long step of the loop

    calls = 0

    async def flaky() -> str:
        nonlocal calls
        calls += 1
        if calls < 3:
            raise ConnectionError(f"reset #{calls}")
        return "ok"

    assert await retry(flaky, base_delay=1.0, max_delay=1.5, sleep=record) == "ok"
    assert calls == 3, calls
    # full jitter under the cap: after failure 1 at most 1 s, after failure 2 at most min(1.5, 2) s
    assert len(delays) == 2 and 0 <= delays[0] <= 1.0 and 0 <= delays[1] <= 1.5, delays

    async def broken() -> str:
        nonlocal calls
        calls += 1
        raise ValueError("bug, not a transient failure")

    calls = 0
    try:
        await retry(broken, sleep=record)
    except ValueError:
        assert calls == 1, calls  # a non-transient error is raised at once
    else:
        raise AssertionError("retry swallowed a non-transient error")

    async def always_down() -> str:
        nonlocal calls
        calls += 1
        raise ConnectionError("down")

    calls, delays = 0, []
    try:
        await retry(always_down, attempts=3, sleep=record)
    except ConnectionError as exc:  # the original type, not tenacity.RetryError
        assert calls == 3 and len(delays) == 2, (calls, delays)
        assert str(exc) == "down", exc
    else:
        raise AssertionError("retry did not give up")

    # A huge attempt count does not overflow the delay: tenacity caps it at max_delay.
    calls, delays = 0, []
    try:
        await retry(always_down, attempts=1100, base_delay=1.0, max_delay=2.0, sleep=record)
    except ConnectionError:
        assert calls == 1100 and max(delays) <= 2.0, (calls, max(delays))

    # Cancelled mid-wait: the backoff sleep is long, the cancel must end the task at once.
    calls = 0
    task = asyncio.create_task(retry(always_down, attempts=5, base_delay=10, max_delay=10))
    await asyncio.sleep(0.02)
    assert calls == 1, calls  # first attempt failed, now sleeping
    task.cancel()
    await asyncio.wait([task])
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

    # The budget bounds the whole call, including an attempt that hangs.
    calls = 0
    loop = asyncio.get_running_loop()
    started_at = loop.time()
    try:
        await retry(hangs, budget=0.05)
    except TimeoutError:
        assert calls == 1 and loop.time() - started_at < 1.0, (calls, loop.time() - started_at)
    else:
        raise AssertionError("the budget did not stop a hanging attempt")

    for kwargs in ({"attempts": 0}, {"attempts": True}, {"base_delay": -1}, {"max_delay": float("inf")}, {"budget": -1}):
        try:
            await retry(flaky, **kwargs)  # type: ignore[arg-type]  # deliberately wrong, to check the error
        except ValueError as exc:
            (name, value), = kwargs.items()
            assert name in str(exc) and repr(value) in str(exc), exc
        else:
            raise AssertionError(f"{kwargs!r} was accepted")


if __name__ == "__main__":
    asyncio.run(_self_check())
