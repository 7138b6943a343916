# target: python 3.10
import asyncio
import hashlib
from pathlib import Path


def _sha256_file(path: Path) -> str:
    h = hashlib.sha256()
    with path.open("rb") as f:
        for chunk in iter(lambda: f.read(1 << 20), b""):
            h.update(chunk)
    return h.hexdigest()


async def checksum_tree(root: Path, workers: int = 4) -> dict[str, str]:
    """Blocking file reads and hashing run in threads via asyncio.to_thread
    (3.9+, fine for the 3.10 target), at most `workers` at a time."""
    sem = asyncio.Semaphore(workers)

    async def one(p: Path) -> tuple[str, str]:
        async with sem:
            return str(p), await asyncio.to_thread(_sha256_file, p)

    files = await asyncio.to_thread(lambda: [p for p in root.rglob("*") if p.is_file()])
    pairs = await asyncio.gather(*(one(p) for p in files))
    return dict(pairs)
