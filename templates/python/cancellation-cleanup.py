# @pattern
# id: cancellation-cleanup
# title: Cancellation with cleanup
# summary: Let CancelledError run your cleanup (rollback, close) under its own time limit and then propagate, keep the original error when cleanup fails too, and cancel a task you own by cancelling it and awaiting it until it has finished.
# minimum: python 3.11
# apis: asyncio.CancelledError, asyncio.Task.cancel, asyncio.Task.cancelling, asyncio.Task.cancelled, asyncio.current_task, asyncio.create_task, asyncio.ensure_future, asyncio.wait, asyncio.sleep, asyncio.Event, asyncio.run, ExceptionGroup, BaseException.add_note
# pitfalls: catching CancelledError (or BaseException, or a bare except) without re-raising, which turns a cancel into a silent success and breaks TaskGroup and asyncio.timeout; cancel() without awaiting the task, so its cleanup runs later or never; swallowing the caller's own cancellation while waiting for a child to stop; long awaited cleanup that a second cancel() interrupts; cleanup without a time limit of its own, so a close() that never returns hangs the caller; an exception raised in finally replaces the one that stopped the job, so collect cleanup errors and keep the original
# rules: swallowed-cancellation, dangling-task
# tags: cancellation, cleanup, task
# fallback: python 3.8: Task.cancelling() is 3.11+; before it, track in a flag whether you cancelled the child yourself and re-raise CancelledError otherwise; ExceptionGroup and add_note are 3.11+ too, so re-raise the original error and log the cleanup errors beside it
# @end
"""Cancellation that cleans up and still propagates, and a helper that stops a task you own."""

import asyncio
from collections.abc import Awaitable, Callable, Iterable
from typing import Any, TypeVar

T = TypeVar("T")


class CleanupTimeoutError(TimeoutError):
    """A cleanup step did not finish within its own time limit; it was cancelled."""


async def _cleanup_step(name: str, step: Callable[[], Awaitable[None]], seconds: float) -> BaseException | None:
    """Runs one cleanup step under its own time limit; returns its error (or the timeout) instead of raising it."""
    task = asyncio.ensure_future(step())
    try:
        done, _pending = await asyncio.wait({task}, timeout=seconds)
    except BaseException:
        task.cancel()  # we are cancelled again while cleaning up: do not leave the step running
        raise
    if task not in done:
        task.cancel()
        await asyncio.wait({task}, timeout=seconds)  # bounded too: a step that ignores the cancel is left behind
        return CleanupTimeoutError(f"cleanup step {name} did not finish within {seconds} s")
    if task.cancelled():
        return CleanupTimeoutError(f"cleanup step {name} was cancelled")
    return task.exception()


async def run_job(
    items: Iterable[T],
    process: Callable[[T], Awaitable[None]],
    *,
    rollback: Callable[[int], Awaitable[None]],
    close: Callable[[], Awaitable[None]],
    cleanup_seconds: float = 10.0,
) -> int:
    """Processes items in order; returns how many. On failure or cancellation rolls back, always closes, and
    re-raises: a cancelled job never returns a count. Each cleanup step has its own time limit.

    When cleanup fails too, the reason the job stopped is kept: a failure comes back as an ExceptionGroup of it and
    the cleanup errors (handle with except*), a cancellation stays a CancelledError with a note per cleanup error
    (wrapping it would break TaskGroup and asyncio.timeout, which look for CancelledError itself).
    """
    if not callable(process) or not callable(rollback) or not callable(close):
        raise TypeError(f"process, rollback and close must be callables, got {process!r}, {rollback!r}, {close!r}")
    if isinstance(cleanup_seconds, bool) or not isinstance(cleanup_seconds, (int, float)) or not cleanup_seconds > 0:
        raise ValueError(f"cleanup_seconds must be a positive number of seconds, got {cleanup_seconds!r}")
    completed = 0
    stopped: BaseException | None = None
    try:
        for item in items:
            # async-expert-disable-next-line await-in-loop -- one at a time: order matters (think appending to one file)
            await process(item)
            completed += 1
    except BaseException as error:  # CancelledError included: cleanup must run, then it propagates
        stopped = error
    cleanup_errors: list[BaseException] = []
    if stopped is not None:
        done_so_far = completed
        error = await _cleanup_step("rollback", lambda: rollback(done_so_far), cleanup_seconds)
        if error is not None:
            cleanup_errors.append(error)
    error = await _cleanup_step("close", close, cleanup_seconds)
    if error is not None:
        cleanup_errors.append(error)

    if stopped is None:
        if cleanup_errors:
            raise cleanup_errors[0]
        return completed
    if not cleanup_errors:
        raise stopped
    # An ExceptionGroup holds Exceptions only; a cancellation (or another BaseException) on either side keeps
    # `stopped` as the error and the cleanup failures as its notes.
    cleanup_exceptions = [e for e in cleanup_errors if isinstance(e, Exception)]
    if isinstance(stopped, Exception) and len(cleanup_exceptions) == len(cleanup_errors):
        raise ExceptionGroup("the job failed and its cleanup failed too", [stopped, *cleanup_exceptions])
    for cleanup_error in cleanup_errors:
        stopped.add_note(f"cleanup also failed: {cleanup_error!r}")
    raise stopped


