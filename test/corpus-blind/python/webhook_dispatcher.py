import asyncio
import hashlib
import hmac
import json
import logging

import aiohttp

log = logging.getLogger("dispatch")


def sign(secret: bytes, body: bytes) -> str:
    return hmac.new(secret, body, hashlib.sha256).hexdigest()


async def deliver(session: aiohttp.ClientSession, url: str, secret: bytes, event: dict) -> bool:
    body = json.dumps(event).encode()
    headers = {"X-Signature": sign(secret, body), "Content-Type": "application/json"}
    try:
        async with session.post(url, data=body, headers=headers) as response:
            return response.status < 300
    except (aiohttp.ClientError, TimeoutError) as exc:
        log.warning("delivery to %s failed: %s", url, exc)
        return False


async def dispatch(subscribers: list[tuple[str, bytes]], event: dict) -> dict[str, bool]:
    timeout = aiohttp.ClientTimeout(total=10, sock_connect=3)
    connector = aiohttp.TCPConnector(limit=20)
    async with aiohttp.ClientSession(timeout=timeout, connector=connector) as session:
        sem = asyncio.Semaphore(20)

        async def bounded(url: str, secret: bytes) -> bool:
            async with sem:
                return await deliver(session, url, secret, event)

        results = await asyncio.gather(*(bounded(u, s) for u, s in subscribers), return_exceptions=True)
    outcome: dict[str, bool] = {}
    for (url, _), result in zip(subscribers, results):
        if isinstance(result, BaseException):
            log.error("unexpected failure for %s", url, exc_info=result)
            outcome[url] = False
        else:
            outcome[url] = result
    return outcome
