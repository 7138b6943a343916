import asyncio
import logging

from app.db import users
from app.mail import send_welcome, send_admin_alert

log = logging.getLogger(__name__)
_background: set[asyncio.Task[None]] = set()


def _spawn(coro) -> None:
    task = asyncio.create_task(coro)
    _background.add(task)
    task.add_done_callback(_background.discard)


async def signup(payload: dict) -> dict:
    user = await users.insert(email=payload["email"], name=payload["name"])
    _spawn(send_welcome(user.email))
    if user.flagged:
        _spawn(send_admin_alert(user.id))
    log.info("signed up %s", user.id)
    return {"id": user.id}
