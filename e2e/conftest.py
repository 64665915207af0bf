"""End-to-end fixtures: OnsPlan served from a thread on 127.0.0.1, Debian's Chromium, a 360x740 phone screen.

The app gets a fresh SQLite database with the demo story. Petra (a professional: password + TOTP) logs in once per
session; her storage state is reused, because a TOTP code works only once.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import tempfile
from collections.abc import Iterator
from pathlib import Path

import pyotp
import pytest
from playwright.sync_api import Browser, BrowserContext

from e2e import work_queue
from e2e.demo import EMRE_EMAIL, HENDRIKS_EMAIL, KARIM_EMAIL, SAMIRA_EMAIL, DemoData
from e2e.pages import CHROMIUM, CHROMIUM_ARGS, LOCALE, PHONE, PageChecker, submit
from e2e.server import RunningApp, start_app

ROOT = Path(__file__).resolve().parent.parent

# Config.from_env() may write a secret key into INSTANCE_DIR: keep that out of the repository.
_INSTANCE = tempfile.mkdtemp(prefix="onsplan-e2e-instance-")
os.environ.setdefault("ONSPLAN_INSTANCE", _INSTANCE)
os.environ.setdefault("SECRET_KEY", "e2e")

DEMO_PASSWORD = "onsplan-demo"
PETRA_EMAIL = "petra@example.org"
PETRA_TOTP_SECRET = "PETRAJANSENDEMO2FAONSPLANVENLO23"


def pytest_configure(config: pytest.Config) -> None:
    # pytest-playwright's own base_url fixture may warn about its removal; ours replaces it.
    config.addinivalue_line("filterwarnings", "ignore::pytest.PytestRemovedIn10Warning")
    _compile_translations()


def pytest_collection_finish(session: pytest.Session) -> None:
    """The collector as in a gunicorn worker (webapp/gc_tuning.py): the app servers run in this process too."""
    from webapp import gc_tuning  # after ONSPLAN_INSTANCE is set above (webapp.config reads it on import)

    gc_tuning.tune_this_process()


@pytest.hookimpl(tryfirst=True)
def pytest_runtestloop(session: pytest.Session) -> bool | None:
    """E2E_QUEUE=<directory>: this run shares the journeys with the other runs given the same directory, taking the
    next test file nobody took yet (e2e/work_queue.py; `make test` gives both lanes one). Without it, all run."""
    queue = os.environ.get("E2E_QUEUE")
    if not queue or session.config.option.collectonly:
        return None
    work_queue.run_taken(session, Path(queue))
    return True


def pytest_unconfigure(config: pytest.Config) -> None:
    shutil.rmtree(_INSTANCE, ignore_errors=True)


def _compile_translations() -> None:
    """Build the .mo files from the .po files being edited (cheap; the app reads only .mo). Only when a .po is newer
    than its .mo: `make test` compiled them already, and two e2e shards (or a unit run beside them) must not see a
    .mo file half rewritten."""
    stale = [
        po
        for po in (ROOT / "translations").glob("*/LC_MESSAGES/messages.po")
        if not po.with_suffix(".mo").exists() or po.with_suffix(".mo").stat().st_mtime < po.stat().st_mtime
    ]
    if not stale:
        return
    pybabel = Path(sys.executable).with_name("pybabel")
    command = [str(pybabel)] if pybabel.exists() else [sys.executable, "-m", "babel.messages.frontend"]
    result = subprocess.run(
        [*command, "compile", "-d", str(ROOT / "translations")], cwd=ROOT, capture_output=True, text=True, check=False
    )
    if result.returncode != 0:
        raise pytest.UsageError(f"pybabel compile failed:\n{result.stderr}")


# --- the app ---------------------------------------------------------------------------------------------------


@pytest.fixture(scope="session")
def app_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[RunningApp]:
    running = start_app(tmp_path_factory.mktemp("app"))
    yield running
    running.stop()


@pytest.fixture(scope="session")
def base_url(app_server: RunningApp) -> str:
    """Replaces pytest-playwright's base_url fixture: contexts resolve relative URLs against the e2e server."""
    return app_server.base_url


@pytest.fixture
def private_app(tmp_path: Path) -> Iterator[RunningApp]:
    """An app server of the test's own (own port, own database): the test may shut it down."""
    running = start_app(tmp_path / "app")
    yield running
    running.stop()


