import asyncio
import json
import logging

from aiokafka import AIOKafkaConsumer
import asyncpg

log = logging.getLogger("orders")


async def apply_event(pool: asyncpg.Pool, event: dict) -> None:
    await pool.execute(
        "UPDATE orders SET status = $1, updated_at = now() WHERE id = $2",
        event["status"],
        event["order_id"],
    )


async def notify_shipping(event: dict) -> None:
    await asyncio.sleep(0)
    log.info("shipping notified for %s", event["order_id"])


async def consume(pool: asyncpg.Pool) -> None:
    consumer = AIOKafkaConsumer("orders", bootstrap_servers="kafka:9092", group_id="order-status")
    await consumer.start()
    try:
        async for message in consumer:
            event = json.loads(message.value)
            await apply_event(pool, event)
            if event["status"] == "paid":
                asyncio.create_task(notify_shipping(event))  # expect: dangling-task
    finally:
        await consumer.stop()


async def replay(pool: asyncpg.Pool, events: list[dict]) -> None:
    results = await asyncio.gather(*(apply_event(pool, e) for e in events[:50]), return_exceptions=True)  # expect: swallowed-error
    log.info("replayed %d events", len(results))
