import asyncio
import logging

from app.db import users
from app.mail import send_welcome, send_admin_alert

log = logging.getLogger(__name__)


async def signup(payload: dict) -> dict:
    user = await users.insert(email=payload["email"], name=payload["name"])
    asyncio.create_task(send_welcome(user.email))  # expect: dangling-task
    if user.flagged:
        asyncio.ensure_future(send_admin_alert(user.id))  # expect: dangling-task
    log.info("signed up %s", user.id)
    return {"id": user.id}
