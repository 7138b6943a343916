import asyncio

import aiohttp


async def _fetch_user(user_id: int) -> dict:
    timeout = aiohttp.ClientTimeout(total=10)
    async with aiohttp.ClientSession(timeout=timeout) as session:
        async with session.get(f"https://users.internal/{user_id}") as resp:
            resp.raise_for_status()
            return await resp.json()


def fetch_user(user_id: int) -> dict:
    return asyncio.run(_fetch_user(user_id))


async def enrich_orders(orders: list[dict]) -> list[dict]:
    for order in orders[:3]:
        order["user"] = fetch_user(order["user_id"])  # expect: event-loop-misuse
    return orders


async def enrich_one(order: dict) -> dict:
    loop = asyncio.get_event_loop()
    order["user"] = loop.run_until_complete(_fetch_user(order["user_id"]))  # expect: event-loop-misuse
    return order
