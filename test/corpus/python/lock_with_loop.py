import asyncio


class RateGate:
    def __init__(self, loop: asyncio.AbstractEventLoop) -> None:
        self._lock = asyncio.Lock(loop=loop)  # expect: hallucinated-api
        self._last = 0.0

    async def wait_turn(self, spacing: float) -> None:
        async with self._lock:
            loop = asyncio.get_running_loop()
            delay = self._last + spacing - loop.time()
            if delay > 0:
                await asyncio.sleep(delay)
            self._last = loop.time()
