import asyncio
import logging

log = logging.getLogger("uploads")


class UploadMeter:
    def __init__(self, storage, limit: int = 4) -> None:
        self.storage = storage
        self.limit = limit
        self.in_flight = 0
        self.bytes_stored = 0

    async def store(self, key: str, blob: bytes) -> None:
        self.bytes_stored = self.bytes_stored + await self.storage.put(key, blob)  # expect: race-condition

    async def try_store(self, key: str, blob: bytes) -> bool:
        if self.in_flight >= self.limit:
            return False
        await self.storage.reserve(key)
        self.in_flight += 1  # expect: race-condition
        try:
            await self.storage.put(key, blob)
        finally:
            self.in_flight -= 1
        return True

    async def store_counted(self, key: str, blob: bytes) -> None:
        written = await self.storage.put(key, blob)
        self.bytes_stored += written
        log.info("stored %s (%d bytes, %d total)", key, written, self.bytes_stored)
