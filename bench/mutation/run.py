"""Mutation testing: `python -m bench.mutation.run [--list] [--max-children N] [target ...]` (`make mutate`).

For each target in bench/mutation/targets.py, mutmut 3 mutates that one module in a throw-away copy of the committed project
(HEAD) under .mutate/<target>/ (the working tree never holds mutants), runs the target's test selection against every
mutant, and the figures per module go to mutation-results/latest.md and latest.json. Each run starts from a fresh
copy, so a figure never leans on a cached verdict about older code.
"""

from __future__ import annotations

import argparse
import io
import json
import os
import shutil
import signal
import subprocess
import sys
import tarfile
import time
from dataclasses import asdict, dataclass, field
from datetime import UTC, datetime
from pathlib import Path

from bench.mutation.equivalent import EQUIVALENT
from bench.mutation.targets import TARGETS, Target

ROOT = Path(__file__).resolve().parents[2]
WORK = ROOT / ".mutate"
RESULTS = ROOT / "mutation-results"
# What the app and the tests read at run time besides the package itself (mutmut copies them into mutants/).
SUPPORT = ("templates", "static", "translations", "migrations", "alembic.ini", "tests")
# mutmut's exit codes per mutant (mutmut/stats.py): a failing test run is a kill, a clean one a survivor.
KILLED, SURVIVED, NO_TESTS, TIMEOUT = {1, 3}, {0}, {5, 33}, {24, -24, 36, 152, 255}


@dataclass
class Outcome:
    target: str
    module: str
    goal: int
    tests: list[str]
    seconds: float = 0.0
    total: int = 0
    killed: int = 0
    timeout: int = 0
    no_tests: int = 0
    other: int = 0
    survived: list[dict[str, str]] = field(default_factory=list)
    error: str | None = None
    finished: str = ""  # when this module's run ended (UTC)
    commit: str = ""  # the HEAD that was mutated
    stopped: str = ""  # why the run ended before every mutant was checked

    @property
    def score(self) -> float:
        """Killed (a timeout counts: the mutant hangs the code) over the mutants checked; a run stopped early
        (`not checked` > 0) gives the figure so far."""
        tested = self.total - self.other
        return 100.0 * (self.killed + self.timeout) / tested if tested else 0.0

    @property
    def equivalent(self) -> int:
        return sum(1 for s in self.survived if "equivalent" in s)

    @property
    def score_without_equivalent(self) -> float:
        """The same, leaving out the survivors judged equivalent (bench/mutation/equivalent.py): no test can kill those."""
        tested = self.total - self.other - self.equivalent
        return 100.0 * (self.killed + self.timeout) / tested if tested else 0.0


def mutmut_config(target: Target, tests: list[str]) -> str:
    """The [tool.mutmut] table for one target, appended to a copy of pyproject.toml."""

    def toml_list(items: list[str] | tuple[str, ...]) -> str:
        return "[" + ", ".join(json.dumps(item) for item in items) + "]"

    return (
        "\n[tool.mutmut]\n"
        'source_paths = ["webapp"]\n'
        f"only_mutate = {toml_list([target.module])}\n"
        f"also_copy = {toml_list(list(SUPPORT))}\n"
        f"pytest_add_cli_args_test_selection = {toml_list(tests)}\n"
        'pytest_add_cli_args = ["-p", "no:cacheprovider", "-q", "-x", "--deselect", "tests/test_translations.py"]\n'
    )


def prepare(name: str, target: Target, tests: list[str], commit: str) -> Path:
    """A fresh workspace: the committed tree (HEAD, so half-done edits in a shared checkout never skew a run) and a
    pyproject.toml that tells mutmut what to mutate and which tests to run."""
    workspace = WORK / name.replace("/", "-")
    shutil.rmtree(workspace, ignore_errors=True)
    workspace.mkdir(parents=True)
    archive = subprocess.run(
        ["git", "archive", "--format=tar", commit, "webapp", *SUPPORT], cwd=ROOT, capture_output=True, check=True
    ).stdout
    with tarfile.open(fileobj=io.BytesIO(archive)) as tar:
        tar.extractall(workspace, filter="data")
    # The catalogues are built, not committed (the tests read the translated pages).
    pybabel = Path(sys.executable).parent / "pybabel"
    subprocess.run([pybabel, "compile", "-d", workspace / "translations"], capture_output=True, check=True)
    pyproject = (ROOT / "pyproject.toml").read_text(encoding="utf-8")
    (workspace / "pyproject.toml").write_text(pyproject + mutmut_config(target, tests), encoding="utf-8")
    return workspace


