# The application package that SKILL.md's test example imports (`from app.fetcher import fetch_all`).
