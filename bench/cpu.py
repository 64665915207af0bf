"""Server CPU per request, read from the gunicorn workers' own counters, and the median of repeated figures.

wrk's req/s depends on how its keep-alive connections land on the workers (all 16 on one gthread worker happens);
the CPU time the workers spend does not. Before and after a wrk run we read `utime + stime` of every worker from
`/proc/<pid>/stat` (clock ticks, all threads of the process) and divide the difference by the requests wrk completed.
"""

from __future__ import annotations

import os
import statistics
import time
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from pathlib import Path

PROC = Path("/proc")
TICKS_PER_S = os.sysconf("SC_CLK_TCK") if hasattr(os, "sysconf") else 100


@dataclass(frozen=True)
class Stat:
    """The fields of /proc/<pid>/stat the bench needs."""

    pid: int
    ppid: int
    ticks: int  # utime + stime: CPU time of every thread of the process, in clock ticks


def parse_stat(text: str) -> Stat:
    """Read one /proc/<pid>/stat line. The command name (field 2) is in parentheses and may hold spaces or ')'."""
    head, _, rest = text.rpartition(")")
    if not head or "(" not in head:
        raise ValueError(f"not a /proc/<pid>/stat line: {text[:80]!r}")
    pid = int(head.split("(", 1)[0])
    fields = rest.split()  # fields[0] is field 3 (state): field n is fields[n - 3]
    if len(fields) < 13:
        raise ValueError(f"/proc/{pid}/stat has too few fields")
    return Stat(pid=pid, ppid=int(fields[1]), ticks=int(fields[11]) + int(fields[12]))


def read_stat(pid: int, proc: Path = PROC) -> Stat | None:
    """None when the process is gone."""
    try:
        return parse_stat((proc / str(pid) / "stat").read_text())
    except (FileNotFoundError, ProcessLookupError):
        return None


def children(parent: int, proc: Path = PROC) -> list[int]:
    """The pids whose parent is `parent` (gunicorn's workers, for the arbiter's pid), sorted."""
    found = []
    for entry in proc.iterdir():
        if entry.name.isdigit() and (stat := read_stat(int(entry.name), proc)) and stat.ppid == parent:
            found.append(stat.pid)
    return sorted(found)


def worker_ticks(master: int, proc: Path = PROC) -> dict[int, int]:
    """Clock ticks used so far by each worker of the gunicorn arbiter `master`."""
    ticks = {}
    for pid in children(master, proc):
        if stat := read_stat(pid, proc):
            ticks[pid] = stat.ticks
    return ticks


@dataclass(frozen=True)
class CpuUse:
    """What the workers spent between two readings."""

    seconds: float  # CPU seconds of all workers together
    per_worker: tuple[float, ...]  # each worker's share of `seconds`, largest first (1.0 = one worker did it all)

    def ms_per_request(self, requests: int) -> float:
        return self.seconds * 1000 / requests if requests else float("nan")


def cpu_between(before: Mapping[int, int], after: Mapping[int, int], ticks_per_s: int = TICKS_PER_S) -> CpuUse:
    """The workers must be the same processes in both readings: a restarted worker would make the sum wrong."""
    if set(before) != set(after):
        raise RuntimeError(f"gunicorn's workers changed during the run: {sorted(before)} -> {sorted(after)}")
    used = {pid: after[pid] - before[pid] for pid in before}
    total = sum(used.values())
    shares = tuple(sorted((t / total for t in used.values()), reverse=True)) if total else ()
    return CpuUse(total / ticks_per_s, shares)


@dataclass(frozen=True)
class Spread:
    """A figure measured several times: the median is the figure, min and max show how much it moved."""

    median: float
    low: float
    high: float
    values: tuple[float, ...]

    @classmethod
    def of(cls, values: Iterable[float]) -> Spread:
        values = tuple(values)
        if not values:
            raise ValueError("no values")
        return cls(statistics.median(values), min(values), max(values), values)

    @property
    def relative_range(self) -> float:
        """(max - min) / median: 0.05 means the runs lie within 5% of the figure."""
        return (self.high - self.low) / self.median if self.median else float("nan")


def wait_for_children(parent: int, count: int, timeout: float = 60, proc: Path = PROC) -> list[int]:
    """Wait until `parent` has `count` children (gunicorn starts its workers one after the other)."""
    deadline = time.monotonic() + timeout
    while len(found := children(parent, proc)) != count:
        if time.monotonic() > deadline:
            raise RuntimeError(f"gunicorn {parent} has {len(found)} workers, not {count}, after {timeout:.0f} s")
        time.sleep(0.1)
    return found


def reference_ms() -> float:
    """CPU ms of a fixed piece of Python (string formatting, dict and list work, like a page's): the machine's speed
    at this moment. On a busy machine (other processes on the same cores, a crowded VM host) the same work costs more
    CPU time; the bench reports this beside the pages' figures so runs can be compared, and the pages' CPU as a share
    of the yardsticks' (measured in the same rounds) cancels it."""
    started = time.process_time()
    table: dict[str, int] = {}
    for n in range(REFERENCE_LOOPS):
        key = f"doel-{n % 997}"
        table[key] = table.get(key, 0) + len(key)
    sorted(table.items(), key=lambda item: item[1])
    return (time.process_time() - started) * 1000


REFERENCE_LOOPS = 200_000


def served(directory: Path, pids: Iterable[int]) -> dict[int, int]:
    """Requests each worker has served so far (bench/gunicorn_bench.py writes `<pid>.count`); 0 before its first."""
    counts = {}
    for pid in pids:
        try:
            counts[pid] = int.from_bytes((directory / f"{pid}.count").read_bytes()[:8] or b"\0", "little")
        except FileNotFoundError:
            counts[pid] = 0
    return counts


def settle(directory: Path, pids: Iterable[int], quiet_s: float = 0.3, timeout: float = 60) -> dict[int, int]:
    """Wait until the workers have finished what they were still serving (no count moves for `quiet_s`)."""
    pids = list(pids)
    deadline = time.monotonic() + timeout
    last = served(directory, pids)
    while time.monotonic() < deadline:
        time.sleep(quiet_s)
        now = served(directory, pids)
        if now == last:
            return now
        last = now
    return last
