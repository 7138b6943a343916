import sqlite3
import asyncio


class EventStore:
    def __init__(self, path: str) -> None:
        self.path = path

    async def append(self, kind: str, body: str) -> None:
        conn = sqlite3.connect(self.path)  # expect: blocking-call-in-async
        try:
            conn.execute("INSERT INTO events(kind, body) VALUES (?, ?)", (kind, body))  # expect: blocking-call-in-async
            conn.commit()  # expect: blocking-call-in-async
        finally:
            conn.close()

    async def append_offloaded(self, kind: str, body: str) -> None:
        def write() -> None:
            conn = sqlite3.connect(self.path)
            with conn:
                conn.execute("INSERT INTO events(kind, body) VALUES (?, ?)", (kind, body))
            conn.close()

        await asyncio.to_thread(write)
