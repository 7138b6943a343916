import asyncio
import logging

import asyncpg
import httpx

log = logging.getLogger(__name__)

PUSH_URL = "https://push.internal/v1/send"


async def push(client: httpx.AsyncClient, token: str, title: str) -> bool:
    response = await client.post(PUSH_URL, json={"token": token, "title": title})
    return response.status_code == 200


async def notify_all(pool: asyncpg.Pool, title: str) -> int:
    rows = await pool.fetch("SELECT device_token FROM devices WHERE opted_in")
    async with httpx.AsyncClient(timeout=10.0) as client:
        results = await asyncio.gather(*[push(client, r["device_token"], title) for r in rows])  # expect: unbounded-concurrency
    sent = sum(1 for ok in results if ok)
    log.info("pushed %d/%d", sent, len(rows))
    return sent


async def expire_sessions(pool: asyncpg.Pool) -> None:
    rows = await pool.fetch("SELECT id FROM sessions WHERE expires_at < now()")
    tasks = []
    for row in rows:
        tasks.append(asyncio.create_task(pool.execute("DELETE FROM sessions WHERE id = $1", row["id"])))  # expect: unbounded-concurrency
    await asyncio.gather(*tasks)


async def main() -> None:
    pool = await asyncpg.create_pool("postgresql://app@localhost/app", max_size=10)
    try:
        await notify_all(pool, "Scheduled maintenance tonight")
        await expire_sessions(pool)
    finally:
        await pool.close()


if __name__ == "__main__":
    asyncio.run(main())
