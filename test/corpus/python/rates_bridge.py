import asyncio

import httpx


async def fetch_rates(base: str) -> dict:
    async with httpx.AsyncClient(timeout=10.0) as client:
        resp = await client.get(f"https://rates.example.com/{base}")
        resp.raise_for_status()
        return resp.json()


def rates_sync(base: str) -> dict:
    return asyncio.run(fetch_rates(base))  # expect: event-loop-misuse


async def convert(amount: float, base: str, quote: str) -> float:
    rates = rates_sync(base)
    return amount * rates[quote]
