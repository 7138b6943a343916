"""Starts a background poller and stops it cleanly."""
import asyncio


async def poll(source, sink) -> None:
    while True:
        batch = await source.fetch()
        await sink.write(batch)
        await asyncio.sleep(1)


async def main(source, sink) -> None:
    poller = asyncio.create_task(poll(source, sink))
    await asyncio.sleep(30)
    poller.cancel()
    try:
        await poller
    except asyncio.CancelledError:
        pass
