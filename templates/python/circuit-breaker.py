# @pattern
# id: circuit-breaker
# title: Circuit breaker
# summary: Stop calling a failing dependency after N consecutive failures, fail fast while open, and let a single trial call through after a cool-down to decide whether to close again.
# minimum: python 3.9
# apis: asyncio.sleep, asyncio.create_task, asyncio.wait, asyncio.Event, asyncio.run, time.monotonic, enum.Enum
# pitfalls: time.time() for the cool-down (wall clock jumps); letting every waiting caller through in half-open, which stampedes a recovering service; counting cancellations or caller errors as dependency failures; a half-open trial that is cancelled and leaves the breaker stuck in half-open forever; state updates split across an await, so concurrent callers interleave
# rules: swallowed-cancellation, race-condition
# tags: circuit-breaker, resilience, fail-fast
# @end
"""A circuit breaker for async calls: closed -> open after failures -> half-open trial -> closed or open."""

import asyncio
import enum
import math
import time
from collections.abc import Awaitable, Callable
from typing import TypeVar

T = TypeVar("T")


class State(enum.Enum):
    CLOSED = "closed"
    OPEN = "open"
    HALF_OPEN = "half-open"


class CircuitOpenError(Exception):
    """Raised instead of calling the dependency while the breaker is open."""


class CircuitBreaker:
    def __init__(
        self,
        *,
        failure_threshold: int = 5,
        reset_timeout: float = 30.0,
        counts_as_failure: Callable[[Exception], bool] = lambda _error: True,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        if isinstance(failure_threshold, bool) or not isinstance(failure_threshold, int) or failure_threshold < 1:
            raise ValueError(f"failure_threshold must be an int >= 1, got {failure_threshold!r}")
        if (
            isinstance(reset_timeout, bool)
            or not isinstance(reset_timeout, (int, float))
            or not math.isfinite(reset_timeout)
            or reset_timeout <= 0
        ):
            raise ValueError(f"reset_timeout must be a positive finite number of seconds, got {reset_timeout!r}")
        if not callable(counts_as_failure):
            raise TypeError(f"counts_as_failure must be callable, got {counts_as_failure!r}")
        self._threshold = failure_threshold
        self._reset_timeout = reset_timeout
        self._counts_as_failure = counts_as_failure
        self._clock = clock
        self._failures = 0
        self._opened_at = 0.0
        self._state = State.CLOSED
        self._trial_running = False

    @property
    def state(self) -> State:
        # Open becomes half-open lazily, when someone looks after the cool-down: no timer to leak.
        if self._state is State.OPEN and self._clock() - self._opened_at >= self._reset_timeout:
            self._state = State.HALF_OPEN
        return self._state

    async def call(self, op: Callable[[], Awaitable[T]]) -> T:
        if not callable(op):
            raise TypeError(f"op must be a callable returning an awaitable, got {op!r}")
        # All checks and updates below happen between awaits, so concurrent callers cannot
        # interleave inside them: no lock is needed on a single event loop.
        state = self.state
        if state is State.OPEN:
            raise CircuitOpenError(f"circuit open after {self._failures} failures; retry later")
        is_trial = state is State.HALF_OPEN
        if is_trial:
            if self._trial_running:
                raise CircuitOpenError("circuit half-open: a trial call is already running")
            self._trial_running = True
        try:
            result = await op()
        except Exception as error:
            if self._counts_as_failure(error):
                self._record_failure(is_trial)
            raise
        finally:
            if is_trial:
                # Also on cancellation (a BaseException that skips the except above): the next
                # caller gets to run the trial instead of the breaker staying half-open forever.
                self._trial_running = False
        self._failures = 0
        self._state = State.CLOSED
        return result

    def _record_failure(self, is_trial: bool) -> None:
        self._failures += 1
        if is_trial or self._failures >= self._threshold:
            self._state = State.OPEN
            self._opened_at = self._clock()


async def _self_check() -> None:
    now = 0.0
    breaker = CircuitBreaker(failure_threshold=3, reset_timeout=10.0, clock=lambda: now)
    calls = 0

    async def failing() -> str:
        nonlocal calls
        calls += 1
        await asyncio.sleep(0)
        raise ConnectionError("dependency down")

    async def working() -> str:
        nonlocal calls
        calls += 1
        await asyncio.sleep(0)
        return "ok"

    async def expect(error_type: type[Exception], op: Callable[[], Awaitable[str]]) -> None:
        try:
            await breaker.call(op)
        except error_type:
            return
        raise AssertionError(f"expected {error_type.__name__}")

    for _ in range(3):
        await expect(ConnectionError, failing)
    assert breaker.state is State.OPEN and calls == 3

    await expect(CircuitOpenError, working)  # fails fast: the dependency is not called
    assert calls == 3, calls

    now = 10.0  # cool-down over
    assert breaker.state is State.HALF_OPEN
    await expect(ConnectionError, failing)  # the trial fails: open again, for a full cool-down
    assert breaker.state is State.OPEN
    now = 15.0
    assert breaker.state is State.OPEN

    now = 20.0
    trial_started = asyncio.Event()
    release = asyncio.Event()

    async def slow_ok() -> str:
        trial_started.set()
        await release.wait()
        return "recovered"

    trial = asyncio.create_task(breaker.call(slow_ok))
    await trial_started.wait()
    await expect(CircuitOpenError, working)  # only one trial at a time
    release.set()
    assert await trial == "recovered" and breaker.state is State.CLOSED

    # A cancelled trial frees the trial slot and is not counted as a failure.
    for _ in range(3):
        await expect(ConnectionError, failing)
    now = 40.0
    trial_started.clear()
    release.clear()
    trial = asyncio.create_task(breaker.call(slow_ok))
    await trial_started.wait()
    trial.cancel()
    await asyncio.wait([trial])  # waits without raising; the outcome is checked below
    assert trial.cancelled() and breaker.state is State.HALF_OPEN
    assert await breaker.call(working) == "ok" and breaker.state is State.CLOSED

    # Errors the predicate rejects (caller mistakes) do not open the breaker.
    picky = CircuitBreaker(failure_threshold=1, counts_as_failure=lambda e: isinstance(e, ConnectionError))

    async def bad_request() -> str:
        raise ValueError("caller error")

    try:
        await picky.call(bad_request)
    except ValueError:
        assert picky.state is State.CLOSED
    else:
        raise AssertionError("the error was swallowed")

    for kwargs in ({"failure_threshold": 0}, {"reset_timeout": -1}, {"reset_timeout": float("nan")}):
        try:
            CircuitBreaker(**kwargs)  # type: ignore[arg-type]  # deliberately wrong, to check the error
        except ValueError as exc:
            (name, value), = kwargs.items()
            assert name in str(exc) and repr(value) in str(exc), exc
        else:
            raise AssertionError(f"{kwargs!r} was accepted")


if __name__ == "__main__":
    asyncio.run(_self_check())
