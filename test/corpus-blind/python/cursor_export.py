import asyncio
import json
import logging
from pathlib import Path

import httpx

log = logging.getLogger("export")


async def export_customers(api: str, token: str, out: Path) -> int:
    headers = {"Authorization": f"Bearer {token}"}
    written = 0
    cursor: str | None = None
    async with httpx.AsyncClient(base_url=api, headers=headers, timeout=20.0) as client:
        lines: list[str] = []
        # Each request needs the cursor returned by the previous page.
        while True:
            params = {"limit": 200}
            if cursor:
                params["starting_after"] = cursor
            response = await client.get("/v1/customers", params=params)
            response.raise_for_status()
            page = response.json()
            lines.extend(json.dumps(c) for c in page["data"])
            written += len(page["data"])
            if not page.get("has_more"):
                break
            cursor = page["data"][-1]["id"]
    await asyncio.to_thread(out.write_text, "\n".join(lines) + "\n", encoding="utf-8")
    log.info("exported %d customers", written)
    return written
