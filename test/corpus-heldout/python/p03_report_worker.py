# target: python 3.10
import asyncio
import json
import time

import requests


async def build_report(report_id: str) -> dict:
    resp = requests.get(f"https://analytics.internal/reports/{report_id}", timeout=30)  # expect: blocking-call-in-async
    resp.raise_for_status()
    rows = resp.json()["rows"]
    time.sleep(0.5)  # expect: blocking-call-in-async
    return {"id": report_id, "rows": len(rows)}


async def worker(queue: asyncio.Queue) -> None:
    while True:
        report_id = await queue.get()
        try:
            result = await build_report(report_id)
            print(json.dumps(result))
        except BaseException:  # expect: swallowed-cancellation
            pass
        finally:
            queue.task_done()
