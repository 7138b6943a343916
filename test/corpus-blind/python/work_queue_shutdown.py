import asyncio
import logging

log = logging.getLogger(__name__)


async def worker(name: str, queue: asyncio.Queue[int], results: list[int]) -> None:
    while True:
        try:
            item = await queue.get()
        except asyncio.QueueShutDown:  # expect: too-new-api
            log.info("%s: queue closed", name)
            return
        try:
            results.append(item * item)
        finally:
            queue.task_done()


async def run(items: list[int], workers: int = 4) -> list[int]:
    loop = asyncio.get_running_loop()
    loop.set_task_factory(asyncio.eager_task_factory)  # expect: too-new-api
    queue: asyncio.Queue[int] = asyncio.Queue(maxsize=100)
    results: list[int] = []
    consumers = [asyncio.create_task(worker(f"w{i}", queue, results)) for i in range(workers)]
    for item in items:
        await queue.put(item)
    await queue.join()
    queue.shutdown()  # expect: too-new-api
    await asyncio.gather(*consumers)
    return results


if __name__ == "__main__":
    print(asyncio.run(run(list(range(20)))))
