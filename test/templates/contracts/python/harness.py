"""The Python side of the contract scenarios (templates/contracts/README.md).

Runs on every Python from 3.8 on, so: no match statements, no TaskGroup or asyncio.timeout here (the templates that
need them declare 3.11), and `from __future__ import annotations` for the annotations.

Time is virtual: VirtualClockLoop is an ordinary selector event loop whose clock only moves when the loop has
nothing to do but wait for a timer; then it jumps straight to that timer. A scenario that sleeps 30 days finishes in
microseconds, deterministically, and every asyncio timer (sleep, wait_for, timeout, call_later) follows that clock.
Work on other threads does not stop the jump, so scenarios with threads or processes ask for the real clock.
"""

from __future__ import annotations

import asyncio
import selectors
from typing import Any, Awaitable, Callable, List, Optional

# The selector class this platform's event loop uses (epoll on Linux).
_Selector: Any = type(selectors.DefaultSelector())


class _JumpingSelector(_Selector):  # type: ignore[misc, valid-type]
    """Never sleeps for a timer: when nothing is ready it advances the loop's virtual clock instead."""

    def __init__(self) -> None:
        super().__init__()
        self.clock: Optional[VirtualClockLoop] = None

    def select(self, timeout: Optional[float] = None) -> Any:
        events = super().select(0)
        if events or timeout == 0:
            return events
        if timeout is None or self.clock is None:
            # No timer pending: only I/O (a signal's wakeup byte, a thread's call_soon_threadsafe) can wake us.
            return super().select(timeout)
        self.clock.virtual_now += timeout
        return []


class VirtualClockLoop(asyncio.SelectorEventLoop):
    """A selector event loop on a virtual clock that jumps to the next timer whenever the loop would wait."""

    def __init__(self) -> None:
        selector = _JumpingSelector()
        super().__init__(selector)
        self.virtual_now = 0.0
        selector.clock = self

    def time(self) -> float:
        return self.virtual_now


class Context:
    """What a scenario gets: the loop, its clock, and a count of the timers still scheduled."""

    def __init__(self, loop: asyncio.AbstractEventLoop, virtual: bool, template_path: str, python: str) -> None:
        self.loop = loop
        self.virtual = virtual
        self.template_path = template_path
        self.python = python
        self._start = loop.time()
        # The runner's own time limit is a loop timer too; pending_timers() leaves it out.
        self.guard_deadline = float("inf")
        # Tasks of the runner itself (its time-limit wrapper); other_tasks() leaves them out.
        self.runner_tasks: "set[asyncio.Task[Any]]" = set()

    def now(self) -> float:
        """Seconds since the scenario started, on the loop's clock."""
        return round(self.loop.time() - self._start, 6)

    def other_tasks(self) -> "List[asyncio.Task[Any]]":
        """Tasks still running besides the scenario itself and the runner's."""
        current = asyncio.current_task()
        return [t for t in asyncio.all_tasks() if t is not current and t not in self.runner_tasks and not t.done()]

    def pending_timers(self) -> int:
        """Timers scheduled and not cancelled (asyncio's own heap: read-only use, for assertions only)."""
        scheduled = getattr(self.loop, "_scheduled", [])
        return sum(1 for h in scheduled if not h.cancelled() and h.when() < self.guard_deadline - 1e-6)


ScenarioFn = Callable[[Context], Awaitable[None]]


class Scenario:
    def __init__(self, item: str, title: str, run: ScenarioFn, clock: str) -> None:
        self.item = item
        self.title = title
        self.run = run
        self.clock = clock


def scenario(into: List[Scenario], item: str, title: str, clock: str = "virtual") -> Callable[[ScenarioFn], ScenarioFn]:
    """Decorator: registers an async function as the scenario for contract item `item`."""

    def register(fn: ScenarioFn) -> ScenarioFn:
        into.append(Scenario(item, title, fn, clock))
        return fn

    return register


async def expect_raises(kind: Any, awaitable: Awaitable[Any]) -> BaseException:
    """Awaits and returns the exception of type `kind` it raises; fails when it returns or raises something else."""
    try:
        value = await awaitable
    except BaseException as error:  # noqa: BLE001  # CancelledError included on purpose: scenarios check it
        if isinstance(error, kind):
            return error
        raise AssertionError(f"expected {kind}, got {error!r}") from error
    raise AssertionError(f"expected {kind}, got the value {value!r}")


async def settle(task: "asyncio.Future[Any]") -> None:
    """Waits for a task without raising its outcome, and marks its exception as retrieved."""
    await asyncio.wait([task])
    if not task.cancelled():
        task.exception()


def outcome(task: "asyncio.Future[Any]") -> Any:
    """'cancelled', the exception, or ('value', result) of a finished task."""
    if task.cancelled():
        return "cancelled"
    error = task.exception()
    return error if error is not None else ("value", task.result())


DAY = 24 * 60 * 60.0


def main_variant_scenarios(pattern: str) -> Any:
    """The `scenarios` function of the main variant's scenario file, for a legacy variant held to the same contract."""
    import importlib.util
    import os

    path = os.path.join(os.path.dirname(os.path.abspath(__file__)), f"{pattern}.py")
    spec = importlib.util.spec_from_file_location(f"main_scenarios_{pattern.replace('-', '_')}", path)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module.scenarios
