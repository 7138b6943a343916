import asyncio
import time


class TokenProvider:
    def __init__(self, auth_client) -> None:
        self._auth = auth_client
        self._token: str | None = None
        self._expires = 0.0
        self._refresh_lock = asyncio.Lock()

    async def token(self) -> str:
        async with self._refresh_lock:
            if self._token is None or time.monotonic() > self._expires:
                resp = await self._auth.login()
                self._token = resp["access_token"]
                self._expires = time.monotonic() + resp["expires_in"] - 30
            return self._token
