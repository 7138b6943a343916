import asyncio
import logging
import signal

log = logging.getLogger("worker")


async def process(item: str) -> None:
    await asyncio.sleep(0.2)
    log.info("processed %s", item)


async def worker(queue: asyncio.Queue[str]) -> None:
    while True:
        item = await queue.get()
        try:
            await process(item)
        except asyncio.CancelledError:
            log.info("cancelled while processing %s; putting it back", item)
            queue.put_nowait(item)
            raise
        except Exception:
            log.exception("failed to process %s", item)
        finally:
            queue.task_done()


async def main() -> None:
    queue: asyncio.Queue[str] = asyncio.Queue()
    for i in range(10):
        queue.put_nowait(f"item-{i}")
    stop = asyncio.Event()
    loop = asyncio.get_running_loop()
    loop.add_signal_handler(signal.SIGTERM, stop.set)
    workers = [asyncio.create_task(worker(queue)) for _ in range(3)]
    waiters = [asyncio.create_task(queue.join()), asyncio.create_task(stop.wait())]
    _, pending = await asyncio.wait(waiters, return_when=asyncio.FIRST_COMPLETED)
    for task in [*pending, *workers]:
        task.cancel()
    results = await asyncio.gather(*pending, *workers, return_exceptions=True)
    for result in results:
        if isinstance(result, Exception):
            log.error("worker ended with %r", result)


if __name__ == "__main__":
    logging.basicConfig(level=logging.INFO)
    asyncio.run(main())
