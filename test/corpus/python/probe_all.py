import asyncio


async def probe(host: str) -> bool:
    try:
        async with asyncio.timeout(3):
            _, writer = await asyncio.open_connection(host, 443)
        writer.close()
        return True
    except OSError:
        return False


async def probe_hosts(hosts: list[str]) -> None:
    tasks = {asyncio.create_task(probe(h)) for h in hosts[:20]}
    await asyncio.wait(tasks, timeout=10)  # expect: timeout-misuse