def show(workspace: Path, mutant: str) -> str:
    """The mutant's diff, only the changed lines."""
    shown = subprocess.run(
        [sys.executable, "-m", "mutmut", "show", mutant], cwd=workspace, capture_output=True, text=True, check=False
    ).stdout
    lines = [line for line in shown.splitlines() if line[:1] in "+-" and line[:3] not in ("+++", "---")]
    return "\n".join(lines)


def collect(outcome: Outcome, workspace: Path) -> None:
    meta = workspace / "mutants" / (outcome.module + ".meta")
    codes: dict[str, int | None] = json.loads(meta.read_text(encoding="utf-8"))["exit_code_by_key"]
    outcome.total = len(codes)
    for mutant, code in sorted(codes.items()):
        if code in KILLED:
            outcome.killed += 1
        elif code in TIMEOUT:
            outcome.timeout += 1
        elif code in NO_TESTS:
            outcome.no_tests += 1
            outcome.survived.append({"mutant": mutant, "status": "no tests", "diff": show(workspace, mutant)})
        elif code in SURVIVED:
            outcome.survived.append({"mutant": mutant, "status": "survived", "diff": show(workspace, mutant)})
        else:  # not checked (the run stopped), suspicious, segfault: counted, not listed
            outcome.other += 1
    for survivor in outcome.survived:
        if reason := EQUIVALENT.get(survivor["mutant"]):
            survivor["equivalent"] = reason


def _committed(path: str) -> bool:
    """Only test files that are in HEAD are run (the workspace is HEAD)."""
    listed = subprocess.run(["git", "ls-files", "--", path], cwd=ROOT, capture_output=True, text=True, check=False)
    return bool(listed.stdout.strip())


