import asyncio
import requests


async def git_log(repo: str) -> str:
    proc = await asyncio.create_subprocess_exec(
        "git", "-C", repo, "log", "--oneline", "-n", "20",
        stdout=asyncio.subprocess.PIPE,
    )
    out, _ = await proc.communicate()  # expect: missing-timeout
    return out.decode()


async def remote_status(url: str) -> int:
    resp = await asyncio.to_thread(requests.head, url)  # expect: missing-timeout
    return resp.status_code
