import asyncio
import logging
import xml.etree.ElementTree as ET

import aiohttp

log = logging.getLogger("crawler")
NS = {"sm": "http://www.sitemaps.org/schemas/sitemap/0.9"}


async def fetch_text(session: aiohttp.ClientSession, url: str) -> str:
    async with session.get(url) as response:
        response.raise_for_status()
        return await response.text()


def sitemap_urls(xml_text: str) -> list[str]:
    root = ET.fromstring(xml_text)
    return [loc.text for loc in root.findall(".//sm:loc", NS) if loc.text]


async def check_links(site: str) -> dict[str, int]:
    statuses: dict[str, int] = {}
    async with aiohttp.ClientSession() as session:  # expect: missing-timeout
        urls = sitemap_urls(await fetch_text(session, f"{site}/sitemap.xml"))
        log.info("checking %d urls", len(urls))
        for url in urls:
            async with session.head(url, allow_redirects=True) as response:  # expect: await-in-loop
                statuses[url] = response.status
    return statuses


async def main() -> None:
    statuses = await check_links("https://docs.example.com")
    broken = {u: s for u, s in statuses.items() if s >= 400}
    for url, status in sorted(broken.items()):
        print(f"{status} {url}")


if __name__ == "__main__":
    asyncio.run(main())
