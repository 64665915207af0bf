"""Server CPU of one page, in-process: quick A/B figures while working on the hot pages.

    .venv/bin/python -m bench.page_cpu                      # every page below, 200 requests each
    .venv/bin/python -m bench.page_cpu --requests 500 --pages plan-samira,home-petra
    .venv/bin/python -m bench.page_cpu --families 1000      # the demo story plus generated families
    .venv/bin/python -m bench.page_cpu --paired             # each page also without the render memo
    .venv/bin/python -m bench.page_cpu --database /tmp/a.db # keep the seeded database for the next run

Seeds a fresh SQLite database with the demo story (`bench.seed`: the same one `make bench` uses), logs the demo
people in through the real forms with Flask's test client, and times each page with `time.thread_time()` (CPU time of
this thread only: no network, no wrk, no other process): a warm-up, then `--requests` GETs in `--batches` batches;
the figure is the median of the batches' per-request CPU, with the fastest and slowest batch beside it. The database
work is in-process too (SQLite), as it is in a gunicorn worker.

What it leaves out, compared with `make bench`: gunicorn's request parsing and the socket. Use it to compare two
versions of the code on the same machine a minute apart, not as the issue's yardstick. On a busy machine the figures
of two runs minutes apart differ by 20-30%: `--paired` alternates batches with and without the render memo
(webapp/i18n/memo.py) in one process, so both halves see the same machine. A kept `--database` grows a little with
each run (access-log rows of the pages visited).
"""

from __future__ import annotations

import argparse
import statistics
import sys
import time
from collections.abc import Callable
from contextlib import ExitStack
from dataclasses import dataclass
from pathlib import Path

import pyotp
from flask import Flask
from flask.testing import FlaskClient
from sqlalchemy import text

from bench.seed import PASSWORD, PETRA, PETRA_TOTP, SAMIRA, bench_config, fresh_database, seed
from bench.web import CSRF
from webapp import create_app
from webapp.db import database
from webapp.i18n import memo

AYSE = "ayse@example.org"

# name -> (who, path); {haddou} and {yilmaz} are the demo families' ids.
PAGES: dict[str, tuple[str, str]] = {
    "plan-samira": (SAMIRA, "/gezinnen/{haddou}/plan"),
    "plan-ayse": (AYSE, "/gezinnen/{yilmaz}/plan"),
    "plan-petra": (PETRA, "/gezinnen/{haddou}/plan"),  # a professional: her read is written to the access log
    "home-petra": (PETRA, "/home"),
    "home-samira": (SAMIRA, "/home"),
    "berichten-samira": (SAMIRA, "/berichten"),
    "berichten-petra": (PETRA, "/berichten"),
    "agenda-samira": (SAMIRA, "/afspraken"),
    "agenda-petra": (PETRA, "/afspraken"),
    "mentor-samira": (SAMIRA, "/mentor"),
    "hulp-samira": (SAMIRA, "/hulp"),  # nearly only the page shell: hooks, base.html, the badge
}
TOTP = {PETRA: PETRA_TOTP}


@dataclass(frozen=True)
class Figure:
    page: str
    median_ms: float
    fastest_ms: float
    slowest_ms: float
    requests: int


def log_in(app: Flask, email: str) -> FlaskClient:
    """A test client logged in as `email` through /login (and the second step for a professional)."""
    client = app.test_client()

    def submit(path: str, form: dict[str, str]) -> str:
        token = CSRF.search(client.get(path).get_data(as_text=True))
        if token is None:
            raise RuntimeError(f"no CSRF token on {path}")
        answer = client.post(path, data={**form, "csrf_token": token.group(1)})
        return answer.headers.get("Location", "")

    where = submit("/login", {"email": email, "password": PASSWORD})
    if where.endswith("/tweestaps/controle"):
        where = submit("/tweestaps/controle", {"code": pyotp.TOTP(TOTP[email]).now()})
    if not where.endswith("/home"):
        raise RuntimeError(f"logging in as {email} ended on {where!r}, not /home")
    return client


