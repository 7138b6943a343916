# target: python 3.8
import asyncio
import json


async def read_settings(path: str) -> dict:
    text = await asyncio.to_thread(_read, path)  # expect: too-new-api
    return json.loads(text)


def _read(path: str) -> str:
    with open(path, encoding="utf-8") as f:
        return f.read()
