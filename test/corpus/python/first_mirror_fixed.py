import asyncio


async def download(session, url: str) -> bytes:
    async with session.get(url) as r:
        return await r.read()


async def fastest(session, mirrors: list[str]) -> bytes:
    tasks = [asyncio.create_task(download(session, m)) for m in mirrors]
    try:
        done, pending = await asyncio.wait(tasks, timeout=10, return_when=asyncio.FIRST_COMPLETED)
    finally:
        for t in tasks:
            if not t.done():
                t.cancel()
    if not done:
        raise TimeoutError("no mirror answered in 10 s")
    return done.pop().result()
