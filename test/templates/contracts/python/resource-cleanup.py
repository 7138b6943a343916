"""Contract scenarios: resource-cleanup (templates/contracts/resource-cleanup.json)."""

from __future__ import annotations

import asyncio
from typing import Any, List

from harness import Context, Scenario, scenario, settle


def chain(error: BaseException) -> List[BaseException]:
    """The error and everything reachable through __context__ / __cause__."""
    out: List[BaseException] = []
    todo: List[BaseException] = [error]
    while todo:
        e = todo.pop()
        if e in out:
            continue
        out.append(e)
        todo.extend(x for x in (e.__context__, e.__cause__) if x is not None)
    return out


def scenarios(t: Any) -> List[Scenario]:
    out: List[Scenario] = []

    @scenario(out, "released-on-every-path", "the body returns, raises, and is cancelled mid-await: closed each time")
    async def _(ctx: Context) -> None:
        log: List[str] = []
        async with t.Pool("main", log):
            pass
        failure = KeyError("bad row")

        async def raises() -> None:
            async with t.Pool("main", log):
                raise failure

        task = asyncio.ensure_future(raises())
        await settle(task)
        assert task.exception() is failure

        async def waits() -> None:
            async with t.Pool("main", log):
                await asyncio.sleep(10)

        task = asyncio.ensure_future(waits())
        await asyncio.sleep(0.01)
        task.cancel()
        await settle(task)
        assert task.cancelled()
        assert log == ["open main", "close main"] * 3, log

    @scenario(out, "release-error-keeps-original", "the body raises A and the release raises B: A is reachable from B")
    async def _(ctx: Context) -> None:
        log: List[str] = []
        body_error = ValueError("A: body failed")

        async def run() -> None:
            stack = await t.open_all(["brittle"], log)
            async with stack:
                raise body_error

        task = asyncio.ensure_future(run())
        await settle(task)
        error = task.exception()
        assert error is not None and isinstance(error, OSError), repr(error)
        assert body_error in chain(error), "the body's error was lost"

    @scenario(out, "partial-acquire-released", "three opens where the third fails: the first two closed, the error raised")
    async def _(ctx: Context) -> None:
        log: List[str] = []
        task = asyncio.ensure_future(t.open_all(["a", "b", "bad-c"], log))
        await settle(task)
        assert isinstance(task.exception(), ConnectionError), task.exception()
        assert log == ["open a", "open b", "close b", "close a"], log

    @scenario(out, "reverse-order", "open a, b, c: closed c, b, a")
    async def _(ctx: Context) -> None:
        log: List[str] = []
        async with await t.open_all(["a", "b", "c"], log):
            log.append("body")
        assert log == ["open a", "open b", "open c", "body", "all closed", "close c", "close b", "close a"], log

    @scenario(out, "result-complete-before-release", "a result built inside the block is complete after the release")
    async def _(ctx: Context) -> None:
        log: List[str] = []

        async def build() -> List[str]:
            async with t.Pool("main", log) as pool, t.transaction(pool, log) as tx:
                tx.append("insert")
                await asyncio.sleep(0)
                return list(tx)

        assert await build() == ["insert"]
        assert log == ["open main", "begin", "commit 1", "close main"], log

    return out
