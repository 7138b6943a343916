import asyncio


async def smtp_banner(host: str, port: int = 25) -> str:
    async with asyncio.timeout(10):
        reader, writer = await asyncio.open_connection(host, port)
    try:
        banner = await asyncio.wait_for(reader.readline(), timeout=10)
        writer.write(b"QUIT\r\n")
        await writer.drain()
        return banner.decode().strip()
    finally:
        writer.close()
        await writer.wait_closed()
