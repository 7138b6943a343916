# @pattern
# id: circuit-breaker
# title: Circuit breaker
# summary: Stop calling a failing dependency after N consecutive failures, fail fast while open, and let a single time-boxed probe through after a cool-down to decide whether to close again.
# minimum: python 3.9
# apis: asyncio.sleep, asyncio.create_task, asyncio.ensure_future, asyncio.wait, asyncio.Task.cancel, asyncio.Event, asyncio.run, time.monotonic, enum.Enum
# pitfalls: time.time() for the cool-down (wall clock jumps); letting every waiting caller through in half-open, which stampedes a recovering service; counting cancellations or caller errors as dependency failures; a half-open trial that is cancelled and leaves the breaker stuck in half-open forever; a probe that never completes and keeps the breaker rejecting forever, so time-box it; treating a timeout as not a failure, so a hung dependency never opens the circuit; letting a slow call admitted before the circuit opened close it when it finally succeeds; asyncio.wait_for on 3.9 to 3.11 can swallow a cancellation that races the timeout, so the probe's time box uses asyncio.wait; state updates split across an await, so concurrent callers interleave
# rules: swallowed-cancellation, race-condition
# tags: circuit-breaker, resilience, fail-fast
# @end
"""A circuit breaker for async calls: closed -> open after failures -> half-open probe -> closed or open."""

import asyncio
import enum
import math
import time
from collections.abc import Awaitable, Callable
from typing import Optional, TypeVar

T = TypeVar("T")


class State(enum.Enum):
    CLOSED = "closed"
    OPEN = "open"
    HALF_OPEN = "half-open"


class CircuitOpenError(Exception):
    """Raised instead of calling the dependency while the breaker is open."""


class ProbeTimeoutError(TimeoutError):
    """The half-open probe did not finish within its time box; it was cancelled and counts as a failure."""


def _is_timeout(error: BaseException) -> bool:
    # Before 3.11 asyncio.TimeoutError is not the builtin TimeoutError: a timeout is either.
    return isinstance(error, (TimeoutError, asyncio.TimeoutError))


def _check_seconds(name: str, value: float) -> None:
    if isinstance(value, bool) or not isinstance(value, (int, float)) or not math.isfinite(value) or value <= 0:
        raise ValueError(f"{name} must be a positive finite number of seconds, got {value!r}")


async def _time_boxed(op: Callable[[], Awaitable[T]], seconds: float) -> T:
    """Runs op() for at most `seconds`, then cancels it, waits for its cleanup and raises ProbeTimeoutError.

    Built on asyncio.wait rather than wait_for: wait_for before 3.12 can return a result and swallow a
    cancellation of ours that arrives just as op() finishes.
    """
    task = asyncio.ensure_future(op())
    try:
        done, _pending = await asyncio.wait({task}, timeout=seconds)
    except BaseException:
        task.cancel()  # we were cancelled: the probe must not outlive us
        await asyncio.wait({task})
        raise
    if task not in done:
        task.cancel()
        await asyncio.wait({task})
        if not task.cancelled() and task.exception() is None:
            return task.result()  # it finished while being cancelled: a late success is still a success
        raise ProbeTimeoutError(f"the probe did not finish within {seconds} s")
    return task.result()


class CircuitBreaker:
    def __init__(
        self,
        *,
        failure_threshold: int = 5,
        reset_timeout: float = 30.0,
        probe_timeout: Optional[float] = None,
        counts_as_failure: Callable[[Exception], bool] = lambda _error: True,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        if isinstance(failure_threshold, bool) or not isinstance(failure_threshold, int) or failure_threshold < 1:
            raise ValueError(f"failure_threshold must be an int >= 1, got {failure_threshold!r}")
        _check_seconds("reset_timeout", reset_timeout)
        if probe_timeout is not None:
            _check_seconds("probe_timeout", probe_timeout)
        if not callable(counts_as_failure):
            raise TypeError(f"counts_as_failure must be callable, got {counts_as_failure!r}")
        self._threshold = failure_threshold
        self._reset_timeout = reset_timeout
        self._probe_timeout = probe_timeout if probe_timeout is not None else reset_timeout
        self._counts_as_failure = counts_as_failure
        self._clock = clock
        self._failures = 0
        self._opened_at: Optional[float] = None
        # Bumped on every state change. A call's outcome counts only in the generation it was admitted in: a slow
        # call admitted while closed cannot close, or re-open, a circuit that changed state since.
        self._generation = 0
        self._probe: Optional[object] = None

    @property
    def state(self) -> State:
        # Open becomes half-open by the clock, when someone looks after the cool-down: no timer to leak.
        if self._opened_at is None:
            return State.CLOSED
        return State.HALF_OPEN if self._clock() - self._opened_at >= self._reset_timeout else State.OPEN

    async def call(self, op: Callable[[], Awaitable[T]]) -> T:
        """Runs op() unless the circuit is open. A timeout always counts as a failure; our own cancellation never does."""
        if not callable(op):
            raise TypeError(f"op must be a callable returning an awaitable, got {op!r}")
        # All checks and updates below happen between awaits, so concurrent callers cannot
        # interleave inside them: no lock is needed on a single event loop.
        state = self.state
        if state is State.OPEN:
            raise CircuitOpenError(f"circuit open after {self._failures} failures; retry later")
        if state is State.HALF_OPEN and self._probe is not None:
            raise CircuitOpenError("circuit half-open: a probe call is already running")
        generation = self._generation
        probe = object() if state is State.HALF_OPEN else None
        if probe is not None:
            self._probe = probe
        try:
            result = await (_time_boxed(op, self._probe_timeout) if probe is not None else op())
        except Exception as error:
            # CancelledError is a BaseException and skips this: the caller's cancellation says nothing about
            # the dependency. A timeout always does, whatever the classifier says.
            if _is_timeout(error) or self._counts_as_failure(error):
                self._settle(generation, probe, success=False)
            raise
        else:
            self._settle(generation, probe, success=True)
            return result
        finally:
            if probe is not None and self._probe is probe:
                self._probe = None  # also on cancellation: the next caller becomes the probe

    def _settle(self, generation: int, probe: Optional[object], *, success: bool) -> None:
        if generation != self._generation or (probe is not None and probe is not self._probe):
            return  # a late outcome of an earlier circuit: it decides nothing now
        if success:
            self._failures = 0
            if probe is not None:
                self._transition(None)  # only the probe closes an open circuit
            return
        self._failures += 1
        # A failed probe re-opens at once: the dependency has not recovered, so the cool-down starts over.
        if probe is not None or self._failures >= self._threshold:
            self._transition(self._clock())

    def _transition(self, opened_at: Optional[float]) -> None:
        self._opened_at = opened_at
        if opened_at is None:
            self._failures = 0
        self._generation += 1
        self._probe = None


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
