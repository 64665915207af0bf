"""`make load`: simulated people against OnsPlan as deployed, on the embedded SQLite and on PostgreSQL.

    python -m bench.load.run                      # 50 people × 20 s on each set-up (the figure of issue 15)
    python -m bench.load.run --long               # 200 people × 5 min, 1-3 s between one person's clicks
    python -m bench.load.run --database sqlite --source /tmp/before   # serve another checkout (e.g. a worktree)

For each set-up: a fresh database (SQLite in a temp dir, or a throw-away PostgreSQL cluster as in the tests),
`alembic upgrade head` and `flask seed-demo` (DEMO=1), gunicorn with production's settings (webapp/gunicorn_conf.py:
sync workers, 2 × cores, gc.freeze) on 127.0.0.1 and, on
PostgreSQL, the push worker beside it (`flask worker`). Every demo person with a login is logged in once through
the real forms (Petra with her TOTP code); locust (headless, bench/load/locustfile.py) then plays them: reading plans,
the home page, the inbox, threads, polling, appointments; sending messages and answering appointments (15%).
Reported per request kind: count, errors, p50 and p99; then whether every message the server accepted is stored
exactly once, and how many tracebacks the server logged. The tables go to stdout and bench-results/load-latest.md,
the server's, worker's and locust's logs to bench-results/load-<set-up>-*.log.
"""

from __future__ import annotations

import argparse
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from contextlib import ExitStack, contextmanager
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path

from sqlalchemy import create_engine, text

from bench.seed import PASSWORD, fresh_database
from bench.web import Browser, fetch, free_port, log_in
from webapp.config import PROJECT_ROOT

# Demo people with a login who use the family side or the regisseur's (README, "Demo logins").
PEOPLE = {
    "samira@example.org": None,
    "hendriks@example.org": None,
    "karim@example.org": None,
    "emre@example.org": None,
    "ayse@example.org": None,
    "petra@example.org": "PETRAJANSENDEMO2FAONSPLANVENLO23",
}
# Served as in production: the settings of webapp/gunicorn_conf.py. A checkout from before that file (`--source`)
# is served as it was then: 2 gthread workers × 4 threads.
GUNICORN = ("--config", "python:webapp.gunicorn_conf")
GUNICORN_BEFORE_CONF = ("--workers", "2", "--worker-class", "gthread", "--threads", "4")
# With gthread workers (an older checkout), gunicorn closes an idle keep-alive connection after 2 s; a simulated
# person who pauses about that long then sends on a socket the server is closing ("connection reset by peer"). Keep
# connections open longer than any pause, as the proxy in front of gunicorn does for phones in production. Sync
# workers close the connection after every answer, so this changes nothing for them.
KEEP_ALIVE = ("--keep-alive", "10")
KINDS = ("plan", "home", "inbox", "thread", "poll", "appointment", "send", "answer")
WRITES = {"send", "answer"}
RESULTS = PROJECT_ROOT / "bench-results"
LOCUSTFILE = Path(__file__).with_name("locustfile.py")


@dataclass
class Kind:
    requests: int
    errors: int
    p50_ms: float
    p99_ms: float


@dataclass
class Outcome:
    setup: str
    users: int
    seconds: int
    kinds: dict[str, Kind] = field(default_factory=dict)
    failures: list[tuple[str, str, int]] = field(default_factory=list)  # (kind, error, occurrences)
    accepted: int = 0
    stored_once: int = 0
    missing: int = 0
    duplicated: int = 0
    stored_unconfirmed: int = 0  # stored, but the client had given up on the answer
    accepted_keys: list[str] = field(default_factory=list)
    tracebacks: int = 0
    retries: int = 0  # requests repeated after a transient database error (webapp/retry.py logs each)

    @property
    def total(self) -> Kind:
        return self.kinds.get("Aggregated", Kind(0, 0, 0, 0))


