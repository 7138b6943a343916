"""Contract scenarios: cancellation-cleanup (templates/contracts/cancellation-cleanup.json)."""

from __future__ import annotations

import asyncio
from typing import Any, List

from harness import Context, Scenario, scenario, settle


class Log:
    def __init__(self) -> None:
        self.processed = 0
        self.rolled_back: List[int] = []
        self.closed = 0


def job(t: Any, log: Log, fail_at: int = -1, close: Any = None, **kwargs: Any) -> Any:
    async def process(item: int) -> None:
        await asyncio.sleep(0.001)
        if item == fail_at:
            raise ValueError(f"item {item} failed")
        log.processed += 1

    async def rollback(completed: int) -> None:
        log.rolled_back.append(completed)

    async def default_close() -> None:
        log.closed += 1

    return t.run_job(range(1000), process, rollback=rollback, close=close or default_close, **kwargs)


def scenarios(t: Any) -> List[Scenario]:
    out: List[Scenario] = []

    @scenario(out, "cancel-is-not-success", "cancelled after three steps: the task ends cancelled, not with a count")
    async def _(ctx: Context) -> None:
        log = Log()
        task = asyncio.ensure_future(job(t, log))
        await asyncio.sleep(0.0035)
        task.cancel()
        await settle(task)
        assert task.cancelled() and log.processed == 3, (task, log.processed)

    @scenario(out, "no-step-after-cancel", "after the cancel the number of steps started does not grow")
    async def _(ctx: Context) -> None:
        log = Log()
        task = asyncio.ensure_future(job(t, log))
        await asyncio.sleep(0.0035)
        task.cancel()
        at_cancel = log.processed
        await settle(task)
        await asyncio.sleep(0.1)
        assert log.processed == at_cancel, (log.processed, at_cancel)

    @scenario(out, "cleanup-on-every-path", "completes, fails at step 2, cancelled at step 3: closed each time, rolled back twice")
    async def _(ctx: Context) -> None:
        done = Log()

        async def process(_item: int) -> None:
            await asyncio.sleep(0.001)

        async def rollback(completed: int) -> None:
            done.rolled_back.append(completed)

        async def close() -> None:
            done.closed += 1

        assert await t.run_job(range(3), process, rollback=rollback, close=close) == 3
        assert (done.closed, done.rolled_back) == (1, [])
        failed = Log()
        task = asyncio.ensure_future(job(t, failed, fail_at=2))
        await settle(task)
        assert isinstance(task.exception(), ValueError) and (failed.closed, failed.rolled_back) == (1, [2])
        cancelled = Log()
        task = asyncio.ensure_future(job(t, cancelled))
        await asyncio.sleep(0.0035)
        task.cancel()
        await settle(task)
        assert task.cancelled() and (cancelled.closed, cancelled.rolled_back) == (1, [3]), cancelled.rolled_back

    @scenario(out, "cleanup-error-keeps-original", "failure A with a failing close B: both reachable; a cancellation still surfaces")
    async def _(ctx: Context) -> None:
        close_error = OSError("B: close failed")

        async def failing_close() -> None:
            raise close_error

        task = asyncio.ensure_future(job(t, Log(), fail_at=1, close=failing_close))
        await settle(task)
        group = task.exception()
        assert isinstance(group, BaseExceptionGroup), repr(group)
        messages = sorted(str(e) for e in group.exceptions)
        assert messages == ["B: close failed", "item 1 failed"], messages

        cancelled = asyncio.ensure_future(job(t, Log(), close=failing_close))
        await asyncio.sleep(0.0025)
        cancelled.cancel()
        await settle(cancelled)
        assert cancelled.cancelled(), "a failing close turned the cancellation into an error"

    @scenario(out, "cleanup-bounded", "a close that never finishes, limit 1 s: the call ends after 1 s with both errors")
    async def _(ctx: Context) -> None:
        close_cancelled: List[float] = []

        async def hanging_close() -> None:
            try:
                await asyncio.Event().wait()
            except asyncio.CancelledError:
                close_cancelled.append(ctx.now())
                raise

        task = asyncio.ensure_future(job(t, Log(), fail_at=0, close=hanging_close, cleanup_seconds=1.0))
        await settle(task)
        assert abs(ctx.now() - 1.001) < 1e-6, ctx.now()
        group = task.exception()
        assert isinstance(group, BaseExceptionGroup), repr(group)
        kinds = sorted(type(e).__name__ for e in group.exceptions)
        assert kinds == ["CleanupTimeoutError", "ValueError"], kinds
        assert len(close_cancelled) == 1, "the hanging close was not told to stop"

    @scenario(out, "nothing-left-attached", "after runs and cancel_and_wait, no task of the template is still running")
    async def _(ctx: Context) -> None:
        async def hanging_close() -> None:
            await asyncio.Event().wait()

        task = asyncio.ensure_future(job(t, Log(), fail_at=0, close=hanging_close, cleanup_seconds=0.5))
        await settle(task)

        async def child_with_cleanup() -> None:
            try:
                await asyncio.sleep(10)
            finally:
                await asyncio.sleep(0.2)

        child = asyncio.ensure_future(child_with_cleanup())
        await asyncio.sleep(0)
        await t.cancel_and_wait(child)
        assert child.done(), "cancel_and_wait returned before the child finished its cleanup"
        assert ctx.other_tasks() == [], ctx.other_tasks()

    return out
