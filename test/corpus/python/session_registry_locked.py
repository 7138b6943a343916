import asyncio
import logging

import aiohttp

log = logging.getLogger("registry")


class SessionRegistry:
    """One aiohttp session per upstream host; the lock makes the check and the fill one step."""

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
        session = self._sessions.get(host)
        if session is not None:
            return session
        async with self._lock:
            if host not in self._sessions:
                self._sessions[host] = await self._open(host)
            return self._sessions[host]

    async def describe(self, host: str) -> dict:
        info: dict[str, object] = {"host": host}
        if "session" not in info:
            info["session"] = await self.session_for(host)
        return info
