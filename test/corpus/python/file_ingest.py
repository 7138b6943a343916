import csv
import io
from pathlib import Path


async def ingest(repo, path: str) -> int:
    with open(path, newline="") as f:  # expect: blocking-call-in-async
        rows = list(csv.DictReader(f))
    for chunk_start in range(0, len(rows), 500):
        await repo.insert_many(rows[chunk_start:chunk_start + 500])
    return len(rows)


async def ingest_text(repo, path: str) -> int:
    text = Path(path).read_text()  # expect: blocking-call-in-async
    rows = list(csv.DictReader(io.StringIO(text)))
    await repo.insert_many(rows)
    return len(rows)
