"""Backs up local exports to S3 from an async job runner, off the event loop."""
import asyncio
import logging
import os

import boto3

log = logging.getLogger(__name__)
s3 = boto3.client("s3")
BUCKET = "nightly-backups"
PARALLEL_UPLOADS = 4


async def upload_file(path: str, sem: asyncio.Semaphore) -> str:
    key = os.path.basename(path)
    async with sem:
        await asyncio.to_thread(s3.upload_file, path, BUCKET, key)
    return key


async def backup(paths: list[str]) -> list[str]:
    sem = asyncio.Semaphore(PARALLEL_UPLOADS)
    keys = await asyncio.gather(*(upload_file(p, sem) for p in paths))
    log.info("uploaded %d files", len(keys))
    return list(keys)
