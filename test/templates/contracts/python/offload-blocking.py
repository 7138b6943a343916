"""Contract scenarios: offload-blocking (templates/contracts/offload-blocking.json). Real threads: real clock."""

from __future__ import annotations

import asyncio
import threading
from typing import Any, List

from harness import Context, Scenario, expect_raises, scenario


def scenarios(t: Any) -> List[Scenario]:
    out: List[Scenario] = []

    @scenario(out, "loop-stays-responsive", "a blocking call released only by a task on the loop finishes", clock="real")
    async def _(ctx: Context) -> None:
        released = threading.Event()

        async def release_soon() -> None:
            await asyncio.sleep(0.02)
            released.set()

        releaser = asyncio.ensure_future(release_soon())
        assert await asyncio.to_thread(released.wait, 5), "the loop was blocked"
        await releaser

    @scenario(out, "runs-off-loop-thread", "the blocking call and the CPU-bound call run off the loop's thread", clock="real")
    async def _(ctx: Context) -> None:
        where = await t.read_sensor(0.001)
        assert where.startswith("read by ") and threading.current_thread().name not in where, where

    @scenario(out, "errors-reach-caller", "a call that raises in the thread: the awaiting caller gets it", clock="real")
    async def _(ctx: Context) -> None:
        # time.sleep(-1) raises ValueError inside the worker thread.
        error = await expect_raises(ValueError, t.read_sensor(-1))
        assert "non-negative" in str(error), error

    return out
