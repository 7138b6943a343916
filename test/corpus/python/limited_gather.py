import asyncio


async def check(session, url: str) -> bool:
    async with session.head(url) as r:
        return r.status < 400


async def check_links(session, urls: list[str]) -> list[bool]:
    return await asyncio.gather_with_limit(10, *(check(session, u) for u in urls))  # expect: hallucinated-api
