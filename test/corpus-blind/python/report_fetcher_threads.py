import asyncio
import csv
import io
import logging
from pathlib import Path

import requests

log = logging.getLogger(__name__)
REPORT_URL = "https://reports.example.com/export.csv"


def download_report(day: str) -> str:
    response = requests.get(REPORT_URL, params={"day": day}, timeout=(3.05, 30))
    response.raise_for_status()
    return response.text


def write_rows(path: Path, rows: list[dict]) -> None:
    with path.open("w", newline="", encoding="utf-8") as fh:
        writer = csv.DictWriter(fh, fieldnames=list(rows[0]))
        writer.writeheader()
        writer.writerows(rows)


async def fetch_and_store(day: str, out_dir: Path) -> int:
    text = await asyncio.to_thread(download_report, day)
    rows = list(csv.DictReader(io.StringIO(text)))
    if rows:
        await asyncio.to_thread(write_rows, out_dir / f"report-{day}.csv", rows)
    log.info("%s: %d rows", day, len(rows))
    return len(rows)


async def fetch_week(days: list[str], out_dir: Path) -> int:
    counts = await asyncio.gather(*(fetch_and_store(d, out_dir) for d in days[:7]))
    return sum(counts)


def sync_main() -> None:
    # Plain synchronous entry point: blocking calls are fine outside the event loop.
    text = download_report("2024-01-01")
    print(text[:200])
    print(asyncio.run(fetch_week(["2024-01-01", "2024-01-02"], Path("."))))
