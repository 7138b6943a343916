import argparse
import asyncio

import httpx


async def fetch_rates(base: str) -> dict:
    async with httpx.AsyncClient(timeout=10.0) as client:
        resp = await client.get(f"https://rates.example.com/{base}")
        resp.raise_for_status()
        return resp.json()


def rates_sync(base: str) -> dict:
    return asyncio.run(fetch_rates(base))


async def convert(amount: float, base: str, quote: str) -> float:
    rates = await asyncio.to_thread(rates_sync, base)
    return amount * rates[quote]


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("base")
    args = parser.parse_args()
    print(rates_sync(args.base))


if __name__ == "__main__":
    main()
