import asyncio
import logging
import threading

log = logging.getLogger("device")


class DeviceListener:
    """A vendor driver calls back on its own thread; every hand-over to the loop goes through a thread-safe call."""

    def __init__(self, driver) -> None:
        self.driver = driver
        self.loop = asyncio.get_running_loop()
        self.reply: asyncio.Future = self.loop.create_future()
        self.frames: asyncio.Queue = asyncio.Queue(maxsize=100)

    def _reader(self) -> None:
        for frame in self.driver.frames():
            if frame.kind == "reply":
                self.loop.call_soon_threadsafe(self.reply.set_result, frame.payload)
            elif frame.kind == "bye":
                self.loop.call_soon_threadsafe(self.loop.stop)
            else:
                asyncio.run_coroutine_threadsafe(self.frames.put(frame), self.loop)

    def _worker(self) -> None:
        loop = asyncio.new_event_loop()
        asyncio.set_event_loop(loop)
        try:
            loop.run_until_complete(self._drain_driver())
        finally:
            loop.close()

    async def _drain_driver(self) -> None:
        await asyncio.to_thread(self.driver.flush)

    async def run(self) -> bytes:
        threading.Thread(target=self._reader, daemon=True).start()
        threading.Thread(target=self._worker, daemon=True).start()
        return await asyncio.wait_for(self.reply, timeout=30)
