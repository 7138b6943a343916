import asyncio
import logging
import time
from dataclasses import dataclass

import requests
from bs4 import BeautifulSoup

log = logging.getLogger(__name__)

HEADERS = {"User-Agent": "price-watch/2.1"}


@dataclass
class Price:
    url: str
    amount: float | None


def parse_price(html: str) -> float | None:
    soup = BeautifulSoup(html, "html.parser")
    tag = soup.select_one("[itemprop=price]")
    if tag is None:
        return None
    return float(tag.get("content") or tag.text.strip().lstrip("$"))


async def fetch_price(url: str) -> Price:
    response = requests.get(url, headers=HEADERS, timeout=10)  # expect: blocking-call-in-async
    response.raise_for_status()
    return Price(url, parse_price(response.text))


async def watch(urls: list[str], interval: float = 300.0) -> None:
    while True:
        prices = await asyncio.gather(*(fetch_price(u) for u in urls[:5]))
        for price in prices:
            log.info("%s -> %s", price.url, price.amount)
        time.sleep(interval)  # expect: blocking-call-in-async


if __name__ == "__main__":
    logging.basicConfig(level=logging.INFO)
    asyncio.run(watch(["https://shop.example.com/item/1", "https://shop.example.com/item/2"]))
