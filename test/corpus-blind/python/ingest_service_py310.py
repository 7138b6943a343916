# target: python 3.10
import asyncio
import logging

import aiohttp

log = logging.getLogger("ingest")


async def fetch_batch(session: aiohttp.ClientSession, url: str) -> list[dict]:
    async with session.get(url) as response:
        response.raise_for_status()
        return await response.json()


async def ingest(urls: list[str]) -> list[dict]:
    timeout = aiohttp.ClientTimeout(total=30)
    results: list[dict] = []
    async with aiohttp.ClientSession(timeout=timeout) as session:
        async with asyncio.timeout(60):  # expect: too-new-api
            async with asyncio.TaskGroup() as group:  # expect: too-new-api
                tasks = [group.create_task(fetch_batch(session, u)) for u in urls[:4]]
        for task in tasks:
            results.extend(task.result())
    log.info("ingested %d records", len(results))
    return results


if __name__ == "__main__":
    asyncio.run(ingest(["https://feeds.example.com/a.json", "https://feeds.example.com/b.json"]))
