import asyncio


async def push_metric(client, name: str, value: float) -> None:
    try:
        await client.post("/metrics", json={"name": name, "value": value})
    except Exception:  # expect: swallowed-error
        pass


async def push_all(client, metrics: dict[str, float]) -> None:
    await asyncio.gather(  # expect: swallowed-error
        push_metric(client, "cpu", metrics["cpu"]),
        push_metric(client, "mem", metrics["mem"]),
        return_exceptions=True,
    )
