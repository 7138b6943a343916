import asyncio
import logging

import asyncpg

log = logging.getLogger(__name__)


async def consume(pool: asyncpg.Pool, queue: asyncio.Queue) -> None:
    """Catches CancelledError only to release what it holds, then re-raises;
    other failures are logged and the loop continues."""
    conn = await pool.acquire()
    try:
        while True:
            item = await queue.get()
            try:
                await asyncio.wait_for(conn.execute("INSERT INTO events (payload) VALUES ($1)", item), timeout=5)
            except asyncio.CancelledError:
                log.info("consumer cancelled, putting item back")
                queue.put_nowait(item)
                raise
            except (asyncpg.PostgresError, asyncio.TimeoutError):
                log.exception("insert failed for %r", item)
            finally:
                queue.task_done()
    finally:
        await pool.release(conn)
