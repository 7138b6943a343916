# target: python 3.8
import asyncio
from pathlib import Path

from PIL import Image


def _resize(src: Path, dst: Path, size: int) -> None:
    with Image.open(src) as im:
        im.thumbnail((size, size))
        im.save(dst, "JPEG", quality=85)


async def make_thumbnails(paths: list, out_dir: Path, size: int = 256) -> int:
    jobs = [asyncio.to_thread(_resize, p, out_dir / (p.stem + ".jpg"), size) for p in paths[:8]]  # expect: too-new-api
    await asyncio.gather(*jobs)
    return len(jobs)


async def make_all(paths: list, out_dir: Path) -> None:
    async with asyncio.TaskGroup() as tg:  # expect: too-new-api
        for p in paths[:8]:
            tg.create_task(make_thumbnails([p], out_dir))
