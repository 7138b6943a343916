# target: python 3.10
import asyncio
import logging

log = logging.getLogger(__name__)


async def run_step(step, seconds: float):
    try:
        return await asyncio.wait_for(step(), timeout=seconds)
    except TimeoutError:  # expect: timeout-misuse
        log.warning("step %s timed out", step.__name__)
        return None


async def run_all(steps):
    runner = asyncio.Runner()  # expect: too-new-api
    return [await run_step(s, 5) for s in steps]
