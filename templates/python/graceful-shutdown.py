# @pattern
# id: graceful-shutdown
# title: Graceful shutdown
# summary: On SIGTERM or SIGINT stop accepting work, let in-flight jobs finish within a deadline, then cancel the stragglers and wait for their cleanup.
# minimum: python 3.9
# apis: asyncio.AbstractEventLoop.add_signal_handler, asyncio.AbstractEventLoop.remove_signal_handler, asyncio.get_running_loop, asyncio.wait, asyncio.create_task, asyncio.Task.add_done_callback, asyncio.Task.cancel, asyncio.Event, asyncio.wait_for, asyncio.sleep, asyncio.run, signal.raise_signal, signal.getsignal
# pitfalls: exiting on the signal and killing in-flight work mid-write; draining without a deadline, so one stuck job blocks shutdown forever; asyncio.wait(timeout=...) and then leaving the pending tasks running; accepting new work while draining; signal.signal handlers that touch asyncio objects from outside the loop; loop.add_signal_handler is not supported on Windows (it raises NotImplementedError)
# rules: dangling-task, timeout-misuse, swallowed-cancellation
# tags: shutdown, signals, drain, deadline
# @end
"""A job runner that shuts down gracefully: stop intake, drain with a deadline, cancel the rest."""

import asyncio
import math
import signal
from collections.abc import Awaitable, Callable, Generator
from contextlib import contextmanager


class ShuttingDownError(RuntimeError):
    """Raised by submit() once shutdown has begun."""


class JobRunner:
    def __init__(self) -> None:
        # Strong references: the loop keeps only weak references to tasks, so an unreferenced
        # task can be garbage-collected mid-flight.
        self._in_flight: set[asyncio.Task[None]] = set()
        self._accepting = True
        self.failures: list[Exception] = []
        self.completed = 0

    @property
    def in_flight(self) -> int:
        return len(self._in_flight)

    def submit(self, job: Callable[[], Awaitable[None]]) -> None:
        if not callable(job):
            raise TypeError(f"job must be a callable returning an awaitable, got {job!r}")
        if not self._accepting:
            raise ShuttingDownError("not accepting new jobs: shutdown in progress")
        task = asyncio.create_task(self._run(job))
        self._in_flight.add(task)
        task.add_done_callback(self._in_flight.discard)

    async def _run(self, job: Callable[[], Awaitable[None]]) -> None:
        try:
            await job()
        except Exception as error:  # deliberately broad: one failed job must not take the runner down
            self.failures.append(error)  # kept for reporting, not swallowed
        else:
            self.completed += 1

    async def shutdown(self, drain_seconds: float) -> int:
        """Stops intake, waits up to drain_seconds for in-flight jobs, cancels the rest.

        Returns how many jobs had to be cancelled.
        """
        if (
            isinstance(drain_seconds, bool)
            or not isinstance(drain_seconds, (int, float))
            or not math.isfinite(drain_seconds)
            or drain_seconds < 0
        ):
            raise ValueError(f"drain_seconds must be a finite number of seconds >= 0, got {drain_seconds!r}")
        self._accepting = False
        if not self._in_flight:
            return 0
        # Copy the set: done callbacks remove tasks from it while we wait.
        _done, pending = await asyncio.wait(set(self._in_flight), timeout=drain_seconds)
        for task in pending:
            task.cancel()
        if pending:
            # Wait for the cancelled jobs to run their cleanup; they are not left running.
            await asyncio.wait(pending)
        return len(pending)


@contextmanager
def shutdown_on_signals(stop: asyncio.Event, signals: tuple[signal.Signals, ...]) -> Generator[None, None, None]:
    """Sets `stop` when one of the signals arrives, for the duration of the with block."""
    loop = asyncio.get_running_loop()
    installed: list[signal.Signals] = []
    try:
        for sig in signals:
            try:
                # Runs the callback inside the loop, so it may touch asyncio objects safely.
                loop.add_signal_handler(sig, stop.set)
            except NotImplementedError:
                break  # Windows: no loop signal handlers; asyncio.run still turns Ctrl+C into cancellation
            installed.append(sig)
        yield
    finally:
        for sig in installed:
            loop.remove_signal_handler(sig)  # restore default handling for the next run


async def serve(runner: JobRunner, stop: asyncio.Event, drain_seconds: float) -> int:
    """Runs until a shutdown signal, then shuts down gracefully; returns the number of cancelled jobs."""
    with shutdown_on_signals(stop, (signal.SIGTERM, signal.SIGINT)):
        await stop.wait()
    return await runner.shutdown(drain_seconds)


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

    cancelled = await server
    assert cancelled == 1, cancelled  # only the stuck job
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
