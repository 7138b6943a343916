# @pattern
# id: graceful-shutdown
# title: Graceful shutdown
# summary: On SIGTERM or SIGINT stop accepting work, let in-flight jobs finish within a deadline, cancel the rest and wait a bounded grace period for their cleanup, then report stragglers and exit hard if any remain.
# minimum: python 3.9
# apis: os._exit, asyncio.AbstractEventLoop.add_signal_handler, asyncio.AbstractEventLoop.remove_signal_handler, asyncio.get_running_loop, asyncio.wait, asyncio.create_task, asyncio.Task.add_done_callback, asyncio.Task.cancel, asyncio.Event, asyncio.wait_for, asyncio.sleep, asyncio.run, signal.raise_signal, signal.getsignal
# pitfalls: exiting on the signal and killing in-flight work mid-write; draining without a deadline, so one stuck job blocks shutdown forever; waiting without a bound for the jobs cancelled at the deadline, so one that swallows CancelledError hangs shutdown; returning from main with such a straggler, since asyncio.run then waits for it forever, so only os._exit ends the process; removing the signal handlers before the drain, so a second Ctrl+C cannot force the exit; asyncio.wait(timeout=...) and then leaving the pending tasks running; accepting new work while draining; signal.signal handlers that touch asyncio objects from outside the loop; loop.add_signal_handler is not supported on Windows (it raises NotImplementedError)
# rules: dangling-task, timeout-misuse, swallowed-cancellation
# tags: shutdown, signals, drain, deadline
# @end
"""A job runner that shuts down gracefully: stop intake, drain with a deadline, cancel the rest, bounded."""

import asyncio
import math
import os
import signal
import sys
from collections.abc import Awaitable, Callable, Generator
from contextlib import contextmanager
from dataclasses import dataclass
from typing import Optional


class ShuttingDownError(RuntimeError):
    """Raised by submit() once shutdown has begun."""


@dataclass(frozen=True)
class ShutdownResult:
    drained: bool
    """True when every job finished before the drain deadline."""
    cancelled: int
    """Jobs still running at the deadline, which were cancelled."""
    stragglers: list[str]
    """Names of the jobs still running when the grace period after cancelling ended: they ignored the cancellation."""


def _check_seconds(name: str, value: float) -> None:
    if isinstance(value, bool) or not isinstance(value, (int, float)) or not math.isfinite(value) or value < 0:
        raise ValueError(f"{name} must be a finite number of seconds >= 0, got {value!r}")


class JobRunner:
    def __init__(self) -> None:
        # Strong references: the loop keeps only weak references to tasks, so an unreferenced
        # task can be garbage-collected mid-flight.
        self._in_flight: dict[asyncio.Task[None], str] = {}
        self._accepting = True
        self._started = 0
        self.failures: list[Exception] = []
        self.completed = 0

    @property
    def in_flight(self) -> int:
        return len(self._in_flight)

    def submit(self, job: Callable[[], Awaitable[None]], name: Optional[str] = None) -> None:
        """Starts `job` as tracked work; `name` is how it is reported if it outlives the shutdown."""
        if not callable(job):
            raise TypeError(f"job must be a callable returning an awaitable, got {job!r}")
        if not self._accepting:
            raise ShuttingDownError("not accepting new jobs: shutdown in progress")
        self._started += 1
        task = asyncio.create_task(self._run(job))
        self._in_flight[task] = name if name is not None else f"job {self._started}"
        task.add_done_callback(lambda done: self._in_flight.pop(done, None))

    async def _run(self, job: Callable[[], Awaitable[None]]) -> None:
        try:
            await job()
        except Exception as error:  # deliberately broad: one failed job must not take the runner down
            self.failures.append(error)  # kept for reporting, not swallowed
        else:
            self.completed += 1

    async def shutdown(self, drain_seconds: float, grace_seconds: float = 1.0) -> ShutdownResult:
        """Stops intake, waits up to drain_seconds for in-flight jobs, cancels the rest, and waits at most
        grace_seconds for them to finish their cleanup. Never takes longer than drain_seconds + grace_seconds:
        jobs that swallow the cancellation are reported as stragglers instead of waited for.
        """
        _check_seconds("drain_seconds", drain_seconds)
        _check_seconds("grace_seconds", grace_seconds)
        self._accepting = False
        if not self._in_flight:
            return ShutdownResult(drained=True, cancelled=0, stragglers=[])
        # Copy: done callbacks remove tasks from the dict while we wait.
        _done, pending = await asyncio.wait(set(self._in_flight), timeout=drain_seconds)
        for task in pending:
            task.cancel()
        still: set[asyncio.Task[None]] = set()
        if pending:
            # The second wait is bounded too: asyncio.wait(pending) alone would hang on a job that catches
            # CancelledError and carries on.
            _done, still = await asyncio.wait(pending, timeout=grace_seconds)
        stragglers = sorted(self._in_flight[task] for task in still if task in self._in_flight)
        return ShutdownResult(drained=not pending, cancelled=len(pending), stragglers=stragglers)