async def cancel_and_wait(task: "asyncio.Task[Any]", reason: str | None = None) -> None:
    """Cancels a task you own and returns once it has finished, re-raising only *our* cancellation."""
    if not isinstance(task, asyncio.Task):
        raise TypeError(f"task must be an asyncio.Task, got {task!r}")
    task.cancel(reason)
    try:
        await task
    except asyncio.CancelledError:
        # Two possible sources: the child's cancellation we just asked for (expected), or our own
        # task being cancelled while we waited. cancelling() > 0 means the latter: propagate it.
        current = asyncio.current_task()
        if current is not None and current.cancelling() > 0:
            raise


class Connection:
    """Stands in for anything that must be released: a socket, a lease, a transaction."""

    def __init__(self) -> None:
        self.closed = False
        self.processed = 0
        self.rolled_back: list[int] = []

    async def send(self, item: int) -> None:
        await asyncio.sleep(0.001)
        self.processed += 1

    async def rollback(self, completed: int) -> None:
        await asyncio.sleep(0)
        self.rolled_back.append(completed)

    async def close(self) -> None:
        await asyncio.sleep(0)  # a real close awaits a flush
        self.closed = True


async def _self_check() -> None:
    conn = Connection()
    task = asyncio.create_task(run_job(range(1_000_000), conn.send, rollback=conn.rollback, close=conn.close))
    while conn.processed < 3:  # let it get going
        await asyncio.sleep(0.001)
    await cancel_and_wait(task, "shutting down")
    assert task.cancelled(), "the task should end as cancelled, not completed"
    assert conn.closed and conn.rolled_back == [conn.processed], (conn.closed, conn.rolled_back)

    done = Connection()
    assert await run_job(range(3), done.send, rollback=done.rollback, close=done.close) == 3
    assert done.closed and done.rolled_back == []

    # A failing close does not hide why the job stopped: both come back in one ExceptionGroup.
    async def bad_item(item: int) -> None:
        raise ValueError(f"bad item {item}")

    async def failing_close() -> None:
        raise OSError("close failed")

    try:
        await run_job([1], bad_item, rollback=done.rollback, close=failing_close)
    except* ValueError as group:
        assert [str(e) for e in group.exceptions] == ["bad item 1"], group.exceptions
    except* OSError as group:
        assert [str(e) for e in group.exceptions] == ["close failed"], group.exceptions

    # A child that fails while we cancel it: its error reaches us (it is not a cancellation).
    async def fails_on_cancel() -> None:
        try:
            await asyncio.sleep(10)
        finally:
            raise RuntimeError("cleanup failed")

    failing = asyncio.create_task(fails_on_cancel())
    await asyncio.sleep(0)
    try:
        await cancel_and_wait(failing)
    except RuntimeError as exc:
        assert str(exc) == "cleanup failed", exc
    else:
        raise AssertionError("the child's error was swallowed")

    # If the waiter itself is cancelled while the child is slow to clean up, the waiter's
    # cancellation must propagate instead of being mistaken for the child's.
    child_can_finish = asyncio.Event()

    async def slow_cleanup() -> None:
        try:
            await asyncio.sleep(10)
        finally:
            await child_can_finish.wait()

    child = asyncio.create_task(slow_cleanup())
    await asyncio.sleep(0)
    waiter = asyncio.create_task(cancel_and_wait(child))
    await asyncio.sleep(0.01)
    waiter.cancel()
    child_can_finish.set()
    await asyncio.wait([waiter, child])  # waits without raising; outcomes checked below
    assert waiter.cancelled(), "the waiter's own cancellation was swallowed"
    assert child.cancelled()

    try:
        await cancel_and_wait("not a task")  # type: ignore[arg-type]  # deliberately wrong, to check the error
    except TypeError as exc:
        assert "task" in str(exc) and "'not a task'" in str(exc), exc
    else:
        raise AssertionError("a non-task was accepted")


if __name__ == "__main__":
    asyncio.run(_self_check())
