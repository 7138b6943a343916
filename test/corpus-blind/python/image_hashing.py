import asyncio
import hashlib
import logging
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path

log = logging.getLogger(__name__)


def file_digest(path: str) -> str:
    digest = hashlib.sha256()
    with open(path, "rb") as fh:
        for chunk in iter(lambda: fh.read(1 << 20), b""):
            digest.update(chunk)
    return digest.hexdigest()


def derive_key(secret: bytes, salt: bytes) -> bytes:
    return hashlib.pbkdf2_hmac("sha256", secret, salt, 300_000)


async def digest_all(paths: list[Path], workers: int = 4) -> dict[str, str]:
    loop = asyncio.get_running_loop()
    with ProcessPoolExecutor(max_workers=workers) as pool:
        futures = [loop.run_in_executor(pool, file_digest, str(p)) for p in paths]
        digests = await asyncio.gather(*futures)
    return {p.name: d for p, d in zip(paths, digests)}


async def signing_key(secret: bytes, salt: bytes) -> bytes:
    loop = asyncio.get_running_loop()
    return await loop.run_in_executor(None, derive_key, secret, salt)