@pytest.fixture
def private_app_without_mentor(tmp_path: Path) -> Iterator[RunningApp]:
    """An app server of the test's own whose demo story has no JIM mentor: Samira still has to choose one."""
    running = start_app(tmp_path / "app-without-mentor", with_mentor=False)
    yield running
    running.stop()


# --- the browser -----------------------------------------------------------------------------------------------


@pytest.fixture(scope="session")
def browser_type_launch_args(browser_type_launch_args: dict) -> dict:
    return {**browser_type_launch_args, "executable_path": CHROMIUM, "args": CHROMIUM_ARGS}


@pytest.fixture(scope="session")
def browser_context_args(browser_context_args: dict) -> dict:
    return {**browser_context_args, "viewport": PHONE, "locale": LOCALE}


@pytest.fixture
def checker() -> Iterator[PageChecker]:
    """Accessibility, width and console checks for every page a test visits (see e2e/pages.py)."""
    found = PageChecker()
    yield found
    found.assert_no_console_errors()


@pytest.fixture
def new_phone(browser: Browser, browser_context_args: dict, checker: PageChecker) -> Iterator:
    """A factory of fresh, watched browser contexts (a second phone, a stranger opening a link)."""
    contexts: list[BrowserContext] = []

    def make(**kwargs) -> BrowserContext:
        context = browser.new_context(**{**browser_context_args, **kwargs})
        checker.watch_context(context)
        contexts.append(context)
        return context

    yield make
    for context in contexts:
        context.close()


@pytest.fixture(scope="session")
def petra_state(browser: Browser, browser_context_args: dict) -> dict:
    """Petra logged in (password, then TOTP) once per session: the storage state of that browser."""
    checker = PageChecker()
    context = browser.new_context(**browser_context_args)
    checker.watch_context(context)
    page = context.new_page()
    try:
        page.goto("/login")
        checker.check(page, "login (nl)")
        page.fill("#email", PETRA_EMAIL)
        page.fill("#password", DEMO_PASSWORD)
        submit(page)
        assert page.url.endswith("/tweestaps/controle"), page.url
        checker.check(page, "two-step check (nl)")
        page.fill("#code", pyotp.TOTP(PETRA_TOTP_SECRET).now())
        submit(page)
        assert page.url.endswith("/home"), page.url
        state = context.storage_state()
        checker.assert_no_console_errors()
        return state
    finally:
        context.close()


def _log_in(browser: Browser, context_args: dict, email: str) -> dict:
    """A family member logged in with the demo password: the storage state of that browser."""
    checker = PageChecker()
    context = browser.new_context(**context_args)
    checker.watch_context(context)
    page = context.new_page()
    try:
        page.goto("/login")
        page.fill("#email", email)
        page.fill("#password", DEMO_PASSWORD)
        submit(page)
        assert page.url.endswith("/home"), f"{email} did not get in: {page.url}"
        state = context.storage_state()
        checker.assert_no_console_errors()
        return state
    finally:
        context.close()


# Family members log in once per session too: all e2e traffic comes from 127.0.0.1, and the login form allows 10
# attempts per 5 minutes per address.


@pytest.fixture(scope="session")
def samira_state(browser: Browser, browser_context_args: dict) -> dict:
    return _log_in(browser, browser_context_args, SAMIRA_EMAIL)


@pytest.fixture(scope="session")
def hendriks_state(browser: Browser, browser_context_args: dict) -> dict:
    return _log_in(browser, browser_context_args, HENDRIKS_EMAIL)


@pytest.fixture(scope="session")
def emre_state(browser: Browser, browser_context_args: dict) -> dict:
    return _log_in(browser, browser_context_args, EMRE_EMAIL)


@pytest.fixture(scope="session")
def karim_state(browser: Browser, browser_context_args: dict) -> dict:
    """Karim, Samira's uncle and (in the demo story) her JIM mentor."""
    return _log_in(browser, browser_context_args, KARIM_EMAIL)


@pytest.fixture(scope="session")
def demo(app_server: RunningApp) -> Iterator[DemoData]:
    """The ids and facts of the demo story on the session's server (read from its database)."""
    data = DemoData(app_server.database_url)
    yield data
    data.dispose()
