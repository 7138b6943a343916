# @pattern
# id: first-success-race
# title: First-success racing and hedged requests
# summary: Race several ways to get the same answer, return the first success, cancel and await the losers; optionally start each backup only after a delay (hedging).
# minimum: python 3.11
# apis: asyncio.wait, asyncio.FIRST_COMPLETED, asyncio.create_task, asyncio.Task.cancel, asyncio.Task.exception, asyncio.Task.result, asyncio.Task.cancelled, asyncio.sleep, asyncio.run, ExceptionGroup
# pitfalls: asyncio.wait(FIRST_COMPLETED) and returning without cancelling the pending tasks, which keep running; treating the first *completed* task as the winner when it failed; cancelling the losers without awaiting them; asyncio.as_completed(...) loops that abandon the rest; losing every error but the last when all attempts fail
# rules: dangling-task, timeout-misuse, swallowed-cancellation
# tags: race, hedging, first-success, cancellation
# fallback: python 3.8: ExceptionGroup is 3.11+; raise the last error (chained) or your own error carrying the list instead
# @end
"""Return the first successful result of several attempts; the losers are cancelled and awaited."""

import asyncio
import math
from collections.abc import Awaitable, Callable, Sequence
from typing import TypeVar

T = TypeVar("T")


async def first_success(attempts: Sequence[Callable[[], Awaitable[T]]], *, hedge_delay: float = 0.0) -> T:
    """Runs the attempts and returns the first result that is not an exception.

    hedge_delay = 0 starts all attempts at once. hedge_delay > 0 starts the next attempt only if
    no attempt has succeeded after that many seconds (or as soon as one fails): a hedged request
    that costs extra load only when the first try is slow. All failing -> ExceptionGroup.
    """
    if isinstance(attempts, (str, bytes)) or not isinstance(attempts, Sequence):
        raise TypeError(f"attempts must be a sequence of callables, got {attempts!r}")
    if not attempts:
        raise ValueError(f"attempts must not be empty, got {attempts!r}")
    for index, attempt in enumerate(attempts):
        if not callable(attempt):
            raise TypeError(f"attempts[{index}] must be callable, got {attempt!r}")
    if (
        isinstance(hedge_delay, bool)
        or not isinstance(hedge_delay, (int, float))
        or not math.isfinite(hedge_delay)
        or hedge_delay < 0
    ):
        raise ValueError(f"hedge_delay must be a finite number of seconds >= 0, got {hedge_delay!r}")

    not_started = list(attempts)
    running: set[asyncio.Task[T]] = set()
    errors: list[Exception] = []
    try:
        while True:
            if not_started:
                running.add(asyncio.create_task(_call(not_started.pop(0))))
            if not running:
                raise ExceptionGroup(f"all {len(attempts)} attempts failed", errors)
            # While attempts remain, wake up after hedge_delay to start the next one.
            done, running = await asyncio.wait(
                running, timeout=hedge_delay if not_started else None, return_when=asyncio.FIRST_COMPLETED
            )
            successes: list[T] = []
            # Look at every finished task, not just up to the first success: reading each error
            # marks it as retrieved, so none is logged later as "never retrieved".
            for task in done:
                if task.cancelled():
                    # Cancelled from outside (we cancel nothing before the finally): an attempt failure,
                    # recorded as an Exception because ExceptionGroup cannot hold CancelledError.
                    errors.append(RuntimeError(f"attempt task {task.get_name()} was cancelled from outside"))
                    continue
                error = task.exception()
                if error is None:
                    successes.append(task.result())
                elif isinstance(error, Exception):
                    errors.append(error)
                else:
                    raise error  # KeyboardInterrupt, SystemExit: not an attempt failure
            if successes:
                return successes[0]
    finally:
        # Runs on success, on failure, and when our caller cancels us.
        await _cancel_and_wait(running)


async def _call(attempt: Callable[[], Awaitable[T]]) -> T:
    # create_task needs a coroutine; attempt() may return any awaitable.
    return await attempt()


async def _cancel_and_wait(tasks: set[asyncio.Task[T]]) -> None:
    for task in tasks:
        task.cancel()
    if tasks:
        await asyncio.wait(tasks)  # the losers finish their cleanup before we return
    for task in tasks:
        if not task.cancelled():
            task.exception()  # a loser that failed while we cancelled it: mark its error as seen


async def _self_check() -> None:
    log: list[str] = []

    def attempt(name: str, delay: float, fail: bool = False) -> Callable[[], Awaitable[str]]:
        async def run() -> str:
            try:
                await asyncio.sleep(delay)
            except asyncio.CancelledError:
                log.append(f"{name} cancelled")
                raise  # re-raise so the task ends as cancelled
            if fail:
                log.append(f"{name} failed")
                raise ConnectionError(name)
            log.append(f"{name} succeeded")
            return name

        return run

    # The fast failure does not win; the medium success does; the slow one is cancelled.
    winner = await first_success([attempt("slow", 10), attempt("fast-fail", 0, fail=True), attempt("medium", 0.02)])
    assert winner == "medium", winner
    assert log == ["fast-fail failed", "medium succeeded", "slow cancelled"], log

    # A failure and a success finishing together: the success wins, the failure is still read.
    log.clear()
    assert await first_success([attempt("fails", 0, fail=True), attempt("works", 0)]) == "works", log

    log.clear()
    try:
        await first_success([attempt("a", 0, fail=True), attempt("b", 0.01, fail=True)])
    except* ConnectionError as group:
        assert sorted(str(e) for e in group.exceptions) == ["a", "b"], group.exceptions
    else:
        raise AssertionError("first_success did not raise")

    # Hedging: the primary hangs; the backup starts after 0.02 s and wins.
    log.clear()
    winner = await first_success([attempt("primary", 10), attempt("backup", 0)], hedge_delay=0.02)
    assert winner == "backup" and log == ["backup succeeded", "primary cancelled"], log

    # Hedging: a quick primary means the backup never starts.
    log.clear()
    winner = await first_success([attempt("primary", 0), attempt("backup", 0)], hedge_delay=5.0)
    assert winner == "primary" and log == ["primary succeeded"], log

    # Cancelling the race cancels every attempt.
    log.clear()
    both_running = asyncio.Event()

    async def hang(name: str) -> str:
        if name == "y":
            both_running.set()  # y starts after x
        return await attempt(name, 10)()

    race = asyncio.create_task(first_success([lambda: hang("x"), lambda: hang("y")]))
    await both_running.wait()
    race.cancel()
    await asyncio.wait([race])  # waits without raising; the outcome is checked below
    assert race.cancelled() and sorted(log) == ["x cancelled", "y cancelled"], log

    bad_inputs: list[tuple[object, type[Exception]]] = [([], ValueError), ("abc", TypeError), ([42], TypeError)]
    for bad, expected in bad_inputs:
        try:
            await first_success(bad)  # type: ignore[arg-type]  # deliberately wrong, to check the error
        except expected as exc:
            assert "attempts" in str(exc) and ("42" if bad == [42] else repr(bad)) in str(exc), exc
        else:
            raise AssertionError(f"attempts={bad!r} was accepted")


if __name__ == "__main__":
    asyncio.run(_self_check())
