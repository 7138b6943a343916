import asyncio
import requests


async def git_log(repo: str) -> str:
    proc = await asyncio.create_subprocess_exec(
        "git", "-C", repo, "log", "--oneline", "-n", "20",
        stdout=asyncio.subprocess.PIPE,
    )
    try:
        out, _ = await asyncio.wait_for(proc.communicate(), timeout=30)
    except TimeoutError:
        proc.kill()
        await proc.wait()
        raise
    return out.decode()


async def remote_status(url: str) -> int:
    resp = await asyncio.to_thread(requests.head, url, timeout=5)
    return resp.status_code
