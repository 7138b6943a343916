import asyncio
import logging
from dataclasses import dataclass

import requests

log = logging.getLogger(__name__)
GEO_API = "https://geo.example.com/v2/lookup"


@dataclass
class Visit:
    ip: str
    path: str
    country: str | None = None


def lookup_country(session: requests.Session, ip: str) -> str | None:
    response = session.get(GEO_API, params={"ip": ip}, timeout=4)
    if response.status_code != 200:
        return None
    return response.json().get("country")


async def enrich(visits: list[Visit]) -> list[Visit]:
    session = requests.Session()
    sem = asyncio.Semaphore(8)

    async def one(visit: Visit) -> Visit:
        async with sem:
            visit.country = await asyncio.to_thread(lookup_country, session, visit.ip)
        return visit

    return await asyncio.gather(*(one(v) for v in visits))


async def geo_summary(ip: str) -> dict:
    response = await asyncio.to_thread(requests.get, GEO_API, params={"ip": ip, "detail": "full"})  # expect: missing-timeout
    response.raise_for_status()
    return response.json()


async def reverse_dns(ip: str) -> str:
    loop = asyncio.get_running_loop()
    import socket

    host, _, _ = await asyncio.wait_for(loop.run_in_executor(None, socket.gethostbyaddr, ip), timeout=3)
    return host
