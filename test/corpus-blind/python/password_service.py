import asyncio
import os
from hashlib import pbkdf2_hmac

import bcrypt
import requests as http
from fastapi import FastAPI, HTTPException
from pydantic import BaseModel

app = FastAPI()
BREACH_API = "https://api.pwnedpasswords.com/range/"


class Credentials(BaseModel):
    username: str
    password: str


def legacy_hash(password: str, salt: bytes) -> bytes:
    return pbkdf2_hmac("sha256", password.encode(), salt, 600_000)


async def is_breached(password: str) -> bool:
    import hashlib

    digest = hashlib.sha1(password.encode()).hexdigest().upper()
    response = http.get(BREACH_API + digest[:5], timeout=5)  # expect: blocking-call-in-async
    return digest[5:] in response.text


@app.post("/register")
async def register(creds: Credentials) -> dict:
    if await is_breached(creds.password):
        raise HTTPException(status_code=400, detail="password found in a breach")
    hashed = bcrypt.hashpw(creds.password.encode(), bcrypt.gensalt(rounds=12))  # expect: blocking-call-in-async
    return {"username": creds.username, "hash": hashed.decode()}


@app.post("/login/legacy")
async def login_legacy(creds: Credentials) -> dict:
    salt = os.urandom(16)
    digest = pbkdf2_hmac("sha256", creds.password.encode(), salt, 600_000)  # expect: blocking-call-in-async
    return {"ok": bool(digest)}


@app.post("/login")
async def login(creds: Credentials) -> dict:
    salt = os.urandom(16)
    digest = await asyncio.to_thread(legacy_hash, creds.password, salt)
    return {"ok": bool(digest)}
