# target: python 3.11
import asyncio
import logging

import httpx

log = logging.getLogger(__name__)


async def fetch_price(session: httpx.AsyncClient, symbol: str) -> float:
    resp = await session.get(f"https://quotes.example.com/v1/{symbol}")
    resp.raise_for_status()
    return float(resp.json()["price"])


async def send_alert(session: httpx.AsyncClient, symbol: str, price: float) -> None:
    resp = await session.post("https://hooks.example.com/alerts", json={"symbol": symbol, "price": price})
    resp.raise_for_status()


async def check_watchlist(symbols: list[str], threshold: float) -> None:
    # the quotes API is slow at market open; the default 5 s read timeout kept firing
    async with httpx.AsyncClient(timeout=None) as session:  # expect: missing-timeout
        for symbol in symbols:
            price = await fetch_price(session, symbol)  # expect: await-in-loop
            if price > threshold:
                asyncio.create_task(send_alert(session, symbol, price))  # expect: dangling-task
