import asyncio
import logging
import threading

log = logging.getLogger("sensors")


class SensorBridge:
    """Reads a vendor SDK that delivers samples on its own thread and hands them to asyncio."""

    def __init__(self, sdk) -> None:
        self.sdk = sdk
        self.samples: asyncio.Queue = asyncio.Queue(maxsize=1000)
        self.loop = asyncio.get_running_loop()

    def _on_sample(self, sample) -> None:
        # The SDK thread never touches asyncio objects directly: the loop runs these calls itself.
        self.loop.call_soon_threadsafe(self.samples.put_nowait, sample)
        if sample.alarm:
            asyncio.run_coroutine_threadsafe(self.raise_alarm(sample), self.loop)

    def _pump(self) -> None:
        for sample in self.sdk.stream():
            self._on_sample(sample)

    async def raise_alarm(self, sample) -> None:
        log.warning("alarm from %s", sample.sensor_id)

    async def run(self) -> None:
        threading.Thread(target=self._pump, daemon=True).start()
        while True:
            sample = await self.samples.get()
            log.debug("sample %s", sample)
