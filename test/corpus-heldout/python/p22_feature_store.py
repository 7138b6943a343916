import asyncio
import json

import redis.asyncio as redis


class FeatureStore:
    def __init__(self, r: redis.Redis) -> None:
        self._r = r
        self._versions: dict[str, int] = {}

    async def is_enabled(self, flag: str) -> bool:
        if self._r.exists(f"flag:{flag}"):  # expect: missing-await
            return True
        return False

    async def publish(self, flag: str, config: dict) -> int:
        version = self._versions.get(flag, 0) + 1
        await self._r.set(f"flag:{flag}", json.dumps({**config, "version": version}))
        self._versions[flag] = version  # expect: race-condition
        return version

    async def load_defaults(self, path: str) -> dict:
        text = await asyncio.run_in_thread(lambda: open(path).read())  # expect: hallucinated-api
        return json.loads(text)
