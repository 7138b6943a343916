import asyncio
import logging

import aio_pika

log = logging.getLogger(__name__)


async def publish_order_created(channel: aio_pika.abc.AbstractChannel, order_id: str) -> None:
    await channel.default_exchange.publish(
        aio_pika.Message(body=order_id.encode()),
        routing_key="orders.created",
    )


async def handle_checkout(channel: aio_pika.abc.AbstractChannel, db, cart: dict) -> str:
    order_id = await db.create_order(cart)
    asyncio.create_task(publish_order_created(channel, order_id))  # expect: dangling-task
    return order_id


async def retry_publish(channel: aio_pika.abc.AbstractChannel, order_id: str, attempts: int = 3) -> bool:
    for attempt in range(attempts):
        try:
            await publish_order_created(channel, order_id)
            return True
        except aio_pika.exceptions.AMQPError:
            log.warning("publish failed (attempt %d)", attempt + 1)
            asyncio.sleep(2 ** attempt)  # expect: missing-await
    return False
