import asyncio
import logging

log = logging.getLogger(__name__)


async def sync_user(api, repo, uid: str) -> None:
    remote = await api.get_user(uid)
    await repo.upsert(remote)


async def sync_all(api, repo) -> None:
    ids = await repo.all_ids()
    async with asyncio.TaskGroup() as tg:
        for uid in ids:
            tg.create_task(sync_user(api, repo, uid))  # expect: unbounded-concurrency
    log.info("synced %d users", len(ids))


async def refresh_avatars(api, repo, ids: list[str]) -> None:
    avatars = [await api.avatar(uid) for uid in ids]  # expect: await-in-loop
    await repo.save_avatars(dict(zip(ids, avatars)))
