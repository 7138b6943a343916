"""Command-line script that seeds a local development database."""
import argparse
import asyncio
import json
import time
from pathlib import Path

import asyncpg
import requests

FIXTURES = Path(__file__).with_name("fixtures.json")


def wait_for_api(url: str, attempts: int = 20) -> None:
    # Synchronous start-up helper, run before the event loop exists.
    for _ in range(attempts):
        try:
            if requests.get(url, timeout=2).ok:
                return
        except requests.ConnectionError:
            pass
        time.sleep(1)
    raise SystemExit(f"{url} did not come up")


async def seed(dsn: str, records: list[dict]) -> int:
    conn = await asyncpg.connect(dsn, timeout=10)
    try:
        async with conn.transaction():
            await conn.executemany(
                "INSERT INTO products (sku, name, price) VALUES ($1, $2, $3) ON CONFLICT (sku) DO NOTHING",
                [(r["sku"], r["name"], r["price"]) for r in records],
            )
    finally:
        await conn.close()
    return len(records)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--dsn", default="postgresql://localhost/dev")
    parser.add_argument("--api", default="http://localhost:8000/health")
    args = parser.parse_args()
    wait_for_api(args.api)
    records = json.loads(FIXTURES.read_text(encoding="utf-8"))
    print(f"seeded {asyncio.run(seed(args.dsn, records))} products")


if __name__ == "__main__":
    main()
