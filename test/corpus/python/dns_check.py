import asyncio
import socket


async def resolve(host: str) -> list[str]:
    infos = socket.getaddrinfo(host, 443)  # expect: blocking-call-in-async
    return sorted({i[4][0] for i in infos})


async def resolve_ok(host: str) -> list[str]:
    loop = asyncio.get_running_loop()
    infos = await loop.getaddrinfo(host, 443)
    return sorted({i[4][0] for i in infos})
