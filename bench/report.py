"""The bench's results: one dataclass tree, written as JSON and rendered as the Markdown table people read."""

from __future__ import annotations

import json
from dataclasses import asdict, dataclass, field
from pathlib import Path

from bench.cpu import Spread
from bench.lighthouse import TARGETS as LIGHTHOUSE_TARGETS
from bench.lighthouse import Lighthouse
from bench.queries import Queries
from bench.weight import Asset
from bench.wrk import Run

KB = 1024
WEIGHT_TARGET_KB = 60
RATIO_TARGET = 0.35  # issue 14: a page serves at least 35% of the bare route's requests per second
# The generated families differ between sizes (and Petra's by a few members), so a page's work may move a little;
# a statement that reads every row of a status grows with the database, by ×10 from 1,000 to 10,000 families.
WORK_GROWTH = 1.5
CPU_TARGET_MS = {"plan": 2.0, "caseload": 3.5, "mentor": 3.0, "agenda": 3.0}  # issue 14: server CPU ms per request
YARDSTICKS = ("bare", "login")  # bench/bare_app.py: "/" and "/ingelogd"
# The bare route's server CPU ms per request on this machine at its quietest (2026-12-03 12:14, reference loop
# 26.6 ms), when the CPU targets were last in reach. On a slower day every figure grows with the machine: scaled by
# the bare route of the same rounds, a run reads as it would have then (`Size.at_quiet_speed`).
QUIET_BARE_MS = 0.68


@dataclass
class Page:
    label: str
    path: str
    runs: list[Run]  # the repeats, in the order they ran
    queries: Queries | None  # None for the yardsticks (one resp. two SELECTs by construction)
    # The figures: the median of the runs, with min and max.
    cpu_ms: Spread = field(init=False)  # server CPU ms per request (all workers' utime + stime)
    requests_per_s: Spread = field(init=False)
    p50_ms: Spread = field(init=False)
    p99_ms: Spread = field(init=False)
    busiest_worker: Spread = field(init=False)  # the busiest worker's share of the CPU (1/workers when spread evenly)
    errors: int = field(init=False)

    def __post_init__(self) -> None:
        self.cpu_ms = Spread.of(r.server_cpu_ms for r in self.runs)
        self.requests_per_s = Spread.of(r.load.requests_per_s for r in self.runs)
        self.p50_ms = Spread.of(r.load.p50_ms for r in self.runs)
        self.p99_ms = Spread.of(r.load.p99_ms for r in self.runs)
        self.busiest_worker = Spread.of(r.worker_shares[0] if r.worker_shares else 0.0 for r in self.runs)
        self.errors = sum(r.load.errors for r in self.runs)


@dataclass
class Size:
    families: int
    seed_seconds: float
    rows: int
    caseload: int
    pages: dict[
        str, Page
    ]  # the yardsticks "bare" and "login", then "plan", "caseload", "mentor", "agenda", "berichten"
    load_average: float = 0.0  # 1-minute load average when this size's measuring ended

    def ratio(self, name: str) -> float:
        """Requests per second as a share of the bare route's (medians of the same run)."""
        return self.pages[name].requests_per_s.median / self.pages["bare"].requests_per_s.median

    def cpu_share(self, name: str, yardstick: str) -> float:
        """The yardstick's CPU per request over the page's: the throughput share if the CPU were all the server's."""
        return self.pages[yardstick].cpu_ms.median / self.pages[name].cpu_ms.median

    def at_quiet_speed(self, name: str) -> float:
        """The page's CPU ms per request as on the machine at its quietest: × QUIET_BARE_MS / the bare route's CPU
        in the same rounds. Pages and the bare route are the same kind of work (Flask, SQLite, Jinja), so a slow or
        busy machine slows both alike; a reading, not a measurement."""
        return self.pages[name].cpu_ms.median * QUIET_BARE_MS / self.pages["bare"].cpu_ms.median

    def own_cpu_ms(self, name: str) -> float:
        """ "Our cost": the page's CPU ms per request beyond the logged-in yardstick (frameworks, login, CSRF, i18n)."""
        return self.pages[name].cpu_ms.median - self.pages["login"].cpu_ms.median


