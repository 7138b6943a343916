import logging

log = logging.getLogger(__name__)


async def sync_prices(store, supplier, skus: list[str]) -> int:
    updated = 0
    for sku in skus:
        price = await supplier.price(sku)  # expect: await-in-loop
        await store.set_price(sku, price)
        updated += 1
    log.info("updated %d prices", updated)
    return updated
