import asyncio
import json

import websockets


async def listen(url: str, handle) -> None:
    while True:
        try:
            async with websockets.connect(url) as ws:
                async for raw in ws:
                    await handle(json.loads(raw))
        except asyncio.CancelledError:  # expect: swallowed-cancellation
            continue
        except Exception:  # expect: swallowed-error
            pass
        await asyncio.sleep(1)


async def read_banner(host: str, port: int) -> bytes:
    reader, writer = await asyncio.open_connection(host, port)  # expect: missing-timeout
    try:
        return await reader.readline()
    finally:
        writer.close()
        await writer.wait_closed()
