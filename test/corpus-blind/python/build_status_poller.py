import asyncio
import logging

import httpx

log = logging.getLogger("ci-poll")
TERMINAL = {"success", "failure", "cancelled"}


async def wait_for_build(api: str, build_id: str, token: str, max_wait: float = 1800.0) -> str:
    headers = {"Authorization": f"token {token}"}
    delay = 5.0
    async with httpx.AsyncClient(base_url=api, headers=headers, timeout=10.0) as client:
        async with asyncio.timeout(max_wait):
            while True:
                response = await client.get(f"/builds/{build_id}")
                response.raise_for_status()
                state = response.json()["state"]
                if state in TERMINAL:
                    return state
                log.debug("build %s is %s; next check in %.0fs", build_id, state, delay)
                await asyncio.sleep(delay)
                delay = min(delay * 1.5, 60.0)


async def wait_for_builds(api: str, token: str, first: str, second: str) -> tuple[str, str]:
    a, b = await asyncio.gather(wait_for_build(api, first, token), wait_for_build(api, second, token))
    return a, b


if __name__ == "__main__":
    import sys

    print(asyncio.run(wait_for_build(sys.argv[1], sys.argv[2], sys.argv[3])))
