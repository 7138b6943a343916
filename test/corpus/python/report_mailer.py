import asyncio
import logging

log = logging.getLogger(__name__)


async def render(report_id: str) -> str:
    await asyncio.sleep(0)
    return f"<h1>{report_id}</h1>"


async def mail_reports(mailer, report_ids: list[str]) -> None:
    for rid in report_ids:
        html = render(rid)  # expect: missing-await
        try:
            await mailer.send(to="team@example.com", html=html)
        except Exception as exc:
            log.error("report %s not sent: %s", rid, exc)
