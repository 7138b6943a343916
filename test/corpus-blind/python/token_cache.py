import asyncio
import logging
import time

import httpx

log = logging.getLogger(__name__)


class TokenCache:
    def __init__(self, issuer: str, client_id: str, secret: str) -> None:
        self.issuer = issuer
        self.client_id = client_id
        self.secret = secret
        self.token: str | None = None
        self.expires_at = 0.0
        self.refreshes = 0

    async def _request_token(self) -> dict:
        async with httpx.AsyncClient(timeout=5.0) as client:
            response = await client.post(
                f"{self.issuer}/oauth/token",
                data={"grant_type": "client_credentials", "client_id": self.client_id, "client_secret": self.secret},
            )
            response.raise_for_status()
            return response.json()

    async def _audit(self, event: str) -> None:
        async with httpx.AsyncClient(timeout=2.0) as client:
            await client.post(f"{self.issuer}/audit", json={"event": event, "client": self.client_id})

    async def get(self) -> str:
        if self.token and time.monotonic() < self.expires_at - 30:
            return self.token
        refreshes = self.refreshes
        body = await self._request_token()
        self.refreshes = refreshes + 1  # expect: race-condition
        self.token = body["access_token"]
        self.expires_at = time.monotonic() + body["expires_in"]
        asyncio.ensure_future(self._audit("token-refresh"))  # expect: dangling-task
        return self.token
