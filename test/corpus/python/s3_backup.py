"""Backs up local exports to S3 from an async job runner."""
import asyncio
import logging
import os

import boto3

log = logging.getLogger(__name__)
s3 = boto3.client("s3")
BUCKET = "nightly-backups"


async def upload_file(path: str) -> str:
    key = os.path.basename(path)
    s3.upload_file(path, BUCKET, key)  # expect: blocking-call-in-async
    return key


async def backup(paths: list[str]) -> list[str]:
    keys = []
    for p in paths:
        keys.append(await upload_file(p))  # expect: await-in-loop
    log.info("uploaded %d files", len(keys))
    return keys
