import json


async def relay(ws_in, ws_out, topics: list[str]) -> None:
    for topic in topics:
        await ws_out.send(json.dumps({"subscribe": topic}))
    async for message in ws_in:
        payload = json.loads(message)
        await ws_out.send(json.dumps(payload))
