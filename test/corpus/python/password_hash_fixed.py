import asyncio
import hashlib
import os

import bcrypt


async def create_user(repo, email: str, password: str) -> int:
    salt = os.urandom(16)
    digest = await asyncio.to_thread(hashlib.pbkdf2_hmac, "sha256", password.encode(), salt, 600_000)
    return await repo.insert(email=email, salt=salt, digest=digest)


async def check_login(repo, email: str, password: str) -> bool:
    row = await repo.find(email)
    return await asyncio.to_thread(bcrypt.checkpw, password.encode(), row.hash)
