import asyncio

import httpx


async def deploy(client: httpx.AsyncClient, service: str, image: str) -> str:
    """Each step needs the previous step's result, and the rollout has to
    happen region by region, so the awaits are sequential on purpose."""
    build = (await client.post("/builds", json={"service": service, "image": image})).json()
    release = (await client.post("/releases", json={"build_id": build["id"]})).json()
    for region in ("eu-west-1", "us-east-1", "ap-south-1"):
        resp = await client.post(f"/releases/{release['id']}/rollout", json={"region": region})
        resp.raise_for_status()
        await asyncio.sleep(30)  # let health checks settle before the next region
    return release["id"]


async def main() -> None:
    async with httpx.AsyncClient(base_url="https://deploy.internal", timeout=httpx.Timeout(30.0)) as client:
        print(await deploy(client, "billing", "billing:1.42.0"))


if __name__ == "__main__":
    asyncio.run(main())
