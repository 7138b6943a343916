import asyncio
import xml.etree.ElementTree as ET

import aiohttp

FEEDS = [
    "https://example.com/a.xml",
    "https://example.com/b.xml",
    "https://example.com/c.xml",
]


async def read_feed(session: aiohttp.ClientSession, url: str) -> list[str]:
    async with session.get(url) as resp:
        text = await resp.text()
    return [item.findtext("title") or "" for item in ET.fromstring(text).iter("item")]


async def headlines() -> list[str]:
    timeout = aiohttp.ClientTimeout(total=20)
    async with aiohttp.ClientSession(timeout=timeout) as session:
        per_feed = await asyncio.gather(*(read_feed(session, u) for u in FEEDS))
    return [title for titles in per_feed for title in titles]
