import asyncio

import httpx

_schemas: dict[str, dict] = {}
_schema_lock = asyncio.Lock()


async def _download(client: httpx.AsyncClient, name: str) -> dict:
    resp = await client.get(f"https://schemas.example.com/{name}.json", timeout=5.0)
    resp.raise_for_status()
    return resp.json()


async def load_schema(client: httpx.AsyncClient, name: str) -> dict:
    if name in _schemas:
        return _schemas[name]
    schema = await _download(client, name)
    _schemas[name] = schema  # expect: race-condition
    return schema


async def load_schema_locked(client: httpx.AsyncClient, name: str) -> dict:
    async with _schema_lock:
        if name in _schemas:
            return _schemas[name]
        schema = await _download(client, name)
        _schemas[name] = schema
        return schema


async def resolve(client: httpx.AsyncClient, name: str) -> dict:
    schema = dict(await load_schema_locked(client, name))
    if "$ref" in schema and "resolved" not in schema:
        schema["resolved"] = await load_schema_locked(client, schema["$ref"])
    return schema
