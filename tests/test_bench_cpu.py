"""The bench's yardstick: server CPU per request from /proc, medians of repeated runs, the report, the gunicorn config
and the logged-in bare route."""

from __future__ import annotations

import argparse
import gc
import importlib
import math
import os
import shutil
import subprocess
import sys
import time
from pathlib import Path

import pytest

from bench import bare_app
from bench.cpu import (
    Spread,
    children,
    cpu_between,
    parse_stat,
    read_stat,
    reference_ms,
    served,
    settle,
    wait_for_children,
    worker_ticks,
)
from bench.queries import Queries
from bench.report import Page, Report, Size
from bench.serving import PAGES, SETUPS, markdown
from bench.web import fetch, gunicorn
from bench.wrk import Load, Run, measure, parse_wrk
from webapp import gc_tuning, gunicorn_conf

# A real line of /proc/<pid>/stat (a gunicorn worker: utime 1234, stime 56), with the fields the kernel writes.
WORKER_STAT = (
    "4242 (gunicorn: worker [webapp:create_app()]) S 4200 4200 13264 0 -1 4194560 9123 0 0 0 1234 56 0 0 20 0 1 0 "
    "1151406 123133440 18388 18446744073709551615 1 1 0 0 0 0 0 16781312 16386 0 0 0 17 1 0 0 0 0 0"
)


def stat_line(pid: int, ppid: int, utime: int, stime: int, name: str = "python") -> str:
    return (
        f"{pid} ({name}) S {ppid} {ppid} 0 0 -1 4194560 100 0 0 0 {utime} {stime} 0 0 20 0 1 0 1000 100000 100 "
        "18446744073709551615 1 1 0 0 0 0 0 0 0 0 0 0 17 0 0 0 0 0 0\n"
    )


def fake_proc(root: Path, processes: dict[int, tuple[int, int, int]]) -> Path:
    """A /proc-shaped folder: pid -> (ppid, utime, stime), plus entries that are not processes."""
    for pid, (ppid, utime, stime) in processes.items():
        (root / str(pid)).mkdir(exist_ok=True)
        (root / str(pid) / "stat").write_text(stat_line(pid, ppid, utime, stime))
    (root / "self").mkdir(exist_ok=True)
    (root / "uptime").write_text("1.0 2.0\n")
    return root


def run(cpu_ms: float, rps: float, shares: tuple[float, ...] = (0.5, 0.5), errors: int = 0) -> Run:
    return Run(Load(rps, 4.0, 12.0, int(rps * 5), errors), cpu_ms, int(rps * 5), shares, 1.0)


# --- /proc/<pid>/stat ---


def test_a_stat_line_gives_pid_parent_and_user_plus_system_ticks():
    stat = parse_stat(WORKER_STAT)
    assert (stat.pid, stat.ppid, stat.ticks) == (4242, 4200, 1234 + 56)


def test_a_command_name_with_spaces_and_parentheses_does_not_shift_the_fields():
    stat = parse_stat(stat_line(7, 3, 10, 5, name="a) b (c) S 99 99"))
    assert (stat.pid, stat.ppid, stat.ticks) == (7, 3, 15)


@pytest.mark.parametrize("text", ["", "garbage", "12 (short) S 1 2 3"])
def test_a_line_that_is_not_a_stat_line_is_refused(text):
    with pytest.raises(ValueError):
        parse_stat(text)


def test_the_real_proc_counts_this_process_cpu_and_finds_its_children():
    before = read_stat(os.getpid())
    deadline = time.process_time() + 0.1
    while time.process_time() < deadline:
        pass
    after = read_stat(os.getpid())
    assert before and after and after.ticks - before.ticks >= 5  # ~10 ticks of 10 ms burnt
    child = subprocess.Popen([sys.executable, "-c", "import time; time.sleep(30)"])
    try:
        assert child.pid in children(os.getpid())
        assert wait_for_children(os.getpid(), len(children(os.getpid())), timeout=5)
    finally:
        child.kill()
        child.wait()


def test_a_process_that_is_gone_reads_as_none(tmp_path):
    assert read_stat(999_999, fake_proc(tmp_path, {})) is None


def test_worker_ticks_are_the_children_of_the_arbiter_only(tmp_path):
    proc = fake_proc(tmp_path, {100: (1, 50, 5), 101: (100, 700, 30), 102: (100, 10, 2), 200: (1, 999, 9)})
    assert children(100, proc) == [101, 102]
    assert worker_ticks(100, proc) == {101: 730, 102: 12}


