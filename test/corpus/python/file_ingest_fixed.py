import asyncio
import csv
import io
from pathlib import Path


def _load_rows(path: str) -> list[dict]:
    with open(path, newline="") as f:
        return list(csv.DictReader(f))


async def ingest(repo, path: str) -> int:
    rows = await asyncio.to_thread(_load_rows, path)
    for chunk_start in range(0, len(rows), 500):
        await repo.insert_many(rows[chunk_start:chunk_start + 500])
    return len(rows)


async def ingest_text(repo, path: str) -> int:
    text = await asyncio.to_thread(Path(path).read_text)
    rows = list(csv.DictReader(io.StringIO(text)))
    await repo.insert_many(rows)
    return len(rows)
