import asyncio
import logging

import asyncpg
import httpx

log = logging.getLogger(__name__)
MAX_IN_FLIGHT = 10


async def refresh_listing(client: httpx.AsyncClient, sem: asyncio.Semaphore, listing_id: int) -> dict:
    async with sem:
        response = await client.get(f"https://partner.example.com/listings/{listing_id}")
        response.raise_for_status()
        return response.json()


async def refresh_all(pool: asyncpg.Pool) -> int:
    rows = await pool.fetch("SELECT id FROM listings WHERE stale")
    sem = asyncio.Semaphore(MAX_IN_FLIGHT)
    async with httpx.AsyncClient(timeout=httpx.Timeout(10.0, connect=3.0)) as client:
        async with asyncio.TaskGroup() as group:
            tasks = [group.create_task(refresh_listing(client, sem, r["id"])) for r in rows]
    listings = [t.result() for t in tasks]
    async with pool.acquire() as conn:
        async with conn.transaction():
            await conn.executemany(
                "UPDATE listings SET payload = $2, stale = false WHERE id = $1",
                [(item["id"], item) for item in listings],
            )
    log.info("refreshed %d listings", len(listings))
    return len(listings)


async def refresh_pair(client: httpx.AsyncClient, a: int, b: int) -> tuple[dict, dict]:
    sem = asyncio.Semaphore(2)
    first, second = await asyncio.gather(refresh_listing(client, sem, a), refresh_listing(client, sem, b))
    return first, second
