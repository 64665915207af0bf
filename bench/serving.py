"""Which gunicorn set-up serves OnsPlan best: `python -m bench.serving [--duration 3] [--repeats 3] [--families 10]`.

Paired runs: every set-up (SETUPS) serves the yardstick app and OnsPlan at the same time, and the wrk runs alternate
between set-ups within each round, so whatever else the machine is doing hits every set-up alike. For each set-up
and page: server CPU ms per request, req/s, p99 and the busiest worker's share of the CPU (each the median of the
rounds, with min–max). The choice in webapp/gunicorn_conf.py and the README's deployment section come from this.
Results: stdout and bench-results/serving.md.
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import tempfile
from contextlib import ExitStack
from datetime import UTC, datetime
from pathlib import Path

from bench import bare_app
from bench.cpu import Spread, reference_ms, wait_for_children
from bench.run import RESULTS, bare_login, say
from bench.seed import PASSWORD, SAMIRA, SECRET_KEY, fresh_database, seed
from bench.web import Server, gunicorn, log_in
from bench.wrk import Run, measure, warm_up
from webapp.config import PROJECT_ROOT

CORES = len(os.sched_getaffinity(0))
# name -> (gunicorn command-line options over webapp/gunicorn_conf.py, number of worker processes, every request on a
# new connection). Sync workers close the connection after each answer anyway; the last set-up shows what gthread
# costs behind a proxy that opens a connection per request (nginx's default towards its upstream).
SETUPS = {
    f"sync × {2 * CORES}": (("--worker-class", "sync", "--workers", str(2 * CORES)), 2 * CORES, False),
    "gthread 2 × 4 threads (until now)": (("--worker-class", "gthread", "--workers", "2", "--threads", "4"), 2, False),
    f"gthread {2 * CORES} × 2 threads": (
        ("--worker-class", "gthread", "--workers", str(2 * CORES), "--threads", "2"),
        2 * CORES,
        False,
    ),
    f"gthread {2 * CORES} × 2 threads, Connection: close": (
        ("--worker-class", "gthread", "--workers", str(2 * CORES), "--threads", "2"),
        2 * CORES,
        True,
    ),
}
PAGES = {
    "bare": "bare route, 20 rows",
    "login": "bare route + login, CSRF, 1 translation",
    "plan": "plan page (Samira)",
}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.serving", description=__doc__.split("\n", 1)[0])
    parser.add_argument("--duration", type=int, default=3, help="seconds of one wrk run (default: %(default)s)")
    parser.add_argument("--repeats", type=int, default=3, help="rounds (default: %(default)s)")
    parser.add_argument("--families", type=int, default=10, help="generated families (default: %(default)s)")
    args = parser.parse_args(argv)
    started = datetime.now(UTC).strftime("%Y-%m-%d %H:%M UTC")
    load_before = os.getloadavg()[0]
    runs: dict[tuple[str, str], list[Run]] = {}
    references: list[float] = []
    with tempfile.TemporaryDirectory(prefix="onsplan-serving-") as tmp, ExitStack() as stack:
        workdir = Path(tmp)
        bare_db = workdir / "bare.db"
        bare_app.prepare(str(bare_db))
        url = stack.enter_context(fresh_database("sqlite"))
        seeded = seed(url, args.families)
        env = {"DATABASE_URL": url, "SECRET_KEY": SECRET_KEY, "DEMO": "1", "INSECURE_COOKIES": "1"}
        targets: dict[tuple[str, str], tuple[str, str, Server, bool]] = {}
        for n, (setup, (options, workers, close)) in enumerate(SETUPS.items()):
            bare = stack.enter_context(
                gunicorn(
                    "bench.bare_app:create_app()",
                    {"BENCH_BARE_DB": str(bare_db)},
                    workdir / f"b{n}.log",
                    serving=options,
                )
            )
            onsplan = stack.enter_context(
                gunicorn("webapp:create_app()", env, workdir / f"o{n}.log", ready_path="/login", serving=options)
            )
            wait_for_children(bare.pid, workers)
            wait_for_children(onsplan.pid, workers)
            samira = log_in(onsplan.base, SAMIRA, PASSWORD)
            plan = f"{onsplan.base}/gezinnen/{seeded.plan_family_id}/plan"
            targets[setup, "bare"] = (bare.base + "/", "", bare, close)
            targets[setup, "login"] = (bare.base + "/ingelogd", bare_login(bare), bare, close)
            targets[setup, "plan"] = (plan, samira.cookie, onsplan, close)
        for target, cookie, _, _ in targets.values():
            warm_up(target, cookie)
        for round_ in range(1, args.repeats + 1):
            references.append(statistics.median(reference_ms() for _ in range(5)))
            for page in PAGES:
                for setup in SETUPS:
                    target, cookie, server, close = targets[setup, page]
                    run = measure(target, cookie, args.duration, server, close=close)
                    runs.setdefault((setup, page), []).append(run)
                    say(
                        f"round {round_} {setup} {page}: {run.server_cpu_ms:.2f} ms CPU/req, "
                        f"{run.load.requests_per_s:,.0f} req/s, busiest worker {run.worker_shares[0]:.0%}"
                    )
    text = markdown(started, args, load_before, os.getloadavg()[0], references, runs)
    RESULTS.mkdir(exist_ok=True)
    (RESULTS / "serving.md").write_text(text)
    print("\n" + text)
    print(f"Written: {(RESULTS / 'serving.md').relative_to(PROJECT_ROOT)}")
    return 0


def markdown(
    started: str,
    args: argparse.Namespace,
    load_before: float,
    load_after: float,
    references: list[float],
    runs: dict[tuple[str, str], list[Run]],
) -> str:
    reference = Spread.of(references)
    lines = [
        f"## gunicorn set-ups compared, {started}",
        "",
        f"{CORES} cores; load average {load_before:.1f} at the start, {load_after:.1f} at the end; "
        f"{args.families} generated families (SQLite); wrk 2 threads, 16 connections, {args.duration} s per run, "
        f"{args.repeats} rounds alternating between set-ups; reference loop {reference.median:.1f} ms "
        f"({reference.low:.1f}–{reference.high:.1f}). Each figure: the median of the rounds (min–max).",
        "",
        "| set-up | page | server CPU ms/req | req/s | p99 ms | busiest worker |",
        "|---|---|---:|---:|---:|---:|",
    ]
    for page, label in PAGES.items():
        for setup in SETUPS:
            page_runs = runs[setup, page]
            cpu = Spread.of(r.server_cpu_ms for r in page_runs)
            rate = Spread.of(r.load.requests_per_s for r in page_runs)
            p99 = Spread.of(r.load.p99_ms for r in page_runs)
            busiest = Spread.of(r.worker_shares[0] for r in page_runs)
            lines.append(
                f"| {setup} | {label} | {cpu.median:.2f} ({cpu.low:.2f}–{cpu.high:.2f}) "
                f"| {rate.median:,.0f} ({rate.low:,.0f}–{rate.high:,.0f}) | {p99.median:.1f} "
                f"| {busiest.median:.0%} ({busiest.low:.0%}–{busiest.high:.0%}) |"
            )
    return "\n".join(lines) + "\n"


if __name__ == "__main__":
    sys.exit(main())
