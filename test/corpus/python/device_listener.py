import asyncio
import logging
import threading

log = logging.getLogger("device")


class DeviceListener:
    """A vendor driver calls back on its own thread; results are handed to the event loop."""

    def __init__(self, driver) -> None:
        self.driver = driver
        self.loop = asyncio.get_running_loop()
        self.reply: asyncio.Future = self.loop.create_future()
        self.stopped = asyncio.Event()

    def _reader(self) -> None:
        for frame in self.driver.frames():
            if frame.kind == "reply":
                self.reply.set_result(frame.payload)  # expect: event-loop-misuse
            elif frame.kind == "bye":
                self.loop.stop()  # expect: event-loop-misuse

    def _watchdog(self) -> None:
        loop = asyncio.get_event_loop()  # expect: event-loop-misuse
        loop.call_soon_threadsafe(self.stopped.set)

    async def run(self) -> bytes:
        threading.Thread(target=self._reader, daemon=True).start()
        threading.Thread(target=self._watchdog, daemon=True).start()
        return await asyncio.wait_for(self.reply, timeout=30)
