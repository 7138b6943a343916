from fastapi import FastAPI, HTTPException
import requests
import urllib.request

app = FastAPI()
UPSTREAM = "https://upstream.internal"


@app.get("/items/{item_id}")
async def get_item(item_id: int) -> dict:
    r = requests.get(f"{UPSTREAM}/items/{item_id}", timeout=5)  # expect: blocking-call-in-async
    if r.status_code == 404:
        raise HTTPException(status_code=404)
    return r.json()


@app.get("/health")
async def health() -> dict:
    with urllib.request.urlopen(f"{UPSTREAM}/health", timeout=2) as resp:  # expect: blocking-call-in-async
        return {"upstream": resp.status}


@app.get("/sync-health")
def sync_health() -> dict:
    r = requests.get(f"{UPSTREAM}/health", timeout=2)
    return {"upstream": r.status_code}