@dataclass
class Report:
    started: str
    database: str
    cpus: int
    load_average: float  # 1-minute load when the run started: other work on the machine skews every number
    duration: int
    repeats: int = 3
    serving: str = ""  # the gunicorn set-up, e.g. "webapp/gunicorn_conf.py: 4 sync workers"
    # bench/cpu.py `reference_ms` before each round: the machine's speed (a busy machine inflates every CPU figure)
    reference_ms: list[float] = field(default_factory=list)
    sizes: list[Size] = field(default_factory=list)
    weight: list[Asset] = field(default_factory=list)
    lighthouse: Lighthouse | None = None
    seconds: float = 0.0

    def query_counts(self, name: str) -> list[int]:
        return [s.pages[name].queries.count for s in self.sizes if name in s.pages and s.pages[name].queries]

    def sqlite_steps(self, name: str) -> list[int]:
        """The page's SQLite work at the sizes where Petra's caseload is the largest size's (40 generated families from
        1,000 up, 2 below): her pages do more with more families of her own, not with more families of others."""
        caseload = self.sizes[-1].caseload if self.sizes else 0
        return [
            s.pages[name].queries.sqlite_steps
            for s in self.sizes
            if s.caseload == caseload
            and name in s.pages
            and s.pages[name].queries
            and s.pages[name].queries.sqlite_steps
        ]

    def targets(self) -> list[tuple[str, str, bool]]:
        """(target, what was measured, met)."""
        rows = []
        if self.sizes:
            for name, target in CPU_TARGET_MS.items():
                cpu = [s.pages[name].cpu_ms.median for s in self.sizes if name in s.pages]
                rows.append(
                    (
                        f"{name}: ≤ {target:.1f} ms server CPU per request",
                        " / ".join(f"{ms:.2f}" for ms in cpu),
                        bool(cpu) and max(cpu) <= target,
                    )
                )
            ratios = [s.ratio("plan") for s in self.sizes]
            rows.append(
                (
                    f"plan page ≥ {RATIO_TARGET:.0%} of the bare route's req/s",
                    " / ".join(f"{r:.0%}" for r in ratios),
                    min(ratios) >= RATIO_TARGET,
                )
            )
            for name in ("plan", "caseload", "mentor", "agenda", "berichten"):
                if not (counts := self.query_counts(name)):
                    continue  # not measured in this report
                rows.append(
                    (f"{name}: same SQL count at every size", " / ".join(map(str, counts)), len(set(counts)) == 1)
                )
                if len(work := self.sqlite_steps(name)) > 1:
                    rows.append(
                        (
                            f"{name}: SQLite's work per page below {WORK_GROWTH:.1f}× the smallest size's (same caseload)",
                            " / ".join(f"{w:,}" for w in work),
                            max(work) <= WORK_GROWTH * min(work),
                        )
                    )
        if self.weight:
            total = sum(a.gzipped for a in self.weight) / KB
            rows.append((f"first visit ≤ {WEIGHT_TARGET_KB} KB gzipped", f"{total:.1f} KB", total <= WEIGHT_TARGET_KB))
        if self.lighthouse and not self.lighthouse.error:
            for name, target in LIGHTHOUSE_TARGETS.items():
                score = self.lighthouse.scores.get(name, 0)
                rows.append((f"Lighthouse {name} ≥ {target}", str(score), score >= target))
        return rows

    def at_quiet_speed(self) -> list[tuple[str, float, list[float]]]:
        """Per CPU target: (page, target ms, the page's CPU at the quiet machine's speed per size)."""
        return [
            (name, target, [s.at_quiet_speed(name) for s in self.sizes if name in s.pages and "bare" in s.pages])
            for name, target in CPU_TARGET_MS.items()
        ]

    def write(self, folder: Path) -> None:
        folder.mkdir(exist_ok=True)
        data = asdict(self) | {"targets": [{"target": t, "measured": m, "met": ok} for t, m, ok in self.targets()]}
        data["at_quiet_speed"] = [{"page": n, "target_ms": t, "ms": ms} for n, t, ms in self.at_quiet_speed()]
        (folder / "latest.json").write_text(json.dumps(data, indent=2, ensure_ascii=False) + "\n")
        (folder / "latest.md").write_text(self.markdown())

    def markdown(self) -> str:
        loads = ", ".join(f"{s.load_average:.1f}" for s in self.sizes)
        lines = [
            f"## OnsPlan bench, {self.started}",
            "",
            f"{self.database}, {self.cpus} CPUs; load average {self.load_average:.1f} at the start, {loads} after "
            f"each size; gunicorn {self.serving}; wrk 2 threads, 16 connections, {self.duration} s per page, "
            f"{self.repeats} rounds (each figure: the median, min–max); whole run {self.seconds:.0f} s.",
            "",
            f"Reference loop (`bench/cpu.py`, the machine's speed now): {self._reference()} ms CPU. The busier the "
            "machine, the higher it and every absolute CPU figure: compare runs with similar reference figures. The "
            "shares of the yardsticks, measured in the same rounds, move much less.",
            "",
            "Server CPU is the gunicorn workers' own CPU time (`/proc/<pid>/stat`) per request they served (counted by "
            "the workers): it does not depend on how wrk's connections land on the workers. *Our* CPU is the page's minus the logged-in yardstick's. "
            '"CPU share": a yardstick\'s CPU per request over the page\'s. "Busiest worker": its share of the CPU '
            "(1/workers when the load is spread evenly).",
            "",
            "| families | page | server CPU ms/req | our CPU ms | req/s | p50 ms | p99 ms | req/s vs bare "
            "| CPU share bare / login | busiest worker | SQL/req | SQLite steps/req |",
            "|---:|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|",
        ]
        for size in self.sizes:
            for name, page in size.pages.items():
                sql = str(page.queries.count) if page.queries else {"bare": "1", "login": "2"}.get(name, "")
                work = f"{page.queries.sqlite_steps:,}" if page.queries and page.queries.sqlite_steps else ""
                own = "" if name in YARDSTICKS else f"{size.own_cpu_ms(name):.2f}"
                shares = (
                    ""
                    if name == "bare"
                    else f"{size.cpu_share(name, 'bare'):.0%} / {size.cpu_share(name, 'login'):.0%}"
                )
                lines.append(
                    f"| {size.families:,} | {page.label} `{page.path}` | {_spread(page.cpu_ms, 2)} | {own} "
                    f"| {_spread(page.requests_per_s, 0)} | {page.p50_ms.median:.1f} | {page.p99_ms.median:.1f} "
                    f"| {size.ratio(name):.0%} | {shares} | {_spread_pct(page.busiest_worker)} | {sql} | {work} |"
                )
        errors = [f"{s.families:,}/{n}: {p.errors}" for s in self.sizes for n, p in s.pages.items() if p.errors]
        if errors:
            lines += ["", f"**Errors under load** (non-2xx/3xx or socket): {', '.join(errors)}"]
        lines += ["", "| families | rows generated | seed s | Petra's caseload |", "|---:|---:|---:|---:|"]
        lines += [f"| {s.families:,} | {s.rows:,} | {s.seed_seconds:.1f} | {s.caseload} |" for s in self.sizes]
        if self.weight:
            total_raw = sum(a.raw for a in self.weight)
            total = sum(a.gzipped for a in self.weight)
            total_sent = sum(a.sent for a in self.weight)
            lines += [
                "",
                "First visit of the plan page (gzip -6, and as the server sends it to Chromium):",
                "",
                "| file | bytes | gzipped | sent |",
                "|---|---:|---:|---:|",
            ]
            lines += [f"| `{a.path}` | {a.raw:,} | {a.gzipped:,} | {a.sent:,} |" for a in self.weight]
            lines.append(
                f"| **total** | {total_raw:,} | **{total:,} ({total / KB:.1f} KB)** | {total_sent:,} ({total_sent / KB:.1f} KB) |"
            )
        if self.lighthouse:
            lines += ["", "Lighthouse (mobile) on the plan page: " + self._lighthouse_line()]
        if rows := self.targets():
            lines += ["", "| target | measured | met |", "|---|---|---|"]
            lines += [f"| {t} | {m} | {'yes' if ok else '**no**'} |" for t, m, ok in rows]
        if self.sizes:
            lines += self._quiet_speed_lines()
        return "\n".join(lines) + "\n"

    def _quiet_speed_lines(self) -> list[str]:
        bare = " / ".join(f"{s.pages['bare'].cpu_ms.median:.2f}" for s in self.sizes if "bare" in s.pages)
        lines = [
            "",
            f"Read at the machine's quietest speed (each page's CPU × {QUIET_BARE_MS} ms, the bare route's CPU then, / "
            f"the bare route's in the same rounds: {bare} ms). Not the targets' measurement above: a way to read a "
            "run on a slower or busier day, and as noisy as the bare route's own figure.",
            "",
            "| page | target ms | at the quietest speed | within |",
            "|---|---:|---:|---|",
        ]
        for name, target, figures in self.at_quiet_speed():
            if figures:
                within = "yes" if max(figures) <= target else "no"
                lines.append(f"| {name} | {target:.1f} | {' / '.join(f'{ms:.2f}' for ms in figures)} | {within} |")
        return lines

    def _reference(self) -> str:
        return _spread(Spread.of(self.reference_ms), 1) if self.reference_ms else "not measured"

    def _lighthouse_line(self) -> str:
        assert self.lighthouse is not None
        if self.lighthouse.error:
            return f"not run: {self.lighthouse.error}"
        parts = ", ".join(f"{name} {score}" for name, score in self.lighthouse.scores.items())
        failing = "; ".join(f"{name}: {', '.join(ids)}" for name, ids in self.lighthouse.failing.items())
        hints = "; ".join(", ".join(ids) for ids in self.lighthouse.hints.values())
        return f"{parts}. Failing audits: {failing or 'none'}." + (f" Hints (not scored): {hints}." if hints else "")


def _spread(figure: Spread, decimals: int) -> str:
    """ "2.41 (2.38–2.47)": the median, then min–max of the runs."""
    return f"{figure.median:,.{decimals}f} ({figure.low:,.{decimals}f}–{figure.high:,.{decimals}f})"


def _spread_pct(figure: Spread) -> str:
    return f"{figure.median:.0%} ({figure.low:.0%}–{figure.high:.0%})"
