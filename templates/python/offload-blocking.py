# @pattern
# id: offload-blocking
# title: Run blocking or CPU-bound work off the event loop
# summary: Send blocking I/O to a thread with asyncio.to_thread, and CPU-bound work to a process pool with run_in_executor, so the event loop keeps serving other tasks.
# minimum: python 3.9
# apis: asyncio.to_thread, asyncio.get_running_loop, asyncio.AbstractEventLoop.run_in_executor, concurrent.futures.ProcessPoolExecutor, concurrent.futures.Executor.shutdown, multiprocessing.get_context, asyncio.create_task, asyncio.sleep, asyncio.Event, asyncio.run
# pitfalls: calling time.sleep, requests or file I/O directly in a coroutine, which freezes every task; to_thread for CPU-bound pure Python, which the GIL serialises; expecting cancellation to stop a thread (the await is cancelled, the thread runs on); shutting a pool down with `with` inside a coroutine, which blocks the loop while it joins; asyncio.get_event_loop() inside coroutines
# rules: blocking-call-in-async, event-loop-misuse
# tags: threads, processes, executor, blocking, cpu-bound
# fallback: python 3.7: asyncio.to_thread is 3.9+; use await asyncio.get_running_loop().run_in_executor(None, functools.partial(func, *args)) (contextvars are not copied then)
# unmet: cancel-stops-work: CPython cannot stop a thread from outside, and a process-pool worker runs its call to the end: cancelling the await returns control at once, but the work goes on until it finishes by itself; make long work check a threading.Event to stop cooperatively
# @end
"""Blocking calls go to a thread, CPU-heavy calls to a process: the event loop only awaits them."""

import asyncio
import concurrent.futures
import hashlib
import multiprocessing
import threading
import time


def read_sensor_blocking(delay: float) -> str:
    """Stands in for a blocking library call (a driver, a sync HTTP client, a file read)."""
    time.sleep(delay)  # fine here: this function runs in a worker thread, not on the loop
    return f"read by {threading.current_thread().name}"


def checksum_rounds(data: bytes, rounds: int) -> str:
    """CPU-bound pure Python: in a thread it would hold the GIL and slow the loop down."""
    if not isinstance(data, bytes):
        raise TypeError(f"data must be bytes, got {data!r}")
    if isinstance(rounds, bool) or not isinstance(rounds, int) or rounds < 1:
        raise ValueError(f"rounds must be an int >= 1, got {rounds!r}")
    digest = data
    for _ in range(rounds):
        digest = hashlib.sha256(digest).digest()
    return digest.hex()


async def read_sensor(delay: float) -> str:
    # to_thread copies the current contextvars into the thread and keeps the loop free meanwhile.
    return await asyncio.to_thread(read_sensor_blocking, delay)


async def checksum_in_process(pool: concurrent.futures.ProcessPoolExecutor, data: bytes, rounds: int) -> str:
    if not isinstance(pool, concurrent.futures.ProcessPoolExecutor):
        raise TypeError(f"pool must be a ProcessPoolExecutor, got {pool!r}")
    loop = asyncio.get_running_loop()  # never get_event_loop() inside a coroutine
    # Arguments and the function are pickled to the worker: use module-level functions.
    return await loop.run_in_executor(pool, checksum_rounds, data, rounds)


async def _self_check() -> None:
    result = await read_sensor(0.01)
    assert result.startswith("read by ") and "MainThread" not in result, result

    # Proof that the loop keeps running during a blocking call: the call blocks until a task on
    # the loop releases it. Run on the loop itself, it could never be released.
    released = threading.Event()

    def blocked_until_released() -> bool:
        return released.wait(timeout=5)  # a blocking wait, like a driver call

    async def release_after_ticks() -> None:
        for _ in range(3):
            await asyncio.sleep(0.001)
        released.set()

    releaser = asyncio.create_task(release_after_ticks())
    assert await asyncio.to_thread(blocked_until_released), "the loop was blocked"
    await releaser

    # "spawn" starts clean interpreters: no inherited locks or threads (fork can deadlock with
    # threads, and 3.14 no longer defaults to it on Linux anyway).
    pool = concurrent.futures.ProcessPoolExecutor(max_workers=2, mp_context=multiprocessing.get_context("spawn"))
    try:
        digests = await asyncio.gather(
            checksum_in_process(pool, b"a", 2000), checksum_in_process(pool, b"b", 2000)
        )
    finally:
        # shutdown(wait=True) joins the worker processes: do that in a thread, not on the loop.
        await asyncio.to_thread(pool.shutdown)
    assert digests == [checksum_rounds(b"a", 2000), checksum_rounds(b"b", 2000)], digests

    try:
        checksum_rounds(b"x", 0)
    except ValueError as exc:
        assert "rounds" in str(exc) and "0" in str(exc), exc
    else:
        raise AssertionError("rounds=0 was accepted")


if __name__ == "__main__":
    asyncio.run(_self_check())
