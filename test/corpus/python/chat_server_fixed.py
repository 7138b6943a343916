import asyncio
import logging

log = logging.getLogger("chat")
clients: set[asyncio.StreamWriter] = set()
IDLE_SECONDS = 300


async def broadcast(message: bytes) -> None:
    writers = list(clients)
    for w in writers:
        w.write(message)
    await asyncio.gather(*(w.drain() for w in writers[:100]), return_exceptions=True)  # expect: swallowed-error


async def handle(reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
    clients.add(writer)
    try:
        while True:
            async with asyncio.timeout(IDLE_SECONDS):
                line = await reader.readline()
            if not line:
                break
            await broadcast(line)
    except (ConnectionError, TimeoutError):
        log.info("client gone")
    finally:
        clients.discard(writer)
        writer.close()


async def main() -> None:
    server = await asyncio.start_server(handle, "127.0.0.1", 8888)
    async with server:
        await server.serve_forever()
