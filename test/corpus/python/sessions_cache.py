import time

_sessions: dict[str, dict] = {}


async def get_session(store, sid: str) -> dict | None:
    cached = _sessions.get(sid)
    if cached and cached["expires"] > time.time():
        return cached
    fresh = await store.load(sid)
    if fresh is not None:
        _sessions[sid] = fresh
    return fresh
