# @pattern
# id: cancellation-cleanup
# title: Cancellation with cleanup
# summary: Let CancelledError run your cleanup and then propagate, and cancel a task you own by cancelling it and awaiting it until it has finished.
# minimum: python 3.11
# apis: asyncio.CancelledError, asyncio.Task.cancel, asyncio.Task.cancelling, asyncio.Task.cancelled, asyncio.current_task, asyncio.create_task, asyncio.wait, asyncio.sleep, asyncio.Event, asyncio.run
# pitfalls: catching CancelledError (or BaseException, or a bare except) without re-raising, which turns a cancel into a silent success and breaks TaskGroup and asyncio.timeout; cancel() without awaiting the task, so its cleanup runs later or never; swallowing the caller's own cancellation while waiting for a child to stop; long awaited cleanup that a second cancel() interrupts
# rules: swallowed-cancellation, dangling-task
# tags: cancellation, cleanup, task
# fallback: python 3.8: Task.cancelling() is 3.11+; before it, track in a flag whether you cancelled the child yourself and re-raise CancelledError otherwise
# @end
"""Cancellation that cleans up and still propagates, and a helper that stops a task you own."""

import asyncio
from collections.abc import Callable, Iterable
from typing import Any


class Connection:
    """Stands in for anything that must be released: a socket, a lease, a transaction."""

    def __init__(self) -> None:
        self.closed = False
        self.processed = 0

    async def send(self, item: int) -> None:
        await asyncio.sleep(0.001)
        self.processed += 1

    async def close(self) -> None:
        await asyncio.sleep(0)  # a real close awaits a flush; keep it short, a second cancel() would cut it
        self.closed = True


async def pump(conn: Connection, items: Iterable[int], on_cancel: Callable[[int], None]) -> None:
    """Sends items until done or cancelled; always closes the connection."""
    try:
        for item in items:
            await conn.send(item)  # one at a time: order matters on a connection
    except asyncio.CancelledError:
        # Record where we stopped, then re-raise: swallowing it would make the cancel look like
        # normal completion and confuse TaskGroup and asyncio.timeout, which rely on it.
        on_cancel(conn.processed)
        raise
    finally:
        await conn.close()  # runs on success, error and cancellation alike


async def cancel_and_wait(task: asyncio.Task[Any], reason: str | None = None) -> None:
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


async def _self_check() -> None:
    stopped_at: list[int] = []
    conn = Connection()
    task = asyncio.create_task(pump(conn, range(1_000_000), stopped_at.append))
    while conn.processed < 3:  # let it get going
        await asyncio.sleep(0.001)
    await cancel_and_wait(task, "shutting down")
    assert task.cancelled(), "the task should end as cancelled, not completed"
    assert conn.closed, "cleanup did not run"
    assert stopped_at == [conn.processed] and 0 < conn.processed < 1_000_000, (stopped_at, conn.processed)

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
