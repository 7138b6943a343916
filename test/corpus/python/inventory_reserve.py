"""Reserves stock for an order; module-level counters shared by every request."""
import asyncio

STOCK: dict[str, int] = {}
reservations = 0


async def reserve(db, sku: str, qty: int) -> bool:
    global reservations
    available = STOCK.get(sku, 0)
    if available < qty:
        return False
    await db.log_reservation(sku, qty)
    STOCK[sku] = available - qty  # expect: race-condition
    reservations += 1
    return True


async def restock(db, sku: str, qty: int) -> None:
    async with _stock_lock:
        level = STOCK.get(sku, 0)
        await db.log_restock(sku, qty)
        STOCK[sku] = level + qty


_stock_lock = asyncio.Lock()
