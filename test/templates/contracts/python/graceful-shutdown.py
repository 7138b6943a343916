"""Contract scenarios: graceful-shutdown (templates/contracts/graceful-shutdown.json)."""

from __future__ import annotations

import asyncio
import json
import signal
import subprocess
import sys
import textwrap
import time
from typing import Any, Dict, List

from harness import Context, Scenario, expect_raises, scenario


def job(seconds: float, log: List[str], name: str) -> Any:
    async def run() -> None:
        try:
            await asyncio.sleep(seconds)
            log.append(f"{name} finished")
        except asyncio.CancelledError:
            log.append(f"{name} cancelled")
            raise

    return run


def stubborn(log: List[str], released: List[bool]) -> Any:
    """Swallows every cancellation until `released` holds True (so the scenario can end it afterwards)."""

    async def run() -> None:
        while not released:
            try:
                await asyncio.sleep(1)
            except asyncio.CancelledError:
                log.append("stubborn swallowed the cancellation")

    return run


CHILD = """
import asyncio, importlib.util, json, sys
spec = importlib.util.spec_from_file_location("template", {path!r})
t = importlib.util.module_from_spec(spec)
sys.modules["template"] = t
spec.loader.exec_module(t)

async def main():
    runner = t.JobRunner()
{jobs}
    server = asyncio.ensure_future(t.serve(runner, asyncio.Event(), {drain}, {grace}))
    await asyncio.sleep(0.05)  # serve() has installed its signal handlers
    print("ready", flush=True)
    result = await server
    print(json.dumps({{"stragglers": result.stragglers}}), flush=True)

asyncio.run(main())
"""


def run_child(ctx: Context, jobs: str, drain: float, grace: float, signals: int) -> Dict[str, Any]:
    """Runs the template's serve() in a child interpreter, sends SIGTERM `signals` times, reports how it ended."""
    source = CHILD.format(path=ctx.template_path, jobs=textwrap.indent(textwrap.dedent(jobs), "    "), drain=drain, grace=grace)
    child = subprocess.Popen([sys.executable, "-c", source], stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    try:
        assert child.stdout is not None
        first = child.stdout.readline()
        assert first.strip() == "ready", first
        sent = time.monotonic()
        child.send_signal(signal.SIGTERM)
        if signals > 1:
            time.sleep(0.2)
            child.send_signal(signal.SIGTERM)
        rest = child.communicate(timeout=20)[0]
        return {"code": child.returncode, "seconds": time.monotonic() - sent, "output": rest}
    finally:
        if child.poll() is None:
            child.kill()
            child.wait()


def scenarios(t: Any) -> List[Scenario]:
    out: List[Scenario] = []

    @scenario(out, "stops-intake", "a submission after shutdown began is refused; the jobs in flight finish")
    async def _(ctx: Context) -> None:
        runner = t.JobRunner()
        log: List[str] = []
        runner.submit(job(0.01, log, "a"))
        runner.submit(job(0.02, log, "b"))
        shutdown = asyncio.ensure_future(runner.shutdown(0.1))
        await asyncio.sleep(0)
        try:
            runner.submit(job(0.001, log, "late"))
        except t.ShuttingDownError:
            pass
        else:
            raise AssertionError("a job was accepted during shutdown")
        result = await shutdown
        assert log == ["a finished", "b finished"] and result.drained, (log, result)

    @scenario(out, "drains-before-deadline", "jobs of 0.01 and 0.05 s under 0.1 s: none cancelled, drained, returns at 0.05")
    async def _(ctx: Context) -> None:
        runner = t.JobRunner()
        log: List[str] = []
        runner.submit(job(0.01, log, "a"))
        runner.submit(job(0.05, log, "b"))
        result = await runner.shutdown(0.1, 1.0)
        assert (result.drained, result.cancelled, result.stragglers) == (True, 0, []), result
        assert log == ["a finished", "b finished"] and ctx.now() == 0.05, (log, ctx.now())

    @scenario(out, "cancels-at-deadline", "a 10 s job under a 0.1 s deadline is cancelled at 0.1 s and reported")
    async def _(ctx: Context) -> None:
        runner = t.JobRunner()
        log: List[str] = []
        runner.submit(job(10, log, "long"))
        result = await runner.shutdown(0.1, 1.0)
        assert (result.drained, result.cancelled, result.stragglers) == (False, 1, []), result
        assert log == ["long cancelled"] and ctx.now() == 0.1, (log, ctx.now())

    @scenario(out, "bounded-second-wait", "a job that swallows the cancellation: shutdown returns at deadline + grace")
    async def _(ctx: Context) -> None:
        runner = t.JobRunner()
        log: List[str] = []
        released: List[bool] = []
        runner.submit(stubborn(log, released))
        result = await runner.shutdown(0.1, 0.2)
        returned_at = ctx.now()
        released.append(True)
        await asyncio.sleep(1)  # the straggler ends now; the scenario leaves nothing behind
        assert abs(returned_at - 0.3) < 1e-9, returned_at
        assert log == ["stubborn swallowed the cancellation"], log
        assert result.cancelled == 1, result

    @scenario(out, "stragglers-reported", "the job that swallows the cancellation is reported by name; the polite one is not")
    async def _(ctx: Context) -> None:
        runner = t.JobRunner()
        log: List[str] = []
        released: List[bool] = []
        runner.submit(stubborn(log, released), name="import batch 7")
        runner.submit(job(10, log, "polite"), name="polite request")
        result = await runner.shutdown(0.1, 0.2)
        released.append(True)
        await asyncio.sleep(1)
        assert result.stragglers == ["import batch 7"] and result.cancelled == 2, result
        await expect_raises(ValueError, runner.shutdown(-1))

    @scenario(out, "hard-exit-fallback", "a child with a job that swallows cancellation exits 1 after SIGTERM; a clean one exits 0", clock="real")
    async def _(ctx: Context) -> None:
        stuck = await asyncio.get_running_loop().run_in_executor(None, run_child, ctx, """
            async def stuck():
                while True:
                    try:
                        await asyncio.sleep(1)
                    except asyncio.CancelledError:
                        pass
            runner.submit(stuck, name="stuck job")
        """, 0.1, 0.1, 1)
        assert stuck["code"] == 1, stuck
        assert stuck["seconds"] < 10, stuck
        clean = await asyncio.get_running_loop().run_in_executor(None, run_child, ctx, """
            runner.submit(lambda: asyncio.sleep(60), name="sleeper")
        """, 0.1, 0.1, 1)
        assert clean["code"] == 0, clean
        assert json.loads(clean["output"].strip().splitlines()[-1]) == {"stragglers": []}, clean

    @scenario(out, "second-signal-forces-exit", "a child with a 60 s drain gets SIGTERM twice: it ends at once, non-zero", clock="real")
    async def _(ctx: Context) -> None:
        run = await asyncio.get_running_loop().run_in_executor(None, run_child, ctx, """
            runner.submit(lambda: asyncio.sleep(120), name="long job")
        """, 60, 1, 2)
        assert run["code"] not in (0, None), run
        assert run["seconds"] < 10, run

    return out
