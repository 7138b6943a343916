import asyncio
import logging

log = logging.getLogger("chat")

clients: set[asyncio.StreamWriter] = set()


def broadcast(sender: asyncio.StreamWriter, message: bytes) -> None:
    for writer in list(clients):
        if writer is sender or writer.is_closing():
            continue
        writer.write(message)


async def handle_client(reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
    peer = writer.get_extra_info("peername")
    clients.add(writer)
    try:
        while True:
            try:
                line = await asyncio.wait_for(reader.readline(), timeout=300)
            except asyncio.TimeoutError:
                log.info("%s idle, disconnecting", peer)
                break
            except:  # expect: swallowed-cancellation
                continue
            if not line:
                break
            broadcast(writer, f"{peer[0]}: ".encode() + line)
    finally:
        clients.discard(writer)
        writer.close()


async def main() -> None:
    server = await asyncio.start_server(handle_client, "0.0.0.0", 7000)
    async with server:
        await server.serve_forever()


if __name__ == "__main__":
    asyncio.run(main())
