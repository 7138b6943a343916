import asyncio
import logging
import ssl

log = logging.getLogger("smtp-probe")


async def read_reply(reader: asyncio.StreamReader, timeout: float) -> list[str]:
    lines: list[str] = []
    # SMTP multi-line replies: keep reading until a line has a space after the code.
    while True:
        raw = await asyncio.wait_for(reader.readline(), timeout=timeout)
        if not raw:
            raise ConnectionError("server closed the connection")
        line = raw.decode("ascii", errors="replace").rstrip("\r\n")
        lines.append(line)
        if len(line) < 4 or line[3] != "-":
            return lines


async def probe(host: str, port: int = 587, timeout: float = 5.0) -> list[str]:
    reader, writer = await asyncio.wait_for(asyncio.open_connection(host, port), timeout=timeout)
    try:
        banner = await read_reply(reader, timeout)
        writer.write(b"EHLO probe.example.com\r\n")
        await writer.drain()
        capabilities = await read_reply(reader, timeout)
        if any("STARTTLS" in c for c in capabilities):
            writer.write(b"STARTTLS\r\n")
            await writer.drain()
            await read_reply(reader, timeout)
            await asyncio.wait_for(writer.start_tls(ssl.create_default_context()), timeout=timeout)
        writer.write(b"QUIT\r\n")
        await writer.drain()
        return banner + capabilities
    finally:
        writer.close()
        await writer.wait_closed()
