# @pattern
# id: resource-cleanup
# title: Async resource cleanup
# summary: Release async resources on every exit path with async context managers: a class with __aenter__/__aexit__, @asynccontextmanager, and AsyncExitStack for a variable number of them.
# minimum: python 3.10
# apis: contextlib.asynccontextmanager, contextlib.AsyncExitStack, contextlib.AsyncExitStack.enter_async_context, contextlib.AsyncExitStack.push_async_callback, asyncio.create_task, asyncio.wait, asyncio.sleep, asyncio.Event, asyncio.run
# pitfalls: a yield in @asynccontextmanager without try/finally, so cleanup is skipped when the body raises or is cancelled; opening several resources in a row and leaking the first when the second fails; closing in the wrong order; relying on __del__ or garbage collection to close async resources
# rules: swallowed-cancellation, swallowed-error
# tags: cleanup, context-manager, resources, cancellation
# fallback: python 3.7: asynccontextmanager and AsyncExitStack exist since 3.7; add `from __future__ import annotations` for the `X | None` and `list[str]` annotations
# @end
"""async with: resources are released on success, on error and on cancellation, in reverse order."""

import asyncio
import contextlib
from collections.abc import AsyncGenerator, Sequence
from types import TracebackType


class Pool:
    """A resource with an async close, used as `async with Pool(name) as pool:`."""

    def __init__(self, name: str, log: list[str]) -> None:
        if not isinstance(name, str) or not name:
            raise ValueError(f"name must be a non-empty string, got {name!r}")
        self.name = name
        self._log = log
        self.open = False

    async def __aenter__(self) -> "Pool":
        await asyncio.sleep(0)  # a real pool would connect here
        if self.name.startswith("bad"):
            raise ConnectionError(f"cannot open {self.name}")
        self.open = True
        self._log.append(f"open {self.name}")
        return self

    async def __aexit__(
        self, exc_type: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None
    ) -> None:
        # Returning None (falsy) lets the body's exception, including CancelledError, propagate.
        await asyncio.sleep(0)
        self.open = False
        self._log.append(f"close {self.name}")
        if self.name.startswith("brittle"):
            raise OSError(f"closing {self.name} failed")  # a stand-in for a flush that fails on close


@contextlib.asynccontextmanager
async def transaction(pool: Pool, log: list[str]) -> AsyncGenerator[list[str], None]:
    """Commits if the body succeeds, rolls back if it raises or is cancelled."""
    if not pool.open:
        raise RuntimeError(f"pool {pool.name!r} is not open")
    statements: list[str] = []
    log.append("begin")
    try:
        yield statements
    except BaseException:
        # BaseException on purpose: a cancelled body must roll back too. We re-raise, never swallow.
        log.append("rollback")
        raise
    else:
        log.append(f"commit {len(statements)}")


async def open_all(names: Sequence[str], log: list[str]) -> contextlib.AsyncExitStack:
    """Opens every pool; if one fails, the ones already open are closed before the error propagates."""
    if isinstance(names, str) or not isinstance(names, Sequence):
        raise TypeError(f"names must be a sequence of strings, got {names!r}")
    async with contextlib.AsyncExitStack() as stack:
        for name in names:
            await stack.enter_async_context(Pool(name, log))  # each open depends on the previous one succeeding
        stack.push_async_callback(_note, log, "all closed")
        # pop_all() moves the callbacks to a new stack: nothing is closed now, the caller owns them.
        return stack.pop_all()
    # AsyncExitStack.__aexit__ is typed as able to swallow errors, so type checkers need an ending here.
    raise AssertionError("unreachable: the block above returns or raises")


async def _note(log: list[str], message: str) -> None:
    await asyncio.sleep(0)
    log.append(message)


async def _self_check() -> None:
    log: list[str] = []
    async with Pool("main", log) as pool, transaction(pool, log) as tx:
        tx.append("insert")
    assert log == ["open main", "begin", "commit 1", "close main"], log

    log.clear()
    try:
        async with Pool("main", log) as pool, transaction(pool, log):
            raise KeyError("bad row")
    except KeyError:
        log.append("caught")
    assert log == ["open main", "begin", "rollback", "close main", "caught"], log

    # Cancelled inside the body: the rollback and the close still run, and the task ends cancelled.
    log.clear()
    inside = asyncio.Event()

    async def stuck() -> None:
        async with Pool("main", log) as pool, transaction(pool, log):
            inside.set()
            await asyncio.sleep(10)

    task = asyncio.create_task(stuck())
    await inside.wait()
    task.cancel()
    await asyncio.wait([task])  # waits without raising; the outcome is checked below
    assert task.cancelled() and log == ["open main", "begin", "rollback", "close main"], log

    # Several resources: closed in reverse order.
    log.clear()
    async with await open_all(["a", "b", "c"], log):
        log.append("work")
    assert log == ["open a", "open b", "open c", "work", "all closed", "close c", "close b", "close a"], log

    # The third fails to open: the first two are closed before the error reaches us.
    log.clear()
    try:
        await open_all(["a", "b", "bad"], log)
    except ConnectionError as exc:
        assert str(exc) == "cannot open bad", exc
    else:
        raise AssertionError("open_all did not raise")
    assert log == ["open a", "open b", "close b", "close a"], log

    try:
        Pool("", log)
    except ValueError as exc:
        assert "name" in str(exc) and "''" in str(exc), exc
    else:
        raise AssertionError("an empty name was accepted")


if __name__ == "__main__":
    asyncio.run(_self_check())
