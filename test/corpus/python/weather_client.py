"""Fetches current weather for a list of cities from a JSON API."""
import asyncio
import time

import requests

API = "https://api.example.com/weather"


async def current(city: str) -> dict:
    resp = requests.get(API, params={"q": city}, timeout=10)  # expect: blocking-call-in-async
    resp.raise_for_status()
    return resp.json()


async def report(cities: list[str]) -> list[str]:
    lines = []
    for city in cities:
        data = await current(city)  # expect: await-in-loop
        lines.append(f"{city}: {data['temp']}°C")
        time.sleep(0.1)  # expect: blocking-call-in-async
    return lines


if __name__ == "__main__":
    print(asyncio.run(report(["Oslo", "Lima"])))