def test_waiting_for_workers_that_never_come_gives_up(tmp_path):
    proc = fake_proc(tmp_path, {100: (1, 0, 0), 101: (100, 0, 0)})
    with pytest.raises(RuntimeError, match="1 workers, not 2"):
        wait_for_children(100, 2, timeout=0.2, proc=proc)


# --- CPU between two readings ---


def test_cpu_between_sums_every_worker_and_divides_by_the_requests():
    use = cpu_between({1: 100, 2: 200}, {1: 400, 2: 300}, ticks_per_s=100)
    assert use.seconds == pytest.approx(4.0)
    assert use.per_worker == pytest.approx((0.75, 0.25))
    assert use.ms_per_request(2000) == pytest.approx(2.0)


def test_one_worker_doing_everything_shows_as_a_share_of_one():
    use = cpu_between({1: 100, 2: 200}, {1: 100, 2: 600}, ticks_per_s=100)
    assert use.per_worker == (1.0, 0.0)


def test_no_requests_gives_no_figure_instead_of_a_division_error():
    assert math.isnan(cpu_between({1: 0}, {1: 0}).ms_per_request(0))


def test_a_worker_restarted_during_the_run_makes_the_figure_refused():
    with pytest.raises(RuntimeError, match="workers changed"):
        cpu_between({1: 100, 2: 200}, {1: 400, 3: 10})


# --- the median of repeated runs ---


def test_spread_is_the_median_with_min_and_max():
    figure = Spread.of([2.6, 2.1, 2.3])
    assert (figure.median, figure.low, figure.high) == (2.3, 2.1, 2.6)
    assert figure.values == (2.6, 2.1, 2.3)
    assert figure.relative_range == pytest.approx(0.5 / 2.3)


def test_spread_of_an_even_number_of_runs_takes_the_middle_two():
    assert Spread.of([1.0, 4.0, 2.0, 3.0]).median == 2.5


def test_spread_of_nothing_is_refused():
    with pytest.raises(ValueError):
        Spread.of([])


# --- wrk's output ---

WRK_OUTPUT = """Running 5s test @ http://127.0.0.1:40123/
  2 threads and 16 connections
  Thread Stats   Avg      Stdev     Max   +/- Stdev
    Latency     5.12ms    1.03ms  21.40ms   80.00%
    Req/Sec     1.57k   110.12     1.80k    70.00%
  Latency Distribution
     50%    4.98ms
     75%    5.50ms
     90%    6.20ms
     99%   10.40ms
  15690 requests in 5.01s, 9.00MB read
  Non-2xx or 3xx responses: 3
Requests/sec:   3131.74
Transfer/sec:      1.80MB
"""


def test_wrk_output_gives_rate_latencies_requests_and_errors():
    load = parse_wrk(WRK_OUTPUT)
    assert load == Load(3131.74, 4.98, 10.40, 15690, 3)


def test_wrk_output_without_latencies_is_refused():
    with pytest.raises(RuntimeError, match="could not read"):
        parse_wrk("Requests/sec: 1.0\n")


# --- the report ---


def size_with(pages: dict[str, list[Run]]) -> Size:
    built = {name: Page(name, f"/{name}", runs, None) for name, runs in pages.items()}
    return Size(1000, 3.0, 123_456, 42, built, load_average=1.5)


def test_a_page_reports_the_median_of_its_runs_and_every_error():
    page = Page("plan", "/plan", [run(9.0, 200), run(8.0, 230, errors=1), run(12.0, 180, (1.0, 0.0))], None)
    assert (page.cpu_ms.median, page.cpu_ms.low, page.cpu_ms.high) == (9.0, 8.0, 12.0)
    assert page.requests_per_s.median == 200
    assert page.busiest_worker.high == 1.0
    assert page.errors == 1


def test_our_cpu_is_the_page_minus_the_logged_in_yardstick_and_shares_compare_cpu():
    size = size_with(
        {
            "bare": [run(0.5, 3000)] * 3,
            "login": [run(1.0, 1800)] * 3,
            "plan": [run(9.0, 210), run(10.0, 190), run(9.5, 200)],
        }
    )
    assert size.own_cpu_ms("plan") == pytest.approx(8.5)
    assert size.cpu_share("plan", "bare") == pytest.approx(0.5 / 9.5)
    assert size.cpu_share("plan", "login") == pytest.approx(1.0 / 9.5)
    assert size.ratio("plan") == pytest.approx(200 / 3000)


