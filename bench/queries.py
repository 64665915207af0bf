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
    """For each page name -> (path, Cookie header): one warm-up GET, then the statements of one more GET.

    SQLite's explicit `BEGIN` (webapp/db.py) is not counted, so both databases give the same numbers.
    """
    app = create_app(bench_config(url))
    engine = database(app).engine
    seen: list[str] = []

    def record(_conn, _cursor, statement: str, *_args) -> None:
        if statement.strip().upper() != "BEGIN":
            seen.append(" ".join(statement.split())[:160])

    event.listen(engine, "before_cursor_execute", record)
    client = app.test_client(use_cookies=False)
    result = {}
    try:
        for name, (path, cookie) in pages.items():
            client.get(path, headers={"Cookie": cookie})
            seen.clear()
            answer = client.get(path, headers={"Cookie": cookie})
            if answer.status_code != 200:
                raise RuntimeError(f"in-process GET {path} answered {answer.status_code}")
            result[name] = Queries(len(seen), list(seen))
    finally:
        event.remove(engine, "before_cursor_execute", record)
        engine.dispose()
    return result
