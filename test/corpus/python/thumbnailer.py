import asyncio


async def make_thumbnail(storage, key: str) -> str:
    data = await storage.download(key)
    thumb = await asyncio.to_thread(resize, data, (128, 128))
    out = f"thumbs/{key}"
    await storage.upload(out, thumb)
    return out


async def make_all(storage, keys: list[str]) -> list[str]:
    return await asyncio.gather(*[make_thumbnail(storage, k) for k in keys])  # expect: unbounded-concurrency


def resize(data: bytes, size: tuple[int, int]) -> bytes:
    return data[: size[0] * size[1]]