def test_the_markdown_shows_cpu_spread_yardsticks_and_the_cpu_targets(tmp_path):
    pages = {"bare": [run(0.5, 3000)] * 3, "login": [run(1.0, 1800)] * 3}
    pages |= {name: [run(ms, 200), run(ms + 0.2, 190), run(ms - 0.1, 210)] for name, ms in [("plan", 1.9)]}
    pages |= {"caseload": [run(4.0, 150)] * 3, "mentor": [run(2.0, 300)] * 3, "agenda": [run(2.5, 250)] * 3}
    report = Report("2026-12-02 10:00 UTC", "sqlite", 2, 0.4, 5, 3, "webapp/gunicorn_conf.py: 4 sync workers")
    report.sizes.append(size_with(pages))
    text = report.markdown()
    assert "4 sync workers" in text
    assert "load average 0.4 at the start, 1.5 after each size" in text
    assert "| 1.90 (1.80–2.10) | 0.90 |" in text  # plan: median (min–max), then our CPU beyond the login route
    targets = {target: met for target, _, met in report.targets()}
    assert targets["plan: ≤ 2.0 ms server CPU per request"] is True
    assert targets["caseload: ≤ 3.5 ms server CPU per request"] is False
    assert targets["plan page ≥ 35% of the bare route's req/s"] is False
    report.write(tmp_path)
    assert '"cpu_ms"' in (tmp_path / "latest.json").read_text()


def test_a_slow_day_is_read_at_the_quiet_speed_by_the_bare_route_of_the_same_rounds(tmp_path):
    """The machine at half speed: the bare route costs 1.36 ms instead of 0.68, so does every page twice."""
    pages = {"bare": [run(1.36, 1500)] * 3, "login": [run(2.4, 900)] * 3, "plan": [run(3.8, 300)] * 3}
    pages |= {"caseload": [run(7.4, 150)] * 3, "mentor": [run(5.0, 200)] * 3, "agenda": [run(6.2, 180)] * 3}
    report = Report("2026-12-03 23:00 UTC", "sqlite", 2, 0.4, 5, 3, "webapp/gunicorn_conf.py: 4 sync workers")
    report.sizes.append(size_with(pages))
    quiet = {name: (target, figures) for name, target, figures in report.at_quiet_speed()}
    assert quiet["plan"] == (2.0, [pytest.approx(1.9)])
    assert quiet["caseload"] == (3.5, [pytest.approx(3.7)])
    text = report.markdown()
    assert "| plan | 2.0 | 1.90 | yes |" in text and "| caseload | 3.5 | 3.70 | no |" in text
    targets = {target: met for target, _, met in report.targets()}
    assert targets["plan: ≤ 2.0 ms server CPU per request"] is False  # the targets themselves stay measured
    report.write(tmp_path)
    assert '"at_quiet_speed"' in (tmp_path / "latest.json").read_text()


# --- the gunicorn config ---


def test_the_config_runs_two_sync_workers_per_core_unless_told_otherwise(monkeypatch):
    monkeypatch.delenv("WEB_CONCURRENCY", raising=False)
    config = importlib.reload(gunicorn_conf)
    assert config.worker_class == "sync"
    assert config.workers == 2 * len(os.sched_getaffinity(0))
    monkeypatch.setenv("WEB_CONCURRENCY", "3")
    assert importlib.reload(gunicorn_conf).workers == 3
    monkeypatch.delenv("WEB_CONCURRENCY")
    importlib.reload(gunicorn_conf)


def test_the_worker_hooks_raise_the_gen0_threshold_and_freeze_what_the_app_loaded():
    threshold = gc.get_threshold()
    gc.set_threshold(700, 10, 10)
    kept = [[] for _ in range(1000)]  # loaded since the test run froze what it had (tests/conftest.py)
    frozen = gc.get_freeze_count()
    try:
        gunicorn_conf.post_fork(None, None)
        assert gc.get_threshold() == gc_tuning.GC_THRESHOLD
        gunicorn_conf.post_worker_init(None)
        assert gc.get_freeze_count() > frozen
    finally:
        gc.set_threshold(*threshold)
    assert kept


# --- the yardsticks, served as the bench serves them ---


@pytest.fixture
def bare_client(tmp_path, monkeypatch):
    bare_app.prepare(str(tmp_path / "bare.db"))
    monkeypatch.setenv("BENCH_BARE_DB", str(tmp_path / "bare.db"))
    return bare_app.create_app().test_client()


def test_the_bare_route_lists_twenty_rows(bare_client):
    page = bare_client.get("/").get_data(as_text=True)
    assert page.count("<li>") == bare_app.ROWS


