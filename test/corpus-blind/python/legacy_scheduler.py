import asyncio
import logging
from concurrent.futures import ThreadPoolExecutor

log = logging.getLogger("scheduler")
executor = ThreadPoolExecutor(max_workers=4)
loop = asyncio.get_event_loop()  # expect: event-loop-misuse


def render_report(name: str) -> bytes:
    return f"report {name}".encode()


async def build_report(name: str) -> bytes:
    current = asyncio.get_event_loop()  # expect: event-loop-misuse
    return await current.run_in_executor(executor, render_report, name)


async def refresh_cache() -> None:
    await asyncio.sleep(0.5)
    log.info("cache refreshed")


async def nightly() -> None:
    reports = await asyncio.gather(build_report("sales"), build_report("ops"))
    log.info("built %d reports", len(reports))
    asyncio.run(refresh_cache())  # expect: event-loop-misuse


async def on_demand(name: str) -> bytes:
    data = loop.run_until_complete(build_report(name))  # expect: event-loop-misuse
    return data


if __name__ == "__main__":
    logging.basicConfig(level=logging.INFO)
    asyncio.run(nightly())
