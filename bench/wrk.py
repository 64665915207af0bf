"""Load with wrk (2 threads, 16 connections, as the baseline in architecture.md), read its --latency output, and the
gunicorn workers' CPU time over the same run (bench/cpu.py)."""

from __future__ import annotations

import re
import resource
import subprocess
from dataclasses import dataclass

from bench.cpu import cpu_between, served, settle, worker_ticks
from bench.web import Server, fetch

CONNECTIONS = 16
THREADS = 2
WARM_UP_REQUESTS = 30  # compile templates and open connections in both workers before measuring
TIMEOUT_S = 30  # wrk's default (2 s) gives up on slow answers on a busy machine and counts them as errors
UNITS_MS = {"us": 0.001, "ms": 1.0, "s": 1000.0, "m": 60_000.0}


@dataclass(frozen=True)
class Load:
    requests_per_s: float
    p50_ms: float
    p99_ms: float
    requests: int
    errors: int  # non-2xx/3xx answers and socket errors


def _ms(value: str, unit: str) -> float:
    return float(value) * UNITS_MS[unit]


def parse_wrk(output: str) -> Load:
    latency = {
        m.group(1): _ms(m.group(2), m.group(3))
        for m in re.finditer(r"^\s+(50|99)(?:\.0+)?%\s+([\d.]+)(us|ms|s|m)\s*$", output, re.MULTILINE)
    }
    rate = re.search(r"^Requests/sec:\s+([\d.]+)", output, re.MULTILINE)
    total = re.search(r"^\s+(\d+) requests in", output, re.MULTILINE)
    if rate is None or total is None or set(latency) != {"50", "99"}:
        raise RuntimeError(f"could not read wrk's output:\n{output}")
    errors = sum(int(n) for n in re.findall(r"Non-2xx or 3xx responses: (\d+)", output))
    if socket := re.search(r"Socket errors: connect (\d+), read (\d+), write (\d+), timeout (\d+)", output):
        errors += sum(int(n) for n in socket.groups())
    return Load(float(rate.group(1)), latency["50"], latency["99"], int(total.group(1)), errors)


@dataclass(frozen=True)
class Run:
    """One wrk run of one page, and what it cost the server (all gunicorn workers together) and wrk."""

    load: Load
    server_cpu_ms: float  # workers' CPU ms per request they served (counted by the workers themselves)
    served: int  # requests the workers served in the run: wrk's answers plus any it stopped waiting for
    worker_shares: tuple[float, ...]  # each worker's share of that CPU, largest first: 1.0 = one worker did it all
    wrk_cpu_s: float  # CPU seconds wrk itself used (it shares the machine with the server)


def warm_up(url: str, cookie: str) -> None:
    """Check the page answers 200 with this cookie (not a redirect to /login) and let every worker compile it."""
    for _ in range(WARM_UP_REQUESTS):
        answer = fetch(url, cookie)
        if answer.status != 200:
            raise RuntimeError(f"{url} answered {answer.status} (location: {answer.headers.get('location')})")


def measure(url: str, cookie: str, duration: int, server: Server, *, close: bool = False) -> Run:
    """One wrk run; the workers of `server` are read before it and after they finished what was in flight.
    `close`: a new connection for every request (as a proxy without upstream keep-alive sends them)."""
    command = ["wrk", f"-t{THREADS}", f"-c{CONNECTIONS}", f"-d{duration}s", f"--timeout={TIMEOUT_S}s", "--latency", url]
    if cookie:
        command[1:1] = ["-H", f"Cookie: {cookie}"]
    if close:
        command[1:1] = ["-H", "Connection: close"]
    before, wrk_before = worker_ticks(server.pid), _children_cpu_s()
    served_before = served(server.counters, before)
    done = subprocess.run(  # noqa: S603 - our own fixed command line
        command, capture_output=True, text=True, check=True, timeout=duration + TIMEOUT_S + 60
    )
    wrk_after = _children_cpu_s()
    served_after = settle(server.counters, before)
    after = worker_ticks(server.pid)
    load = parse_wrk(done.stdout)
    cpu = cpu_between(before, after)
    requests = sum(served_after.values()) - sum(served_before.values())
    return Run(load, cpu.ms_per_request(requests), requests, cpu.per_worker, wrk_after - wrk_before)


def _children_cpu_s() -> float:
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime
