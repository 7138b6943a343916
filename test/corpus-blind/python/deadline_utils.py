import asyncio
import logging

log = logging.getLogger(__name__)


async def fetch_profile(user_id: int) -> dict:
    await asyncio.sleep(0.05)
    return {"id": user_id}


async def profile_with_budget(user_id: int, seconds: float) -> dict:
    with asyncio.timeout(seconds):  # expect: timeout-misuse
        return await fetch_profile(user_id)


async def profile_before(user_id: int, seconds: float) -> dict:
    async with asyncio.timeout_at(seconds):  # expect: timeout-misuse
        return await fetch_profile(user_id)


async def fetch_profile_replica(user_id: int) -> dict:
    await asyncio.sleep(0.08)
    return {"id": user_id, "replica": True}


async def hedged_profile(user_id: int, seconds: float) -> dict | None:
    tasks = [
        asyncio.ensure_future(fetch_profile(user_id)),
        asyncio.ensure_future(fetch_profile_replica(user_id)),
    ]
    done, pending = await asyncio.wait(tasks, timeout=seconds, return_when=asyncio.FIRST_COMPLETED)  # expect: timeout-misuse
    log.info("%d finished, %d still running", len(done), len(pending))
    for task in done:
        if task.exception() is None:
            return task.result()
    return None
