"""Lighthouse (its default mobile emulation) in Debian's Chromium, logged in through an extra Cookie header.

`make bench` installs it into .bench-node/ (npm, not saved in the project). Any failure is reported, not raised:
the rest of the bench stands on its own.
"""

from __future__ import annotations

import json
import os
import subprocess
import tempfile
from dataclasses import dataclass, field
from pathlib import Path

from webapp.config import PROJECT_ROOT

LIGHTHOUSE = PROJECT_ROOT / ".bench-node" / "node_modules" / ".bin" / "lighthouse"
CHROME = "/usr/bin/chromium"
CHROME_FLAGS = (
    "--headless --no-sandbox --disable-gpu --disable-quic --no-first-run --disable-background-networking "
    "--disable-component-update --disable-sync"
)
CATEGORIES = ("performance", "accessibility", "best-practices")
TARGETS = {"performance": 100, "accessibility": 100, "best-practices": 100}  # issue 14: 100 / 100 / 100
PASS = 0.9  # Lighthouse shows an audit green from 0.9
IGNORED_MODES = {"informative", "notApplicable", "manual", "error"}


@dataclass
class Lighthouse:
    scores: dict[str, int] = field(default_factory=dict)
    failing: dict[str, list[str]] = field(default_factory=dict)  # category -> ["audit-id (score)"]
    hints: dict[str, list[str]] = field(default_factory=dict)  # below PASS but not part of the score
    error: str = ""


def run(url: str, cookie: str, timeout: int = 180) -> Lighthouse:
    if not LIGHTHOUSE.exists():
        return Lighthouse(
            error=f"not installed ({LIGHTHOUSE.relative_to(PROJECT_ROOT)} missing; `make bench` installs it)"
        )
    if not Path(CHROME).exists():
        return Lighthouse(error=f"{CHROME} missing (`make system-deps` installs it)")
    with tempfile.TemporaryDirectory(prefix="onsplan-lighthouse-") as tmp:
        report = Path(tmp) / "report.json"
        command = [
            str(LIGHTHOUSE),
            url,
            f"--only-categories={','.join(CATEGORIES)}",
            "--output=json",
            f"--output-path={report}",
            f"--chrome-flags={CHROME_FLAGS}",
            f"--extra-headers={json.dumps({'Cookie': cookie})}",
            "--quiet",
        ]
        try:
            done = subprocess.run(  # noqa: S603 - our own fixed command line
                command, capture_output=True, text=True, timeout=timeout, env={**os.environ, "CHROME_PATH": CHROME}
            )
        except (OSError, subprocess.TimeoutExpired) as error:
            return Lighthouse(error=str(error))
        if done.returncode != 0 or not report.exists():
            return Lighthouse(error=f"exit {done.returncode}: {(done.stderr or done.stdout).strip()[-500:]}")
        return _read(json.loads(report.read_text()))


def _read(report: dict) -> Lighthouse:
    if runtime := report.get("runtimeError"):
        return Lighthouse(error=f"{runtime.get('code')}: {runtime.get('message')}")
    result = Lighthouse()
    audits = report["audits"]
    for name in CATEGORIES:
        category = report["categories"][name]
        result.scores[name] = round((category["score"] or 0) * 100)
        for ref in category["auditRefs"]:
            audit = audits[ref["id"]]
            score = audit.get("score")
            if score is None or score >= PASS or audit.get("scoreDisplayMode") in IGNORED_MODES:
                continue
            # Weighted and pass/fail audits move the score; the rest are performance hints (opportunities).
            counts = ref.get("weight", 0) > 0 or audit.get("scoreDisplayMode") == "binary"
            (result.failing if counts else result.hints).setdefault(name, []).append(f"{ref['id']} ({score:.2f})")
    return result