def hard_exit(code: int) -> None:
    """Ends the process now. asyncio.run() would cancel the remaining tasks and wait for them without a bound,
    and a straggler that swallows cancellation would hang it, so flush the output and leave with os._exit."""
    sys.stdout.flush()
    sys.stderr.flush()
    os._exit(code)


@contextmanager
def shutdown_on_signals(
    stop: asyncio.Event,
    signals: tuple[signal.Signals, ...],
    force: Callable[[int], None] = hard_exit,
) -> Generator[None, None, None]:
    """Sets `stop` on the first of the signals; a second one while `stop` is set calls force(128 + signal number),
    so an operator can always end a stuck shutdown. For the duration of the with block."""
    loop = asyncio.get_running_loop()
    installed: list[signal.Signals] = []

    def on_signal(sig: signal.Signals) -> None:
        if stop.is_set():
            force(128 + int(sig))  # the second signal: stop waiting for the drain
        else:
            stop.set()

    try:
        for sig in signals:
            try:
                # Runs the callback inside the loop, so it may touch asyncio objects safely.
                loop.add_signal_handler(sig, on_signal, sig)
            except NotImplementedError:
                break  # Windows: no loop signal handlers; asyncio.run still turns Ctrl+C into cancellation
            installed.append(sig)
        yield
    finally:
        for sig in installed:
            loop.remove_signal_handler(sig)  # restore default handling for the next run


async def serve(
    runner: JobRunner,
    stop: asyncio.Event,
    drain_seconds: float,
    grace_seconds: float = 1.0,
    force: Callable[[int], None] = hard_exit,
) -> ShutdownResult:
    """Runs until a shutdown signal, then shuts down gracefully. Stragglers would keep asyncio.run() from ever
    returning, so with stragglers left it calls force(1); a second signal during the drain calls force(128 + n)."""
    with shutdown_on_signals(stop, (signal.SIGTERM, signal.SIGINT), force):
        await stop.wait()
        result = await runner.shutdown(drain_seconds, grace_seconds)
    if result.stragglers:
        force(1)
    return result


async def _self_check() -> None:
    runner = JobRunner()
    cleaned_up: list[str] = []

    def job(name: str, seconds: float) -> Callable[[], Awaitable[None]]:
        async def run() -> None:
            try:
                await asyncio.sleep(seconds)
            finally:
                cleaned_up.append(name)  # runs whether the job finishes or is cancelled

        return run

    async def broken() -> None:
        raise OSError("disk full")

    stop = asyncio.Event()
    server = asyncio.create_task(serve(runner, stop, drain_seconds=0.1))
    await asyncio.sleep(0)  # let serve() install its signal handlers
    for index in range(3):
        runner.submit(job(f"quick-{index}", 0.02))
    runner.submit(job("stuck", 10))
    runner.submit(broken)

    signal.raise_signal(signal.SIGTERM)  # as `kill <pid>` would; handled by the loop, not fatal
    # The signal reaches the loop through its wakeup fd; give it a bounded moment to arrive.
    await asyncio.wait_for(stop.wait(), 5.0)

    try:
        runner.submit(job("late", 0))
    except ShuttingDownError:
        pass  # expected: new work is refused while draining
    else:
        raise AssertionError("a job was accepted during shutdown")

    result = await server
    assert result.cancelled == 1 and result.stragglers == [], result  # only the stuck job, and it stopped
    assert runner.completed == 3 and [str(e) for e in runner.failures] == ["disk full"]
    assert sorted(cleaned_up) == ["quick-0", "quick-1", "quick-2", "stuck"], cleaned_up
    assert runner.in_flight == 0, "tasks outlived shutdown"

    # The handlers were removed: SIGTERM is back to its default disposition.
    assert signal.getsignal(signal.SIGTERM) == signal.SIG_DFL

    try:
        await JobRunner().shutdown(-1)
    except ValueError as exc:
        assert "drain_seconds" in str(exc) and "-1" in str(exc), exc
    else:
        raise AssertionError("drain_seconds=-1 was accepted")


if __name__ == "__main__":
    asyncio.run(_self_check())
