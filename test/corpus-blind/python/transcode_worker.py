import asyncio
import logging
import shutil
import subprocess
from pathlib import Path

log = logging.getLogger(__name__)


async def probe_duration(path: Path) -> float:
    result = subprocess.run(  # expect: blocking-call-in-async
        ["ffprobe", "-v", "error", "-show_entries", "format=duration", "-of", "csv=p=0", str(path)],
        capture_output=True,
        text=True,
        timeout=30,
        check=True,
    )
    return float(result.stdout.strip())


async def transcode(src: Path, dest: Path) -> None:
    proc = await asyncio.create_subprocess_exec(
        "ffmpeg", "-y", "-i", str(src), "-c:v", "libx264", "-preset", "fast", str(dest),
        stdout=asyncio.subprocess.PIPE,
        stderr=asyncio.subprocess.PIPE,
    )
    _, stderr = await proc.communicate()  # expect: missing-timeout
    if proc.returncode != 0:
        raise RuntimeError(f"ffmpeg failed for {src}: {stderr.decode()[-500:]}")


async def process(src: Path, out_dir: Path) -> Path:
    if shutil.which("ffmpeg") is None:
        raise RuntimeError("ffmpeg is not installed")
    duration = await probe_duration(src)
    log.info("%s: %.1f s", src.name, duration)
    dest = out_dir / f"{src.stem}.mp4"
    await transcode(src, dest)
    return dest
