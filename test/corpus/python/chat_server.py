import asyncio
import logging

log = logging.getLogger("chat")
clients: set[asyncio.StreamWriter] = set()


async def broadcast(message: bytes) -> None:
    for w in list(clients):
        w.write(message)
        w.drain()  # expect: missing-await


async def handle(reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
    clients.add(writer)
    try:
        while line := await reader.readline():  # expect: missing-timeout
            await broadcast(line)
    except:  # expect: swallowed-cancellation
        log.info("client gone")
    finally:
        clients.discard(writer)
        writer.close()


async def main() -> None:
    server = await asyncio.start_server(handle, "127.0.0.1", 8888)
    async with server:
        await server.serve_forever()
