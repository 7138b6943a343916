import asyncio
import logging
import sys

log = logging.getLogger("probe")


async def ping(host: str, port: int = 6379) -> bool:
    reader, writer = await asyncio.open_connection(host, port)  # expect: missing-timeout
    try:
        writer.write(b"PING\r\n")
        await writer.drain()
        line = await reader.readline()  # expect: missing-timeout
        return line.strip() == b"+PONG"
    finally:
        writer.close()
        await writer.wait_closed()


async def info_section(host: str, section: str) -> dict[str, str]:
    reader, writer = await asyncio.wait_for(asyncio.open_connection(host, 6379), timeout=3)
    try:
        writer.write(f"INFO {section}\r\n".encode())
        await writer.drain()
        header = await asyncio.wait_for(reader.readline(), timeout=3)
        size = int(header[1:].strip())
        body = await asyncio.wait_for(reader.readexactly(size + 2), timeout=3)
    finally:
        writer.close()
        await writer.wait_closed()
    pairs = (line.split(":", 1) for line in body.decode().splitlines() if ":" in line)
    return {k: v for k, v in pairs}


async def main(hosts: list[str]) -> int:
    healthy = await asyncio.gather(*(ping(h) for h in hosts[:3]))
    for host, ok in zip(hosts, healthy):
        log.info("%s %s", host, "up" if ok else "DOWN")
    return 0 if all(healthy) else 1


if __name__ == "__main__":
    logging.basicConfig(level=logging.INFO)
    sys.exit(asyncio.run(main(sys.argv[1:] or ["localhost"])))
