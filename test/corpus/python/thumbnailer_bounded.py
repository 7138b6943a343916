import asyncio

LIMIT = 8


async def make_thumbnail(storage, key: str, sem: asyncio.Semaphore) -> str:
    async with sem:
        data = await storage.download(key)
        thumb = await asyncio.to_thread(resize, data, (128, 128))
        out = f"thumbs/{key}"
        await storage.upload(out, thumb)
        return out


async def make_all(storage, keys: list[str]) -> list[str]:
    sem = asyncio.Semaphore(LIMIT)
    return await asyncio.gather(*[make_thumbnail(storage, k, sem) for k in keys])


def resize(data: bytes, size: tuple[int, int]) -> bytes:
    return data[: size[0] * size[1]]