def parse_args(argv: list[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(prog="python -m bench.load.run", description=__doc__.split("\n", 1)[0])
    parser.add_argument("--users", type=int, default=50, help="simulated people (default: %(default)s)")
    parser.add_argument("--seconds", type=int, default=20, help="length of each run (default: %(default)s)")
    parser.add_argument(
        "--think", type=float, default=0.0, help="mean seconds between one person's requests (default: none)"
    )
    parser.add_argument("--long", action="store_true", help="200 people × 300 s, 2 s thinking (the trust issue's run)")
    parser.add_argument("--database", default="sqlite,postgres", help="set-ups, comma-separated (default: %(default)s)")
    parser.add_argument("--source", type=Path, default=PROJECT_ROOT, help="checkout to serve (default: this one)")
    parser.add_argument("--label", default="", help="a word for the report, e.g. 'before'")
    args = parser.parse_args(argv)
    if args.long:
        args.users, args.seconds, args.think = 200, 300, 2.0
    args.database = [name.strip() for name in args.database.split(",")]
    if set(args.database) - {"sqlite", "postgres"}:
        parser.error("--database takes sqlite and/or postgres")
    args.source = args.source.resolve()
    return args


def main(argv: list[str] | None = None) -> int:
    args = parse_args(argv)
    outcomes = []
    with tempfile.TemporaryDirectory(prefix="onsplan-load-") as tmp:
        for setup in args.database:
            say(f"{setup}: {args.users} people × {args.seconds} s against {args.source} ...")
            outcomes.append(run_setup(setup, args, Path(tmp) / setup))
    report = markdown(outcomes, args)
    print("\n" + report)
    RESULTS.mkdir(exist_ok=True)
    (RESULTS / "load-latest.md").write_text(report)
    healthy = all(o.total.errors == 0 and o.missing == 0 and o.duplicated == 0 for o in outcomes)
    return 0 if healthy else 1


def run_setup(setup: str, args: argparse.Namespace, workdir: Path) -> Outcome:
    workdir.mkdir(parents=True)
    (workdir / "instance").mkdir()
    with fresh_database(setup) as url:
        env = server_env(args.source, url, workdir)
        prepare(args.source, env)
        with ExitStack() as stack:
            base = stack.enter_context(serve(args.source, env, workdir / "gunicorn.log"))
            if setup == "postgres":
                stack.enter_context(background(args.source, env, workdir / "worker.log"))
            personas = [persona(base, email, totp) for email, totp in PEOPLE.items()]
            (workdir / "personas.json").write_text(json.dumps(personas))
            outcome = Outcome(setup, args.users, args.seconds)
            swarm(base, args, workdir, outcome)
        check_messages(url, outcome.accepted_keys, outcome)
    server_log = (workdir / "gunicorn.log").read_text()
    outcome.tracebacks = server_log.count("\nTraceback")
    outcome.retries = server_log.count(", trying again")
    RESULTS.mkdir(exist_ok=True)
    for log in ("gunicorn.log", "worker.log", "locust.log"):
        if (workdir / log).exists():
            shutil.copyfile(workdir / log, RESULTS / f"load-{setup}-{log}")
    return outcome


def server_env(source: Path, url: str, workdir: Path) -> dict[str, str]:
    keep = {k: v for k, v in os.environ.items() if k not in {"FLASK_DEBUG", "DATABASE_URL", "PYTHONPATH"}}
    return keep | {
        "DATABASE_URL": url,
        "SECRET_KEY": "load-test",
        "DEMO": "1",
        "INSECURE_COOKIES": "1",  # plain http on 127.0.0.1
        "ONSPLAN_INSTANCE": str(workdir / "instance"),
        "PYTHONPATH": str(source),  # serve that checkout's webapp, whatever is installed
    }


def prepare(source: Path, env: dict[str, str]) -> None:
    """Compile the catalogues if needed, migrate, seed the demo story: as `make run` does."""
    if not list((source / "translations").glob("*/LC_MESSAGES/messages.mo")):
        _run([str(Path(sys.executable).with_name("pybabel")), "compile", "-d", "translations"], source, env)
    _run([sys.executable, "-m", "alembic", "upgrade", "head"], source, env)
    _run([sys.executable, "-m", "flask", "--app", "webapp", "seed-demo"], source, env)


def _run(command: list[str], source: Path, env: dict[str, str]) -> None:
    done = subprocess.run(command, cwd=source, env=env, capture_output=True, text=True, check=False)  # noqa: S603
    if done.returncode:
        raise RuntimeError(f"{' '.join(command)} failed:\n{done.stdout}\n{done.stderr}")


def gunicorn_options(source: Path) -> tuple[str, ...]:
    """Production's gunicorn settings of the checkout being served (see GUNICORN)."""
    return GUNICORN if (source / "webapp" / "gunicorn_conf.py").exists() else GUNICORN_BEFORE_CONF


def serving_description(source: Path) -> str:
    """How `source` is served, for the report."""
    if gunicorn_options(source) == GUNICORN_BEFORE_CONF:
        return "gunicorn 2 gthread workers × 4 threads"
    workers = os.environ.get("WEB_CONCURRENCY") or 2 * len(os.sched_getaffinity(0))
    return f"gunicorn {workers} sync workers (webapp/gunicorn_conf.py)"


@contextmanager
def serve(source: Path, env: dict[str, str], log: Path) -> Iterator[str]:
    port = free_port()
    command = [sys.executable, "-m", "gunicorn", *gunicorn_options(source), *KEEP_ALIVE, "--bind", f"127.0.0.1:{port}"]
    command += ["--error-logfile", str(log), "--capture-output", "webapp:create_app()"]
    with background(source, env, log.with_suffix(".out"), command):
        base = f"http://127.0.0.1:{port}"
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            try:
                if fetch(base + "/login").status == 200:
                    break
            except OSError:
                pass
            time.sleep(0.2)
        else:
            raise RuntimeError(f"gunicorn did not start; see {log}")
        yield base


@contextmanager
def background(source: Path, env: dict[str, str], log: Path, command: list[str] | None = None) -> Iterator[None]:
    """A process beside the load (gunicorn, or by default the push worker), stopped with SIGTERM at the end."""
    command = command or [sys.executable, "-m", "flask", "--app", "webapp", "worker"]
    with log.open("w") as out:
        process = subprocess.Popen(command, cwd=source, env=env, stdout=out, stderr=subprocess.STDOUT)  # noqa: S603
        try:
            yield
        finally:
            process.terminate()
            try:
                process.wait(timeout=20)
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait()


def persona(base: str, email: str, totp: str | None) -> dict:
    """Log in once and find what this person may open: plans, conversations (and where they may write),
    appointments (and which they may answer)."""
    browser = log_in(base, email, PASSWORD, totp)
    _, home = browser.request("/home")
    _, inbox = browser.request("/berichten")
    _, agenda = browser.request("/afspraken")
    conversations = _ids(r'href="/berichten/(\d+)"', inbox)
    appointments = _ids(r'href="/afspraken/(\d+)"', agenda)
    writable = [c for c in conversations if 'name="client_key"' in browser.request(f"/berichten/{c}")[1]]
    answerable = [a for a in appointments if 'name="answer"' in browser.request(f"/afspraken/{a}")[1]]
    token = re.search(r'name="csrf_token"[^>]*value="([^"]+)"', inbox)
    if token is None:
        raise RuntimeError(f"no CSRF token on {email}'s inbox")
    return {
        "email": email,
        "cookies": _cookies(browser),
        "csrf": token.group(1),
        "plans": _ids(r'href="/gezinnen/(\d+)/plan"', home),
        "conversations": conversations,
        "writable": writable,
        "appointments": appointments,
        "answerable": answerable,
    }


def _ids(pattern: str, page: str) -> list[int]:
    return sorted({int(found) for found in re.findall(pattern, page)})


def _cookies(browser: Browser) -> dict[str, str]:
    return {cookie.name: cookie.value or "" for cookie in browser.jar}


def swarm(base: str, args: argparse.Namespace, workdir: Path, outcome: Outcome) -> None:
    env = os.environ | {
        "LOAD_PERSONAS": str(workdir / "personas.json"),
        "LOAD_RESULT": str(workdir / "result.json"),
        "LOAD_THINK": str(args.think),
    }
    spawn_rate = max(1, min(args.users, 25))
    command = [sys.executable, "-m", "locust", "-f", str(LOCUSTFILE), "--headless", "--only-summary"]
    command += ["-u", str(args.users), "-r", str(spawn_rate), "-t", f"{args.seconds}s", "--host", base]
    command += ["--loglevel", "WARNING", "--stop-timeout", "30"]
    with (workdir / "locust.log").open("w") as log:
        subprocess.run(command, env=env, stdout=log, stderr=subprocess.STDOUT, check=False)  # noqa: S603
    result = json.loads((workdir / "result.json").read_text())
    outcome.kinds = {name: Kind(**figures) for name, figures in result["kinds"].items()}
    outcome.failures = [(name, error, occurrences) for name, error, occurrences in result["failures"]]
    outcome.accepted_keys = result["accepted"]


def check_messages(url: str, accepted: list[str], outcome: Outcome) -> None:
    """Every message the server accepted (302) is stored exactly once."""
    engine = create_engine(url)
    try:
        with engine.connect() as connection:
            stored = dict(
                connection.execute(
                    text("SELECT body, COUNT(*) FROM message WHERE body LIKE 'load %' GROUP BY body")
                ).all()
            )
    finally:
        engine.dispose()
    stored = {body.removeprefix("load "): count for body, count in stored.items()}  # the body carries the key
    outcome.accepted = len(accepted)
    outcome.stored_once = sum(stored.get(key) == 1 for key in accepted)
    outcome.missing = sum(key not in stored for key in accepted)
    outcome.duplicated = sum(count > 1 for count in stored.values())
    outcome.stored_unconfirmed = len(set(stored) - set(accepted))


def markdown(outcomes: list[Outcome], args: argparse.Namespace) -> str:
    now = datetime.now(UTC).strftime("%Y-%m-%d %H:%M UTC")
    think = f", {args.think:g} s thinking" if args.think else ", no thinking time"
    lines = [
        f"# make load {args.label}".rstrip(),
        "",
        f"{now}; {os.cpu_count()} cores, load average {os.getloadavg()[0]:.1f}; served from {args.source}; "
        f"{serving_description(Path(args.source))}{think}.",
    ]
    for outcome in outcomes:
        total = outcome.total
        lines += [
            "",
            f"## {outcome.setup}: {outcome.users} people × {outcome.seconds} s",
            "",
            "| request | count | errors | p50 ms | p99 ms |",
            "|---|---:|---:|---:|---:|",
        ]
        for name in (*KINDS, "Aggregated"):
            if kind := outcome.kinds.get(name):
                label = f"{name} (write)" if name in WRITES else ("**all**" if name == "Aggregated" else name)
                lines.append(
                    f"| {label} | {kind.requests:,} | {kind.errors:,} | {kind.p50_ms:,.0f} | {kind.p99_ms:,.0f} |"
                )
        rate = total.requests / outcome.seconds if outcome.seconds else 0
        lines += [
            "",
            f"{total.requests:,} requests ({rate:,.0f}/s), {total.errors:,} errors; messages accepted "
            f"{outcome.accepted:,}, stored exactly once {outcome.stored_once:,}, missing {outcome.missing:,}, "
            f"duplicated {outcome.duplicated:,}, stored without an answer reaching the client "
            f"{outcome.stored_unconfirmed:,}; requests repeated after a transient database error: {outcome.retries:,}; "
            f"tracebacks in the server log: {outcome.tracebacks:,}.",
        ]
        for name, error, occurrences in outcome.failures[:10]:
            lines.append(f"- {name}: {error} × {occurrences}")
    return "\n".join(lines) + "\n"


def say(text: str) -> None:
    print(text, flush=True)


if __name__ == "__main__":
    sys.exit(main())
