import asyncio


async def section(db, name: str) -> str:
    rows = await db.fetch(f"SELECT * FROM {name}")
    return f"{name}: {len(rows)} rows"


async def build(db) -> str:
    parts = []
    for name in ("users", "orders", "invoices"):
        parts.append(await section(db, name))
    summary, totals = await asyncio.gather(section(db, "summary"), section(db, "totals"))
    return "\n".join(parts + [summary, totals])
