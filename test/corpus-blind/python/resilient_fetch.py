import asyncio
import logging
import random

import aiohttp

log = logging.getLogger(__name__)
RETRY_STATUSES = {429, 500, 502, 503, 504}


class RetryableStatus(Exception):
    def __init__(self, status: int) -> None:
        super().__init__(f"HTTP {status}")
        self.status = status


async def fetch_with_retry(session: aiohttp.ClientSession, url: str, attempts: int = 5) -> bytes:
    for attempt in range(1, attempts + 1):
        try:
            async with session.get(url, timeout=aiohttp.ClientTimeout(total=15)) as response:
                if response.status in RETRY_STATUSES:
                    raise RetryableStatus(response.status)
                response.raise_for_status()
                return await response.read()
        except (aiohttp.ClientConnectionError, RetryableStatus, TimeoutError) as exc:
            if attempt == attempts:
                raise
            delay = min(20.0, 0.5 * 2 ** attempt) * random.uniform(0.5, 1.5)
            log.warning("attempt %d for %s failed (%s); retrying in %.1fs", attempt, url, exc, delay)
            await asyncio.sleep(delay)
    raise AssertionError("unreachable")


async def download(url: str) -> bytes:
    async with aiohttp.ClientSession(timeout=aiohttp.ClientTimeout(total=60)) as session:
        return await fetch_with_retry(session, url)
