import asyncio
import json
import logging
from datetime import datetime, timezone

import httpx
from fastapi import FastAPI, Request

app = FastAPI()
log = logging.getLogger("signup")

AUDIT_FILE = "/var/log/app/signups.jsonl"


async def send_welcome_email(email: str) -> None:
    async with httpx.AsyncClient(timeout=10.0) as client:
        response = await client.post(
            "https://mail.internal/send",
            json={"to": email, "template": "welcome"},
        )
        response.raise_for_status()


async def add_to_crm(email: str, name: str) -> None:
    async with httpx.AsyncClient(timeout=10.0) as client:
        await client.put(f"https://crm.internal/contacts/{email}", json={"name": name})


@app.post("/webhooks/signup")
async def on_signup(request: Request) -> dict:
    payload = await request.json()
    email, name = payload["email"], payload.get("name", "")
    with open(AUDIT_FILE, "a", encoding="utf-8") as fh:  # expect: blocking-call-in-async
        fh.write(json.dumps({"email": email, "at": datetime.now(timezone.utc).isoformat()}) + "\n")
    asyncio.create_task(send_welcome_email(email))  # expect: dangling-task
    await add_to_crm(email, name)
    log.info("signup processed for %s", email)
    return {"ok": True}
