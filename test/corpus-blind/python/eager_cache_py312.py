# target: python 3.12
import asyncio
import logging

log = logging.getLogger(__name__)

PRELOADED: dict[str, bytes] = {"index": b"<html></html>"}


async def load_blob(key: str) -> bytes:
    blob = PRELOADED.get(key)
    if blob is not None:
        return blob
    await asyncio.sleep(0.01)
    return key.encode() * 4


async def warm(keys: list[str]) -> dict[str, bytes]:
    # With eager tasks, preloaded keys complete synchronously inside create_task.
    asyncio.get_running_loop().set_task_factory(asyncio.eager_task_factory)
    async with asyncio.TaskGroup() as group:
        tasks = {key: group.create_task(load_blob(key)) for key in keys[:32]}
    return {key: task.result() for key, task in tasks.items()}


def main() -> None:
    with asyncio.Runner() as runner:
        blobs = runner.run(warm(["index", "about", "contact"]))
    log.info("warmed %d blobs", len(blobs))


if __name__ == "__main__":
    main()
