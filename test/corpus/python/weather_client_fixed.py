"""Fetches current weather for a list of cities, off the event loop and with a bounded fan-out."""
import asyncio

import requests

API = "https://api.example.com/weather"
MAX_PARALLEL = 5


async def current(city: str) -> dict:
    resp = await asyncio.to_thread(requests.get, API, params={"q": city}, timeout=10)
    resp.raise_for_status()
    return resp.json()


async def report(cities: list[str]) -> list[str]:
    sem = asyncio.Semaphore(MAX_PARALLEL)

    async def one(city: str) -> str:
        async with sem:
            data = await current(city)
            return f"{city}: {data['temp']}°C"

    return await asyncio.gather(*(one(c) for c in cities))


if __name__ == "__main__":
    print(asyncio.run(report(["Oslo", "Lima"])))
