import asyncio


async def fetch_config(client) -> dict:
    return await client.get_json("/config")


async def reload(client, state: dict) -> None:
    loop = asyncio.get_running_loop()
    config = loop.run_until_complete(fetch_config(client))  # expect: event-loop-misuse
    state.update(config)
