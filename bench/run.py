"""OnsPlan's benchmark: `python -m bench.run [--sizes 10,1000,10000] [--duration 10] [--skip-lighthouse]`.

For each size: seed a fresh database, serve OnsPlan with gunicorn, log in as Samira and Petra through the real
forms, load their pages and the bare route with wrk, and count SQL statements per page in-process. On the largest
size also weigh the plan page's first visit and run Lighthouse on it. Results: stdout, bench-results/latest.md and
bench-results/latest.json.
"""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
import time
from datetime import UTC, datetime
from pathlib import Path

from bench import bare_app, lighthouse
from bench.queries import count_queries
from bench.report import Page, Report, Size
from bench.seed import PASSWORD, PETRA, PETRA_TOTP, SAMIRA, SECRET_KEY, fresh_database, seed
from bench.web import gunicorn, log_in
from bench.weight import first_visit
from bench.wrk import measure
from webapp.config import PROJECT_ROOT

# The pages under load: name -> (who looks, label, path); {family_id} is Samira's family (Haddou).
PAGES = {
    "plan": ("samira", "plan page (Samira)", "/gezinnen/{family_id}/plan"),
    "caseload": ("petra", "caseload (Petra, {caseload} families)", "/home"),
    "mentor": ("samira", "Mijn mentor (Samira)", "/mentor"),
    "agenda": ("petra", "afspraken (Petra, her caseload's)", "/afspraken"),
}
USERS = {"samira": (SAMIRA, None), "petra": (PETRA, PETRA_TOTP)}
RESULTS = PROJECT_ROOT / "bench-results"


def parse_args(argv: list[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(prog="python -m bench.run", description=__doc__.split("\n", 1)[0])
    parser.add_argument("--sizes", default="10,1000,10000", help="numbers of generated families (default: %(default)s)")
    parser.add_argument("--duration", type=int, default=10, help="seconds of wrk per page (default: %(default)s)")
    parser.add_argument("--skip-lighthouse", action="store_true")
    parser.add_argument("--database", choices=("sqlite", "postgres"), default="sqlite")
    args = parser.parse_args(argv)
    args.sizes = [int(size.replace("_", "")) for size in args.sizes.split(",")]
    return args


def main(argv: list[str] | None = None) -> int:
    args = parse_args(argv)
    started = time.perf_counter()
    now = datetime.now(UTC).strftime("%Y-%m-%d %H:%M UTC")
    report = Report(now, args.database, os.cpu_count() or 0, os.getloadavg()[0], args.duration)
    with tempfile.TemporaryDirectory(prefix="onsplan-bench-") as tmp:
        workdir = Path(tmp)
        bare_db = workdir / "bare.db"
        bare_app.prepare(str(bare_db))
        bare_env = {"BENCH_BARE_DB": str(bare_db)}
        with gunicorn("bench.bare_app:create_app()", bare_env, workdir / "bare.log") as bare:
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
    report: Report, url: str, families: int, bare: str, workdir: Path, args: argparse.Namespace, weigh: bool
) -> Size:
    seeded = seed(url, families)
    say(f"{families:,} families: seeded {sum(seeded.rows.values()):,} rows in {seeded.seconds:.1f} s")
    env = {"DATABASE_URL": url, "SECRET_KEY": SECRET_KEY, "DEMO": "1", "INSECURE_COOKIES": "1"}
    with gunicorn("webapp:create_app()", env, workdir / f"onsplan-{families}.log", ready_path="/login") as base:
        browsers = {who: log_in(base, email, PASSWORD, totp) for who, (email, totp) in USERS.items()}
        paths = {name: path.format(family_id=seeded.plan_family_id) for name, (_, _, path) in PAGES.items()}
        pages = {"bare": Page("bare Flask route, 20 rows", "/", measure(bare + "/", "", args.duration), None)}
        say(f"  bare route: {pages['bare'].load.requests_per_s:,.0f} req/s")
        loads = {}
        for name, (who, _, _) in PAGES.items():
            loads[name] = measure(base + paths[name], browsers[who].cookie, args.duration)
            say(f"  {name} {paths[name]}: {loads[name].requests_per_s:,.0f} req/s")
        if weigh:
            report.weight = first_visit(base + paths["plan"], browsers["samira"].cookie)
            if not args.skip_lighthouse:
                say("  lighthouse ...")
                report.lighthouse = lighthouse.run(base + paths["plan"], browsers["samira"].cookie)
    queries = count_queries(url, {name: (paths[name], browsers[who].cookie) for name, (who, _, _) in PAGES.items()})
    for name, (_, label, _) in PAGES.items():
        pages[name] = Page(label.format(caseload=seeded.caseload), paths[name], loads[name], queries[name])
    return Size(families, seeded.seconds, sum(seeded.rows.values()), seeded.caseload, pages)


def say(text: str) -> None:
    print(text, flush=True)


if __name__ == "__main__":
    sys.exit(main())
