import asyncio


class OrderService:
    def __init__(self, repo, payments) -> None:
        self.repo = repo
        self.payments = payments

    async def _charge(self, order) -> None:
        await self.payments.charge(order.customer_id, order.total)

    async def _notify(self, order) -> None:
        await self.repo.mark_notified(order.id)

    async def place(self, order) -> str:
        await self.repo.save(order)
        self._charge(order)  # expect: missing-await
        asyncio.sleep(0.05)  # expect: missing-await
        await self._notify(order)
        return order.id
