import asyncio

import httpx

LOOP = asyncio.get_running_loop()  # expect: event-loop-misuse


async def fetch_profile(client: httpx.AsyncClient, user_id: str) -> dict:
    resp = await client.get(f"https://api.example.com/users/{user_id}", timeout=10.0)
    resp.raise_for_status()
    return resp.json()


async def profile_summary(client: httpx.AsyncClient, user_id: str) -> str:
    fut = asyncio.run_coroutine_threadsafe(fetch_profile(client, user_id), LOOP)
    profile = fut.result(timeout=15)  # expect: event-loop-misuse
    return f"{profile['name']} <{profile['email']}>"


async def stop_service() -> None:
    loop = asyncio.get_running_loop()
    await asyncio.sleep(0)
    loop.close()  # expect: event-loop-misuse
