import asyncio
import logging

import asyncpg

log = logging.getLogger(__name__)


async def upsert_user(pool: asyncpg.Pool, user: dict) -> None:
    await pool.execute(
        "INSERT INTO users (id, email) VALUES ($1, $2) ON CONFLICT (id) DO UPDATE SET email = $2",
        user["id"],
        user["email"],
    )


async def import_users(pool: asyncpg.Pool, users: list[dict]) -> int:
    """Imports a partner's full user export (often 200k rows)."""
    await asyncio.gather(*(upsert_user(pool, u) for u in users))  # expect: unbounded-concurrency
    return len(users)


async def delete_user(pool: asyncpg.Pool, user_id: int) -> bool:
    try:
        await pool.execute("DELETE FROM users WHERE id = $1", user_id)
        return True
    except Exception:  # expect: swallowed-error
        return False


async def audit(pool: asyncpg.Pool, action: str) -> None:
    pool.execute("INSERT INTO audit (action) VALUES ($1)", action)  # expect: missing-await
