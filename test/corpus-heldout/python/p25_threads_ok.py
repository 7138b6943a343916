import asyncio
import concurrent.futures
import sqlite3
import threading


def _query(db_path: str, sql: str) -> list:
    with sqlite3.connect(db_path) as conn:
        return conn.execute(sql).fetchall()


async def run_query(db_path: str, sql: str, pool: concurrent.futures.ThreadPoolExecutor) -> list:
    """sqlite3 is blocking, so it runs in the executor; the coroutine awaits
    the wrapped future instead of calling .result() on it."""
    loop = asyncio.get_running_loop()
    return await asyncio.wait_for(loop.run_in_executor(pool, _query, db_path, sql), timeout=10)


def start_ticker(loop: asyncio.AbstractEventLoop, queue: asyncio.Queue, stop: threading.Event) -> threading.Thread:
    """A plain thread hands values to the loop with call_soon_threadsafe."""

    def run() -> None:
        n = 0
        while not stop.wait(1.0):
            n += 1
            loop.call_soon_threadsafe(queue.put_nowait, n)

    t = threading.Thread(target=run, daemon=True)
    t.start()
    return t


async def main(db_path: str) -> None:
    queue: asyncio.Queue = asyncio.Queue()
    stop = threading.Event()
    start_ticker(asyncio.get_running_loop(), queue, stop)
    with concurrent.futures.ThreadPoolExecutor(max_workers=2) as pool:
        print(await run_query(db_path, "SELECT count(*) FROM items", pool))
        print(await queue.get())
    stop.set()


if __name__ == "__main__":
    asyncio.run(main("app.db"))
