import asyncio
import logging

import aiohttp

log = logging.getLogger("registry")


class SessionRegistry:
    """One aiohttp session per upstream host, shared by every request handler."""

    def __init__(self) -> None:
        self._sessions: dict[str, aiohttp.ClientSession] = {}
        self._lock = asyncio.Lock()

    async def _open(self, host: str) -> aiohttp.ClientSession:
        session = aiohttp.ClientSession(base_url=f"https://{host}", timeout=aiohttp.ClientTimeout(total=10))
        async with session.get("/health") as resp:
            resp.raise_for_status()
        log.info("opened session to %s", host)
        return session

    async def session_for(self, host: str) -> aiohttp.ClientSession:
        if host not in self._sessions:
            self._sessions[host] = await self._open(host)  # expect: race-condition
        return self._sessions[host]

    async def close(self) -> None:
        async with self._lock:
            sessions = list(self._sessions.values())
            self._sessions.clear()
        for session in sessions:
            await session.close()
