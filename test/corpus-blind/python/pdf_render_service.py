import asyncio
import logging
import tempfile
from pathlib import Path

from fastapi import FastAPI, HTTPException
from fastapi.responses import Response

app = FastAPI()
log = logging.getLogger("render")
RENDER_TIMEOUT = 30


async def html_to_pdf(html: str) -> bytes:
    with tempfile.TemporaryDirectory() as tmp:
        src = Path(tmp) / "page.html"
        dest = Path(tmp) / "page.pdf"
        await asyncio.to_thread(src.write_text, html, encoding="utf-8")
        proc = await asyncio.create_subprocess_exec(
            "wkhtmltopdf", "--quiet", str(src), str(dest),
            stderr=asyncio.subprocess.PIPE,
        )
        try:
            _, stderr = await asyncio.wait_for(proc.communicate(), timeout=RENDER_TIMEOUT)
        except TimeoutError:
            proc.kill()
            await proc.wait()
            raise
        if proc.returncode != 0:
            raise RuntimeError(stderr.decode(errors="replace")[-400:])
        return await asyncio.to_thread(dest.read_bytes)


@app.post("/render")
async def render(body: dict) -> Response:
    try:
        pdf = await html_to_pdf(body["html"])
    except TimeoutError:
        raise HTTPException(status_code=504, detail="rendering took too long")
    except RuntimeError as exc:
        log.error("wkhtmltopdf failed: %s", exc)
        raise HTTPException(status_code=500, detail="rendering failed") from exc
    return Response(content=pdf, media_type="application/pdf")
