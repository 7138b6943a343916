import asyncio
import logging

log = logging.getLogger(__name__)


async def push_metric(client, name: str, value: float) -> None:
    try:
        await client.post("/metrics", json={"name": name, "value": value})
    except Exception:
        log.warning("metric %s not pushed", name, exc_info=True)


async def push_all(client, metrics: dict[str, float]) -> None:
    results = await asyncio.gather(
        push_metric(client, "cpu", metrics["cpu"]),
        push_metric(client, "mem", metrics["mem"]),
        return_exceptions=True,
    )
    failures = [r for r in results if isinstance(r, BaseException)]
    if failures:
        log.error("%d metric pushes failed", len(failures))
