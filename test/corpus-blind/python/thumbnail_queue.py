import asyncio
import logging
from pathlib import Path

from PIL import Image

log = logging.getLogger(__name__)


def make_thumbnail(src: Path, dest_dir: Path) -> Path:
    dest = dest_dir / f"{src.stem}.thumb.jpg"
    with Image.open(src) as img:
        img.thumbnail((256, 256))
        img.convert("RGB").save(dest, "JPEG", quality=85)
    return dest


async def worker(name: str, queue: asyncio.Queue[Path], dest_dir: Path, done: list[Path]) -> None:
    while True:
        src = await queue.get()
        try:
            done.append(await asyncio.to_thread(make_thumbnail, src, dest_dir))
        except OSError as exc:
            log.warning("%s: cannot thumbnail %s: %s", name, src, exc)
        finally:
            queue.task_done()


async def thumbnail_dir(src_dir: Path, dest_dir: Path, workers: int = 4) -> list[Path]:
    queue: asyncio.Queue[Path] = asyncio.Queue()
    for path in await asyncio.to_thread(sorted, src_dir.glob("*.jpg")):
        queue.put_nowait(path)
    done: list[Path] = []
    async with asyncio.TaskGroup() as group:
        tasks = [group.create_task(worker(f"w{i}", queue, dest_dir, done)) for i in range(workers)]
        await queue.join()
        for task in tasks:
            task.cancel()
    return done
