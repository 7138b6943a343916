import asyncio

visits: dict[str, int] = {}


async def record_visit(db, page: str) -> int:
    count = visits.get(page, 0)
    await db.execute("INSERT INTO visits(page) VALUES ($1)", page)
    visits[page] = count + 1  # expect: race-condition
    return visits[page]


async def record_visit_safe(db, page: str) -> int:
    await db.execute("INSERT INTO visits(page) VALUES ($1)", page)
    visits[page] = visits.get(page, 0) + 1
    return visits[page]
