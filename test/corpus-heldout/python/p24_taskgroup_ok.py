# target: python 3.11
import asyncio

import httpx


async def load_dashboard(client: httpx.AsyncClient, user_id: int) -> dict:
    """TaskGroup and `async with asyncio.timeout(...)` exist on 3.11, the
    target; three fixed requests run together, with one deadline for all."""
    async with asyncio.timeout(8):
        async with asyncio.TaskGroup() as tg:
            profile = tg.create_task(client.get(f"/users/{user_id}"))
            orders = tg.create_task(client.get(f"/users/{user_id}/orders", params={"limit": 5}))
            notices = tg.create_task(client.get("/notices"))
    return {
        "profile": profile.result().json(),
        "orders": orders.result().json(),
        "notices": notices.result().json(),
    }


async def main() -> None:
    async with httpx.AsyncClient(base_url="https://api.internal", timeout=5.0) as client:
        print(await load_dashboard(client, 42))


if __name__ == "__main__":
    asyncio.run(main())
