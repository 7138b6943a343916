import asyncio


async def smtp_banner(host: str, port: int = 25) -> str:
    reader, writer = await asyncio.open_connection(host, port)  # expect: missing-timeout
    try:
        banner = await reader.readline()  # expect: missing-timeout
        writer.write(b"QUIT\r\n")
        await writer.drain()
        return banner.decode().strip()
    finally:
        writer.close()
        await writer.wait_closed()
