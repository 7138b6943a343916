import asyncio
import json
import logging

import redis.asyncio as redis

log = logging.getLogger("consumer")


class JobConsumer:
    def __init__(self, url: str, queue: str) -> None:
        self.redis = redis.from_url(url)
        self.queue = queue
        self.processed = 0

    async def handle(self, job: dict) -> None:
        kind = job.get("kind")
        if kind == "resize":
            await asyncio.sleep(0.1)
        elif kind == "notify":
            await self.redis.publish("notifications", json.dumps(job))
        else:
            raise ValueError(f"unknown job kind {kind!r}")

    async def run(self) -> None:
        while True:
            try:
                item = await self.redis.blpop(self.queue, timeout=5)
                if item is None:
                    continue
                _, raw = item
                await self.handle(json.loads(raw))
                self.processed += 1
            except asyncio.CancelledError:  # expect: swallowed-cancellation
                log.info("consumer stopping after %d jobs", self.processed)
                break
            except Exception:  # expect: swallowed-error
                pass

    async def close(self) -> None:
        await self.redis.aclose()


async def main() -> None:
    consumer = JobConsumer("redis://localhost", "jobs")
    try:
        await consumer.run()
    finally:
        await consumer.close()


if __name__ == "__main__":
    asyncio.run(main())
