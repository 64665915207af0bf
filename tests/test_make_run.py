"""`make run` serves the demo without the Werkzeug debugger, with cookies that work on http://127.0.0.1."""

from __future__ import annotations

import re
import subprocess

from webapp.config import PROJECT_ROOT, Config

FLASK_COMMAND = re.compile(r"((?:[A-Z_]+=\S+\s+)*)\S*flask\s+--app\s+webapp\s+([^&;\n]*)")


def _run_commands() -> list[tuple[dict[str, str], list[str]]]:
    """The flask commands `make run` would start, as (environment, arguments); make -n only prints them."""
    printed = subprocess.run(
        ["make", "-n", "-s", "run"], cwd=PROJECT_ROOT, capture_output=True, text=True, check=True
    ).stdout
    return [
        (dict(pair.split("=", 1) for pair in env.split()), args.split()) for env, args in FLASK_COMMAND.findall(printed)
    ]


def test_make_run_starts_the_server_without_debugger_or_debug_mode(monkeypatch) -> None:
    commands = _run_commands()
    assert [args[0] for _env, args in commands] == ["seed-demo", "worker", "run"], commands
    assert commands[-1][1][1:] == ["--host", "127.0.0.1", "--port", "5000"]
    for env, args in commands:
        assert "--debug" not in args and "--debugger" not in args and "--reload" not in args
        assert "FLASK_DEBUG" not in env and "FLASK_ENV" not in env, env
        assert env.get("DEMO") == "1"
        monkeypatch.setenv("SECRET_KEY", "x")
        monkeypatch.delenv("FLASK_DEBUG", raising=False)
        for name, value in env.items():
            monkeypatch.setenv(name, value)
        config = Config.from_env()
        assert config.DEBUG is False
        assert config.SESSION_COOKIE_SECURE is False  # http://127.0.0.1 keeps its login
        assert not config.as_mapping()["SESSION_COOKIE_NAME"].startswith("__Host-")
