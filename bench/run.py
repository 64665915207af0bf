"""OnsPlan's benchmark: `python -m bench.run [--sizes 10,1000,10000] [--duration 5] [--skip-lighthouse]`.

For each size: seed a fresh database, serve OnsPlan with gunicorn (production's config, webapp/gunicorn_conf.py),
log in as Samira and Petra through the real forms, load their pages and the two yardsticks (bench/bare_app.py) with
wrk in rounds (every page once per round, `--repeats` rounds), read the workers' CPU time around each run, and count
SQL statements per page in-process. On the largest size also weigh the plan page's first visit and run Lighthouse on
it. Results: stdout, bench-results/latest.md and bench-results/latest.json.
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import tempfile
import time
from datetime import UTC, datetime
from pathlib import Path

from bench import bare_app, lighthouse
from bench.cpu import reference_ms, wait_for_children
from bench.queries import count_queries
from bench.report import Page, Report, Size
from bench.seed import PASSWORD, PETRA, PETRA_TOTP, SAMIRA, SECRET_KEY, fresh_database, seed
from bench.web import Browser, Server, gunicorn, log_in
from bench.weight import first_visit
from bench.wrk import Run, measure, warm_up
from webapp import gunicorn_conf
from webapp.config import PROJECT_ROOT

# The pages under load: name -> (who looks, label, path); {family_id} is Samira's family (Haddou).
PAGES = {
    "plan": ("samira", "plan page (Samira)", "/gezinnen/{family_id}/plan"),
    "caseload": ("petra", "caseload (Petra, {caseload} families)", "/home"),
    "mentor": ("samira", "Mijn mentor (Samira)", "/mentor"),
    "agenda": ("petra", "afspraken (Petra, her caseload's)", "/afspraken"),
    "berichten": ("petra", "berichten (Petra, her caseload's; polls every 10 s)", "/berichten"),
}
YARDSTICKS = {
    "bare": ("bare Flask route, 20 rows", "/"),
    "login": ("bare route + login, CSRF, 1 translation", "/ingelogd"),
}
USERS = {"samira": (SAMIRA, None), "petra": (PETRA, PETRA_TOTP)}
RESULTS = PROJECT_ROOT / "bench-results"


def parse_args(argv: list[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(prog="python -m bench.run", description=__doc__.split("\n", 1)[0])
    parser.add_argument("--sizes", default="10,1000,10000", help="numbers of generated families (default: %(default)s)")
    parser.add_argument("--duration", type=int, default=5, help="seconds of one wrk run (default: %(default)s)")
    parser.add_argument("--repeats", type=int, default=3, help="rounds over every page; the median is reported")
    parser.add_argument("--skip-lighthouse", action="store_true")
    parser.add_argument("--database", choices=("sqlite", "postgres"), default="sqlite")
    serving = parser.add_argument_group("serving", "override webapp/gunicorn_conf.py, to compare set-ups")
    serving.add_argument("--workers", type=int, help=f"gunicorn workers (config: {gunicorn_conf.workers})")
    serving.add_argument("--worker-class", choices=("sync", "gthread"), help=f"(config: {gunicorn_conf.worker_class})")
    serving.add_argument("--threads", type=int, help="threads per gthread worker")
    args = parser.parse_args(argv)
    args.sizes = [int(size.replace("_", "")) for size in args.sizes.split(",")]
    args.serving = serving_options(args)
    return args


def serving_options(args: argparse.Namespace) -> tuple[str, ...]:
    options: list[str] = []
    for flag, value in (
        ("--workers", args.workers),
        ("--worker-class", args.worker_class),
        ("--threads", args.threads),
    ):
        if value is not None:
            options += [flag, str(value)]
    return tuple(options)


def serving_label(args: argparse.Namespace) -> str:
    workers = args.workers or gunicorn_conf.workers
    kind = args.worker_class or gunicorn_conf.worker_class
    threads = f" × {args.threads or 1} threads" if kind == "gthread" else ""
    overridden = f" (command line: {' '.join(args.serving)})" if args.serving else ""
    return f"webapp/gunicorn_conf.py: {workers} {kind} workers{threads}{overridden}"


def main(argv: list[str] | None = None) -> int:
    args = parse_args(argv)
    started = time.perf_counter()
    now = datetime.now(UTC).strftime("%Y-%m-%d %H:%M UTC")
    report = Report(now, args.database, os.cpu_count() or 0, os.getloadavg()[0], args.duration, args.repeats)
    report.serving = serving_label(args)
    with tempfile.TemporaryDirectory(prefix="onsplan-bench-") as tmp:
        workdir = Path(tmp)
        bare_db = workdir / "bare.db"
        bare_app.prepare(str(bare_db))
        bare_env = {"BENCH_BARE_DB": str(bare_db)}
        with gunicorn("bench.bare_app:create_app()", bare_env, workdir / "bare.log", serving=args.serving) as bare:
            wait_for_children(bare.pid, args.workers or gunicorn_conf.workers)
            for size in args.sizes:
                with fresh_database(args.database) as url:
                    weigh = size == args.sizes[-1]
                    report.sizes.append(bench_size(report, url, size, bare, workdir, args, weigh))
    report.seconds = time.perf_counter() - started
    report.write(RESULTS)
    print("\n" + report.markdown())
    print(f"Written: {RESULTS.relative_to(PROJECT_ROOT)}/latest.md and latest.json")
    return 0


def bench_size(
    report: Report, url: str, families: int, bare: Server, workdir: Path, args: argparse.Namespace, weigh: bool
) -> Size:
    seeded = seed(url, families)
    say(f"{families:,} families: seeded {sum(seeded.rows.values()):,} rows in {seeded.seconds:.1f} s")
    env = {"DATABASE_URL": url, "SECRET_KEY": SECRET_KEY, "DEMO": "1", "INSECURE_COOKIES": "1"}
    log = workdir / f"onsplan-{families}.log"
    with gunicorn("webapp:create_app()", env, log, ready_path="/login", serving=args.serving) as server:
        wait_for_children(server.pid, args.workers or gunicorn_conf.workers)
        base = server.base
        browsers = {who: log_in(base, email, PASSWORD, totp) for who, (email, totp) in USERS.items()}
        paths = {name: path.format(family_id=seeded.plan_family_id) for name, (_, _, path) in PAGES.items()}
        # name -> (URL, Cookie header, the gunicorn that serves it)
        targets = {
            "bare": (bare.base + "/", "", bare),
            "login": (bare.base + "/ingelogd", bare_login(bare), bare),
        }
        targets |= {name: (base + paths[name], browsers[who].cookie, server) for name, (who, _, _) in PAGES.items()}
        for target, cookie, _ in targets.values():
            warm_up(target, cookie)
        runs: dict[str, list[Run]] = {name: [] for name in targets}
        for round_ in range(1, args.repeats + 1):
            report.reference_ms.append(statistics.median(reference_ms() for _ in range(5)))
            for name, (target, cookie, serving) in targets.items():
                runs[name].append(run := measure(target, cookie, args.duration, serving))
                say(
                    f"  round {round_} {name}: {run.server_cpu_ms:.2f} ms CPU/req, {run.load.requests_per_s:,.0f} req/s, "
                    f"busiest worker {run.worker_shares[0] if run.worker_shares else 0:.0%}"
                )
        if weigh:
            report.weight = first_visit(base + paths["plan"], browsers["samira"].cookie)
            if not args.skip_lighthouse:
                say("  lighthouse ...")
                report.lighthouse = lighthouse.run(base + paths["plan"], browsers["samira"].cookie)
    load_average = os.getloadavg()[0]
    queries = count_queries(url, {name: (paths[name], browsers[who].cookie) for name, (who, _, _) in PAGES.items()})
    pages = {name: Page(label, path, runs[name], None) for name, (label, path) in YARDSTICKS.items()}
    for name, (_, label, _) in PAGES.items():
        pages[name] = Page(label.format(caseload=seeded.caseload), paths[name], runs[name], queries[name])
    return Size(families, seeded.seconds, sum(seeded.rows.values()), seeded.caseload, pages, load_average)


def bare_login(bare: Server) -> str:
    """Log in on the yardstick app and open its page once, so the session cookie already holds the CSRF secret."""
    browser = Browser(bare.base)
    browser.request("/inloggen", {})
    browser.request("/ingelogd")
    return browser.cookie


def say(text: str) -> None:
    print(text, flush=True)


if __name__ == "__main__":
    sys.exit(main())
