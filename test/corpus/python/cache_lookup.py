import json


async def fetch_profile(redis, uid: str):
    raw = await redis.get(f"profile:{uid}")
    return json.loads(raw) if raw else None


async def display_name(redis, uid: str) -> str:
    profile = fetch_profile(redis, uid)  # expect: missing-await
    if profile is None:
        return "anonymous"
    return profile["name"]


async def is_known(redis, uid: str) -> bool:
    if fetch_profile(redis, uid):  # expect: missing-await
        return True
    return False
