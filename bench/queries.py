"""SQL statements per page view, counted in-process on the engine with Flask's test client."""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import event

from bench.seed import bench_config
from webapp import create_app
from webapp.db import database


@dataclass(frozen=True)
class Queries:
    count: int
    statements: list[str]  # first line of each, for the JSON report


def count_queries(url: str, pages: dict[str, tuple[str, str]]) -> dict[str, Queries]:
    """For each page name -> (path, Cookie header): one warm-up GET, then the fewer statements of two more GETs.

    Two, because the session's `last_seen_at` write (webapp/auth/sessions.py) lands on whichever request comes
    first after a minute: not a cost of the page. SQLite's explicit `BEGIN` (webapp/db.py) is not counted either,
    so both databases give the same numbers.
    """
    app = create_app(bench_config(url))
    engine = database(app).engine
    seen: list[str] = []

    def record(_conn, _cursor, statement: str, *_args) -> None:
        if statement.strip().upper() != "BEGIN":
            seen.append(" ".join(statement.split())[:160])

    def statements(path: str, cookie: str) -> list[str]:
        seen.clear()
        answer = client.get(path, headers={"Cookie": cookie})
        if answer.status_code != 200:
            raise RuntimeError(f"in-process GET {path} answered {answer.status_code}")
        return list(seen)

    event.listen(engine, "before_cursor_execute", record)
    client = app.test_client(use_cookies=False)
    try:
        result = {}
        for name, (path, cookie) in pages.items():
            statements(path, cookie)
            fewest = min((statements(path, cookie) for _ in range(2)), key=len)
            result[name] = Queries(len(fewest), fewest)
        return result
    finally:
        event.remove(engine, "before_cursor_execute", record)
        engine.dispose()
