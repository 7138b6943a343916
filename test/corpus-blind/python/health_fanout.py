import asyncio
import logging
from dataclasses import dataclass

import httpx

log = logging.getLogger("health")


@dataclass(frozen=True)
class Service:
    name: str
    url: str


SERVICES = (
    Service("auth", "http://auth.internal/healthz"),
    Service("billing", "http://billing.internal/healthz"),
    Service("search", "http://search.internal/healthz"),
)


async def check(client: httpx.AsyncClient, service: Service) -> None:
    response = await client.get(service.url)
    response.raise_for_status()


async def warm_caches(client: httpx.AsyncClient) -> None:
    await asyncio.gather(  # expect: swallowed-error
        client.post("http://search.internal/cache/warm"),
        client.post("http://billing.internal/cache/warm"),
        return_exceptions=True,
    )


async def health_report() -> dict[str, str]:
    async with httpx.AsyncClient(timeout=httpx.Timeout(3.0)) as client:
        results = await asyncio.gather(*(check(client, s) for s in SERVICES), return_exceptions=True)
        await warm_caches(client)
    report = {}
    for service, result in zip(SERVICES, results):
        report[service.name] = "ok" if result is None else f"failing: {result!r}"
    return report


if __name__ == "__main__":
    print(asyncio.run(health_report()))