def test_the_logged_in_yardstick_needs_the_login(bare_client):
    assert bare_client.get("/ingelogd").status_code == 401


def test_the_logged_in_yardstick_translates_loads_the_user_and_carries_a_csrf_token(bare_client):
    assert bare_client.post("/inloggen").status_code == 204
    page = bare_client.get("/ingelogd").get_data(as_text=True)
    assert "<title>Giriş yap</title>" in page  # "Inloggen" from OnsPlan's Turkish catalogue
    assert "<p>Samira</p>" in page
    assert 'name="csrf_token" value="' in page
    assert page.count("<li>") == bare_app.ROWS


def test_gunicorn_with_the_config_serves_and_its_workers_cpu_is_counted(tmp_path):
    bare_app.prepare(str(tmp_path / "bare.db"))
    env = {"BENCH_BARE_DB": str(tmp_path / "bare.db")}
    with gunicorn("bench.bare_app:create_app()", env, tmp_path / "gunicorn.log", serving=("--workers", "2")) as server:
        workers = wait_for_children(server.pid, 2)
        before = worker_ticks(server.pid)
        counted = served(server.counters, workers)
        for _ in range(150):
            assert fetch(server.base + "/").status == 200
        after = worker_ticks(server.pid)
        assert sum(settle(server.counters, workers).values()) - sum(counted.values()) == 150
        if shutil.which("wrk"):
            measured = measure(server.base + "/", "", 1, server, close=True)
            assert measured.load.requests > 0 and measured.load.errors == 0
            assert measured.load.requests <= measured.served <= measured.load.requests + 16  # in flight at the end
            assert measured.server_cpu_ms > 0 and len(measured.worker_shares) == 2
    assert set(before) == set(workers)
    use = cpu_between(before, after)
    assert 0 < use.ms_per_request(150) < 100


def test_the_reference_loop_takes_measurable_cpu_time():
    assert 1 < reference_ms() < 2000


def test_the_serving_comparison_lists_every_set_up_for_every_page():
    runs = {(setup, page): [run(1.0, 500), run(1.2, 450), run(0.9, 520)] for setup in SETUPS for page in PAGES}
    args = argparse.Namespace(families=10, duration=3, repeats=3)
    text = markdown("2026-12-02 10:00 UTC", args, 0.5, 0.7, [30.0, 31.0, 29.0], runs)
    assert text.count("| 1.00 (0.90–1.20) | 500 (450–520) |") == len(SETUPS) * len(PAGES)
    assert "reference loop 30.0 ms (29.0–31.0)" in text


def test_served_counts_read_each_workers_file_and_a_worker_without_one_has_served_nothing(tmp_path):
    (tmp_path / "101.count").write_bytes((1234).to_bytes(8, "little"))
    assert served(tmp_path, [101, 102]) == {101: 1234, 102: 0}
    assert settle(tmp_path, [101, 102], quiet_s=0.01) == {101: 1234, 102: 0}


def test_sqlite_work_that_grows_with_the_database_misses_its_target_even_with_the_same_sql_count(tmp_path):
    def sized(families: int, agenda_steps: int, caseload: int = 42) -> Size:
        pages = {"bare": [run(0.5, 3000)] * 3, "login": [run(1.0, 1800)] * 3}
        built = {name: Page(name, f"/{name}", runs, None) for name, runs in pages.items()}
        built["plan"] = Page("plan", "/plan", [run(1.9, 200)] * 3, Queries(5, [], 40_000))
        built["agenda"] = Page("agenda", "/afspraken", [run(2.5, 250)] * 3, Queries(4, [], agenda_steps))
        return Size(families, 3.0, 123_456, caseload, built, load_average=1.5)

    report = Report("2026-12-03 10:00 UTC", "sqlite", 2, 0.4, 5, 3, "webapp/gunicorn_conf.py: 4 sync workers")
    # 10 families: Petra has 4 of them, so her pages do less; only sizes with her caseload of 42 are compared.
    report.sizes += [sized(10, 3_000, caseload=4), sized(1_000, 30_000), sized(10_000, 290_000)]
    targets = {target: (measured, met) for target, measured, met in report.targets()}
    work = "SQLite's work per page below 1.5× the smallest size's (same caseload)"
    assert targets["agenda: same SQL count at every size"] == ("4 / 4 / 4", True)
    assert targets[f"agenda: {work}"] == ("30,000 / 290,000", False)
    assert targets[f"plan: {work}"] == ("40,000 / 40,000", True)
    assert "| 4 | 290,000 |" in report.markdown()
