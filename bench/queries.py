"""SQL statements per page view, counted in-process on the engine with Flask's test client, and on SQLite the work
they make its virtual machine do (instructions run): the same number of statements can still read more rows as the
database grows (a status index instead of the person's own rows), and the steps show it where the count does not."""

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
    sqlite_steps: int | None = None  # SQLite's virtual machine instructions for them (None on PostgreSQL)


def count_queries(url: str, pages: dict[str, tuple[str, str]]) -> dict[str, Queries]:
    """For each page name -> (path, Cookie header): one warm-up GET, then the fewer statements of two more GETs.

    Two, because the session's `last_seen_at` write (webapp/auth/sessions.py) lands on whichever request comes
    first after a minute: not a cost of the page. SQLite's explicit `BEGIN` (webapp/db.py) is not counted either,
    so both databases give the same numbers.
    """
    app = create_app(bench_config(url))
    engine = database(app).engine
    seen: list[str] = []
    steps = [0]
    counted: set[int] = set()  # the DBAPI connections that count SQLite's steps

    def step() -> int:
        steps[0] += 1
        return 0  # go on

    def record(conn, _cursor, statement: str, *_args) -> None:
        raw = conn.connection.dbapi_connection
        if conn.dialect.name == "sqlite" and id(raw) not in counted:
            raw.set_progress_handler(step, 1)
            counted.add(id(raw))
        if statement.strip().upper() != "BEGIN":
            seen.append(" ".join(statement.split())[:160])

    def statements(path: str, cookie: str) -> tuple[list[str], int]:
        seen.clear()
        steps[0] = 0
        answer = client.get(path, headers={"Cookie": cookie})
        if answer.status_code != 200:
            raise RuntimeError(f"in-process GET {path} answered {answer.status_code}")
        return list(seen), steps[0]

    event.listen(engine, "before_cursor_execute", record)
    client = app.test_client(use_cookies=False)
    try:
        result = {}
        for name, (path, cookie) in pages.items():
            statements(path, cookie)
            fewest, work = min((statements(path, cookie) for _ in range(2)), key=lambda seen_work: len(seen_work[0]))
            result[name] = Queries(len(fewest), fewest, work if engine.dialect.name == "sqlite" else None)
        return result
    finally:
        event.remove(engine, "before_cursor_execute", record)
        engine.dispose()
