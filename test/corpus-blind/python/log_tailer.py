import asyncio
import logging
import re
from pathlib import Path

import aiofiles

log = logging.getLogger("tailer")
ERROR_RE = re.compile(r"\b(ERROR|CRITICAL)\b")


async def count_errors(path: Path) -> int:
    text = path.read_text(encoding="utf-8", errors="replace")  # expect: blocking-call-in-async
    return sum(1 for line in text.splitlines() if ERROR_RE.search(line))


async def count_errors_async(path: Path) -> int:
    count = 0
    async with aiofiles.open(path, encoding="utf-8", errors="replace") as fh:
        async for line in fh:
            if ERROR_RE.search(line):
                count += 1
    return count


async def scan_directory(directory: Path) -> dict[str, int]:
    counts: dict[str, int] = {}
    for path in sorted(directory.glob("*.log")):
        counts[path.name] = await count_errors_async(path)  # expect: await-in-loop
    return counts


async def follow(path: Path, poll: float = 1.0) -> None:
    async with aiofiles.open(path, encoding="utf-8") as fh:
        await fh.seek(0, 2)
        while True:
            line = await fh.readline()
            if not line:
                await asyncio.sleep(poll)
                continue
            if ERROR_RE.search(line):
                log.warning("tail: %s", line.rstrip())
