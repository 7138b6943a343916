import asyncio
import logging

log = logging.getLogger(__name__)


async def sync_user(api, repo, uid: str, limit: asyncio.Semaphore) -> None:
    async with limit:
        remote = await api.get_user(uid)
        await repo.upsert(remote)


async def sync_all(api, repo) -> None:
    ids = await repo.all_ids()
    limit = asyncio.Semaphore(16)
    async with asyncio.TaskGroup() as tg:
        for uid in ids:
            tg.create_task(sync_user(api, repo, uid, limit))
    log.info("synced %d users", len(ids))
