import asyncio
import logging
import time

import httpx

log = logging.getLogger(__name__)


async def heartbeat(client: httpx.AsyncClient, node_id: str, every: float = 10.0) -> None:
    while True:
        try:
            await client.post("/heartbeat", json={"node": node_id, "ts": time.time()})
        except:  # expect: swallowed-cancellation
            log.debug("heartbeat failed")
        await asyncio.sleep(every)


async def start_node(node_id: str) -> httpx.AsyncClient:
    client = httpx.AsyncClient(base_url="https://coordinator.internal", timeout=5.0)
    asyncio.ensure_future(heartbeat(client, node_id))  # expect: dangling-task
    return client