def cpu_per_request(get: Callable[[], object], requests: int, batches: int) -> list[float]:
    """CPU ms per request of each batch (thread time: what this thread spent, whatever else the machine does)."""
    per_batch = max(1, requests // batches)
    figures = []
    for _ in range(batches):
        started = time.thread_time()
        for _ in range(per_batch):
            get()
        figures.append((time.thread_time() - started) * 1000 / per_batch)
    return figures


def measure(
    app: Flask, pages: dict[str, tuple[str, str]], requests: int, batches: int, warmup: int, *, paired: bool = False
) -> list[Figure]:
    """Per page: the median CPU ms per request. `paired`: also with the render memo switched off
    (webapp/i18n/memo.py `plain_rendering`), batches alternating, so both see the same machine; the "plain" figure
    is reported as a page of its own."""
    ids = family_ids(app)
    clients: dict[str, FlaskClient] = {}
    found = []
    for name, (who, path) in pages.items():
        client = clients.get(who) or clients.setdefault(who, log_in(app, who))
        url = path.format(**ids)

        def get(client=client, url=url, who=who) -> None:
            answer = client.get(url)
            if answer.status_code != 200:
                raise RuntimeError(f"GET {url} as {who} answered {answer.status_code}")

        for _ in range(warmup):
            get()
        if not paired:
            figures = cpu_per_request(get, requests, batches)
            found.append(Figure(name, statistics.median(figures), min(figures), max(figures), requests))
            continue
        memoised, plain = [], []
        for _ in range(batches):
            memoised += cpu_per_request(get, requests // batches, 1)
            with memo.plain_rendering(app):
                plain += cpu_per_request(get, requests // batches, 1)
        for label, figures in ((name, memoised), (f"{name} (plain)", plain)):
            found.append(Figure(label, statistics.median(figures), min(figures), max(figures), requests))
    return found


def family_ids(app: Flask) -> dict[str, int]:
    with database(app).engine.connect() as connection:
        rows = connection.execute(text("SELECT name, id FROM family WHERE name IN ('Haddou', 'Yılmaz')")).all()
    names = dict(rows)
    return {"haddou": names["Haddou"], "yilmaz": names["Yılmaz"]}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--requests", type=int, default=200, help="timed GETs per page (default 200)")
    parser.add_argument("--batches", type=int, default=10, help="the requests in this many batches (default 10)")
    parser.add_argument("--warmup", type=int, default=20, help="untimed GETs per page first (default 20)")
    parser.add_argument("--families", type=int, default=0, help="generated families besides the demo story")
    parser.add_argument("--pages", default=",".join(PAGES), help="comma-separated, from: " + ", ".join(PAGES))
    parser.add_argument(
        "--database", help="an SQLite file to keep between runs (seeded when new): A/B without reseeding"
    )
    parser.add_argument("--paired", action="store_true", help="also without the render memo, batches alternating")
    args = parser.parse_args(argv)
    chosen = {name: PAGES[name] for name in args.pages.split(",") if name}
    with ExitStack() as stack:
        if args.database:
            url = f"sqlite:///{Path(args.database).resolve()}"
            if not Path(args.database).exists():
                seed(url, args.families)
        else:
            url = stack.enter_context(fresh_database("sqlite"))
            seed(url, args.families)
        app = create_app(bench_config(url))
        try:
            figures = measure(app, chosen, args.requests, args.batches, args.warmup, paired=args.paired)
        finally:
            database(app).engine.dispose()
    print(f"server CPU per request, in-process ({args.requests} GETs in {args.batches} batches, median of batches)")
    print(f"{'page':<28} {'ms':>7} {'min':>7} {'max':>7}")
    for figure in figures:
        print(f"{figure.page:<28} {figure.median_ms:7.2f} {figure.fastest_ms:7.2f} {figure.slowest_ms:7.2f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
