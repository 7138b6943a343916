import asyncio
import re
from pathlib import Path

ERROR_RE = re.compile(r"\bERROR\b")


async def count_errors(path: Path) -> int:
    with open(path, encoding="utf-8", errors="replace") as f:  # expect: blocking-call-in-async
        text = f.read()
    await asyncio.sleep(0)
    return len(ERROR_RE.findall(text))


async def scan(root: Path) -> dict[str, int]:
    """Scans a log archive (tens of thousands of rotated files)."""
    tasks = {}
    for path in root.rglob("*.log*"):
        tasks[str(path)] = asyncio.create_task(count_errors(path))  # expect: unbounded-concurrency
    await asyncio.gather(*tasks.values())
    return {name: t.result() for name, t in tasks.items()}
