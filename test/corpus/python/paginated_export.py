"""Exports every invoice through a cursor-paginated API."""
import json


async def export_invoices(client, path_out: list[str]) -> int:
    cursor = None
    count = 0
    while True:
        page = await client.get("/invoices", params={"cursor": cursor, "limit": 100})
        for inv in page["data"]:
            path_out.append(json.dumps(inv))
            count += 1
        cursor = page.get("next_cursor")
        if not cursor:
            break
    return count


async def export_by_token(client, out: list[dict]) -> None:
    token = ""
    for _ in range(1000):
        resp = await client.list_objects(ContinuationToken=token)
        out.extend(resp["Contents"])
        token = resp.get("NextContinuationToken")
        if token is None:
            return