def run_target(name: str, target: Target, max_children: int, budget: float | None = None) -> Outcome:
    tests = [test for test in target.tests if _committed(test.split("::")[0])]
    outcome = Outcome(name, target.module, target.goal, tests)
    outcome.commit = subprocess.run(
        ["git", "rev-parse", "HEAD"], cwd=ROOT, capture_output=True, text=True, check=True
    ).stdout.strip()
    workspace = prepare(name, target, tests, outcome.commit)
    started = time.monotonic()
    env = {**os.environ, "PYTHONDONTWRITEBYTECODE": "1"}
    env.pop("ONSPLAN_TEST_DB", None)  # SQLite: PostgreSQL adds nothing to what a rule mutant can show
    log = workspace / "mutmut.log"
    with log.open("w", encoding="utf-8") as out:
        # Its own process group, so a time budget stops mutmut and every mutant it forked.
        mutmut = subprocess.Popen(
            ["nice", "-n", "10", sys.executable, "-m", "mutmut", "run", "--max-children", str(max_children)],
            cwd=workspace,
            env=env,
            stdout=out,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
        try:
            returncode = mutmut.wait(timeout=budget)
        except subprocess.TimeoutExpired:
            os.killpg(mutmut.pid, signal.SIGTERM)
            returncode = mutmut.wait()
            outcome.stopped = f"stopped after the time budget of {budget:.0f} s"
    outcome.seconds = round(time.monotonic() - started, 1)
    outcome.finished = datetime.now(UTC).strftime("%Y-%m-%d %H:%M UTC")
    if returncode != 0 and not outcome.stopped:
        outcome.error = f"mutmut exited with {returncode}; see {log.relative_to(ROOT)}"
    try:
        collect(outcome, workspace)
    except (OSError, ValueError, KeyError) as error:
        outcome.error = (outcome.error or "") + f" (no results: {error})"
    return outcome


def report(outcomes: list[Outcome]) -> str:
    lines = [
        "# Mutation testing",
        "",
        "Killed: a test failed against the mutant (a timeout counts). Score: killed / mutants checked; without",
        "equivalent: killed / (mutants checked - survivors judged equivalent), which the goal is checked against.",
        "A module with mutants `not checked` was stopped early: its figures are those of the mutants checked so far.",
        "",
        "| module | mutants | killed | survived | of which equivalent | no tests | not checked | score |"
        " without equivalent | goal | time | run at | commit |",
        "|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---|---|",
    ]
    for o in outcomes:
        survived = sum(1 for s in o.survived if s["status"] == "survived")
        mark = "ok" if o.score_without_equivalent >= o.goal and not o.error else "BELOW"
        mark += " (partial)" if o.other else ""
        lines.append(
            f"| {o.module} | {o.total} | {o.killed + o.timeout} | {survived} | {o.equivalent} | {o.no_tests} | "
            f"{o.other} | {o.score:.1f}% | {o.score_without_equivalent:.1f}% | {o.goal}% {mark} | {o.seconds:.0f} s | "
            f"{o.finished} | {o.commit[:10]} |"
        )
    for o in outcomes:
        lines += ["", f"## {o.module}", "", "Tests: " + ", ".join(o.tests)]
        if o.error:
            lines += ["", f"**Error:** {o.error}"]
        if o.stopped:
            lines += ["", f"**Partial:** {o.stopped}; {o.other} mutants not checked."]
        for s in o.survived:
            why = f" — equivalent: {s['equivalent']}" if "equivalent" in s else ""
            lines += ["", f"- `{s['mutant']}` ({s['status']}){why}", "", "```diff", s["diff"], "```"]
    return "\n".join(lines) + "\n"


def _earlier() -> dict[str, Outcome]:
    """The figures of earlier runs, so running one module keeps the others' last figures in the report."""
    try:
        rows = json.loads((RESULTS / "latest.json").read_text(encoding="utf-8"))
        return {row["target"]: Outcome(**{k: v for k, v in row.items() if k != "score"}) for row in rows}
    except (OSError, ValueError, TypeError, KeyError):
        return {}


def save(outcome: Outcome) -> None:
    """Merge one module's figures into mutation-results/latest.md and latest.json (in the order of TARGETS)."""
    merged = _earlier() | {outcome.target: outcome}
    ordered = [merged[name] for name in TARGETS if name in merged]
    RESULTS.mkdir(exist_ok=True)
    (RESULTS / "latest.md").write_text(report(ordered), encoding="utf-8")
    (RESULTS / "latest.json").write_text(
        json.dumps([asdict(o) | {"score": round(o.score, 1)} for o in ordered], indent=2), encoding="utf-8"
    )


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.mutation.run", description=__doc__.split("\n", 1)[0])
    parser.add_argument("targets", nargs="*", help=f"default: all of {', '.join(TARGETS)}")
    parser.add_argument("--max-children", type=int, default=max(1, (os.cpu_count() or 2) - 1))
    parser.add_argument("--list", action="store_true", help="print the targets and their tests, run nothing")
    parser.add_argument(
        "--budget", type=float, help="seconds per module; then mutmut is stopped and the figures so far are reported"
    )
    parser.add_argument(
        "--report", action="store_true", help="write the report again from latest.json (after bench/mutation/equivalent.py)"
    )
    args = parser.parse_args(argv)
    if args.report:
        earlier = list(_earlier().values())
        for outcome in earlier:
            for survivor in outcome.survived:
                survivor.pop("equivalent", None)
                if reason := EQUIVALENT.get(survivor["mutant"]):
                    survivor["equivalent"] = reason
            save(outcome)
        print(f"report: {(RESULTS / 'latest.md').relative_to(ROOT)}")
        return 0
    unknown = [name for name in args.targets if name not in TARGETS]
    if unknown:
        parser.error(f"unknown target(s): {', '.join(unknown)}")
    names = args.targets or list(TARGETS)
    if args.list:
        for name in names:
            print(f"{name}: {TARGETS[name].module} <- {' '.join(TARGETS[name].tests)}")
        return 0
    outcomes = []
    for name in names:
        print(f"mutating {TARGETS[name].module} ...", flush=True)
        outcome = run_target(name, TARGETS[name], args.max_children, args.budget)
        outcomes.append(outcome)
        print(
            f"  {outcome.killed + outcome.timeout}/{outcome.total} killed ({outcome.score:.1f}%) in {outcome.seconds:.0f} s"
        )
        save(outcome)
    print(f"report: {(RESULTS / 'latest.md').relative_to(ROOT)}")
    failed = [o for o in outcomes if o.error or o.score_without_equivalent < o.goal]
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
