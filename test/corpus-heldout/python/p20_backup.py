# target: python 3.10
import asyncio
import logging

log = logging.getLogger(__name__)


async def dump_database(dsn: str, out_path: str) -> int:
    proc = await asyncio.create_subprocess_exec(
        "pg_dump", "--format=custom", f"--file={out_path}", dsn,
        stderr=asyncio.subprocess.PIPE,
    )
    _, err = await proc.communicate()  # expect: missing-timeout
    if proc.returncode != 0:
        log.error("pg_dump failed: %s", err.decode(errors="replace"))
    return proc.returncode


async def upload(path: str, bucket: str) -> None:
    async with asyncio.timeout(600):  # expect: too-new-api
        proc = await asyncio.create_subprocess_exec("aws", "s3", "cp", path, f"s3://{bucket}/")
        await proc.wait()
