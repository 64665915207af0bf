"""The bench's results: one dataclass tree, written as JSON and rendered as the Markdown table people read."""

from __future__ import annotations

import json
from dataclasses import asdict, dataclass, field
from pathlib import Path

from bench.lighthouse import TARGETS as LIGHTHOUSE_TARGETS
from bench.lighthouse import Lighthouse
from bench.queries import Queries
from bench.weight import Asset
from bench.wrk import Load

KB = 1024
WEIGHT_TARGET_KB = 60
RATIO_TARGET = 0.5  # the plan page serves at least half the bare route's requests per second


@dataclass
class Page:
    label: str
    path: str
    load: Load
    queries: Queries | None  # None for the bare route (one SELECT by construction)


@dataclass
class Size:
    families: int
    seed_seconds: float
    rows: int
    caseload: int
    pages: dict[str, Page]  # "bare", "plan", "caseload", "mentor", "agenda"

    def ratio(self, name: str) -> float:
        return self.pages[name].load.requests_per_s / self.pages["bare"].load.requests_per_s


@dataclass
class Report:
    started: str
    database: str
    cpus: int
    load_average: float  # 1-minute load when the run started: other work on the machine skews every number
    duration: int
    sizes: list[Size] = field(default_factory=list)
    weight: list[Asset] = field(default_factory=list)
    lighthouse: Lighthouse | None = None
    seconds: float = 0.0

    def query_counts(self, name: str) -> list[int]:
        return [s.pages[name].queries.count for s in self.sizes if s.pages[name].queries]

    def targets(self) -> list[tuple[str, str, bool]]:
        """(target, what was measured, met)."""
        rows = []
        if self.sizes:
            ratios = [s.ratio("plan") for s in self.sizes]
            rows.append(
                (
                    f"plan page ≥ {RATIO_TARGET:.0%} of the bare route's req/s",
                    " / ".join(f"{r:.0%}" for r in ratios),
                    min(ratios) >= RATIO_TARGET,
                )
            )
            for name in ("plan", "caseload", "mentor", "agenda"):
                counts = self.query_counts(name)
                rows.append(
                    (f"{name}: same SQL count at every size", " / ".join(map(str, counts)), len(set(counts)) == 1)
                )
        if self.weight:
            total = sum(a.gzipped for a in self.weight) / KB
            rows.append((f"first visit ≤ {WEIGHT_TARGET_KB} KB gzipped", f"{total:.1f} KB", total <= WEIGHT_TARGET_KB))
        if self.lighthouse and not self.lighthouse.error:
            for name, target in LIGHTHOUSE_TARGETS.items():
                score = self.lighthouse.scores.get(name, 0)
                rows.append((f"Lighthouse {name} ≥ {target}", str(score), score >= target))
        return rows

    def write(self, folder: Path) -> None:
        folder.mkdir(exist_ok=True)
        data = asdict(self) | {"targets": [{"target": t, "measured": m, "met": ok} for t, m, ok in self.targets()]}
        (folder / "latest.json").write_text(json.dumps(data, indent=2, ensure_ascii=False) + "\n")
        (folder / "latest.md").write_text(self.markdown())

    def markdown(self) -> str:
        lines = [
            f"## OnsPlan bench, {self.started}",
            "",
            f"{self.database}, {self.cpus} CPUs (load average {self.load_average:.1f} at the start); gunicorn 2 workers × gthread 4 threads; "
            f"wrk 2 threads, 16 connections, {self.duration} s per page; whole run {self.seconds:.0f} s.",
            "",
            "| families | page | req/s | p50 ms | p99 ms | vs bare | SQL/req |",
            "|---:|---|---:|---:|---:|---:|---:|",
        ]
        for size in self.sizes:
            for name, page in size.pages.items():
                sql = str(page.queries.count) if page.queries else "1"
                lines.append(
                    f"| {size.families:,} | {page.label} `{page.path}` | {page.load.requests_per_s:,.0f} "
                    f"| {page.load.p50_ms:.1f} | {page.load.p99_ms:.1f} | {size.ratio(name):.0%} | {sql} |"
                )
        errors = [
            f"{s.families:,}/{n}: {p.load.errors}" for s in self.sizes for n, p in s.pages.items() if p.load.errors
        ]
        if errors:
            lines += ["", f"**Errors under load** (non-2xx/3xx or socket): {', '.join(errors)}"]
        lines += ["", "| families | rows generated | seed s | Petra's caseload |", "|---:|---:|---:|---:|"]
        lines += [f"| {s.families:,} | {s.rows:,} | {s.seed_seconds:.1f} | {s.caseload} |" for s in self.sizes]
        if self.weight:
            total_raw = sum(a.raw for a in self.weight)
            total = sum(a.gzipped for a in self.weight)
            lines += [
                "",
                "First visit of the plan page (gzip -6):",
                "",
                "| file | bytes | gzipped |",
                "|---|---:|---:|",
            ]
            lines += [f"| `{a.path}` | {a.raw:,} | {a.gzipped:,} |" for a in self.weight]
            lines.append(f"| **total** | {total_raw:,} | **{total:,} ({total / KB:.1f} KB)** |")
        if self.lighthouse:
            lines += ["", "Lighthouse (mobile) on the plan page: " + self._lighthouse_line()]
        if rows := self.targets():
            lines += ["", "| target | measured | met |", "|---|---|---|"]
            lines += [f"| {t} | {m} | {'yes' if ok else '**no**'} |" for t, m, ok in rows]
        return "\n".join(lines) + "\n"

    def _lighthouse_line(self) -> str:
        assert self.lighthouse is not None
        if self.lighthouse.error:
            return f"not run: {self.lighthouse.error}"
        parts = ", ".join(f"{name} {score}" for name, score in self.lighthouse.scores.items())
        failing = "; ".join(f"{name}: {', '.join(ids)}" for name, ids in self.lighthouse.failing.items())
        hints = "; ".join(", ".join(ids) for ids in self.lighthouse.hints.values())
        return f"{parts}. Failing audits: {failing or 'none'}." + (f" Hints (not scored): {hints}." if hints else "")
