"""Petra (regisseur) opens the plan of family Haddou; Samira then sees that in "Wie heeft ons plan bekeken?", with
today's date, also when she asks for the period from today, and not when she asks for a period in the past.
"""

from __future__ import annotations

from datetime import UTC, datetime, time, timedelta
from urllib.parse import parse_qs, urlsplit
from zoneinfo import ZoneInfo

import pyotp
from babel.dates import format_date
from playwright.sync_api import Locator, Page, expect

from e2e.demo import DEMO_PASSWORD, PETRA_EMAIL, PETRA_TOTP_SECRET, SAMIRA_EMAIL, DemoData
from e2e.pages import PageChecker, check_in_dutch_and_arabic, submit
from e2e.server import RunningApp

FAMILY = "Haddou"
# The app shows dates and times in this zone (BABEL_DEFAULT_TIMEZONE): "today" is today there.
APP_ZONE = ZoneInfo("Europe/Amsterdam")
READ_LABEL = "heeft het gezinsplan bekeken"
EMPTY = "In deze periode heeft niemand jullie plan bekeken."


def path_of(page: Page) -> str:
    return urlsplit(page.url).path


def logged_at(row: Locator) -> datetime:
    """When the row's event happened (the <time datetime> attribute; the app stores UTC)."""
    stamp = row.locator("time").first.get_attribute("datetime")  # a group's newest first (issue 13)
    assert stamp, "a log row without a machine-readable time"
    moment = datetime.fromisoformat(stamp)
    return moment if moment.tzinfo else moment.replace(tzinfo=UTC)


def expect_day(row: Locator, day) -> None:
    """A single visit shows its date and time; repeated visits of one person that day say "N keer op <day>" with each
    time behind "Laat elke keer zien" (issue 13)."""
    if row.locator("details").count():
        expect(row).to_contain_text(f"keer op {format_date(day, 'd MMMM', locale='nl')}")
    else:
        expect(row.locator("time")).to_contain_text(format_date(day, "medium", locale="nl"))


def filter_log(page: Page, since: str, until: str = "") -> None:
    page.fill("#since", since)
    page.fill("#until", until)
    response = submit(page)
    assert response is not None
    assert response.status == 200
    query = parse_qs(urlsplit(page.url).query)
    assert query.get("since") == [since], page.url


def test_youth_sees_that_her_regisseur_looked_at_the_plan(
    petra_state: dict, samira_state: dict, new_phone, checker: PageChecker, demo: DemoData
) -> None:
    family_id = demo.family_id(FAMILY)
    plan_path = f"/gezinnen/{family_id}/plan"

    # Petra: from her families to the plan as the family sees it.
    petra = new_phone(storage_state=petra_state).new_page()
    petra.goto("/home")
    with petra.expect_navigation():
        petra.locator(f"main a[href^='/gezinnen/{family_id}/']", has_text=f"Gezin {FAMILY}").first.click()
    started = datetime.now(UTC).replace(microsecond=0)
    with petra.expect_navigation():
        petra.locator("main a", has_text="Zoals het gezin het ziet").click()
    assert path_of(petra) == plan_path
    expect(petra.locator("h1")).to_contain_text("Ons gezinsplan")
    check_in_dutch_and_arabic(petra, checker, "the family's plan, seen by the regisseur")

    # Samira: from her home to the access log.
    samira = new_phone(storage_state=samira_state).new_page()
    samira.goto("/home")
    with samira.expect_navigation():
        samira.locator("main a", has_text="Wie heeft ons plan bekeken?").first.click()
    assert path_of(samira) == f"{plan_path}/wie-heeft-gekeken"
    expect(samira.locator("h1")).to_have_text("Wie heeft ons plan bekeken?")
    newest = samira.locator("ol.log > li").first
    expect(newest.locator(".list__title")).to_have_text("Petra Jansen")
    expect(newest).to_contain_text(READ_LABEL)
    moment = logged_at(newest)
    checked = datetime.now(UTC)
    assert started <= moment <= checked, f"the newest event ({moment}) is not Petra's visit ({started}-{checked})"
    # The day of the visit, not the day of the check: the two differ when the test runs across midnight.
    today = moment.astimezone(APP_ZONE).date()
    assert started.astimezone(APP_ZONE).date() <= today <= checked.astimezone(APP_ZONE).date()
    expect_day(newest, today)
    check_in_dutch_and_arabic(samira, checker, "access log")

    # A period in the past: nobody looked then (the demo story was made today).
    filter_log(samira, since=(today - timedelta(days=60)).isoformat(), until=(today - timedelta(days=30)).isoformat())
    expect(samira.locator("ol.log")).to_have_count(0)
    expect(samira.locator("main")).to_contain_text(EMPTY)
    check_in_dutch_and_arabic(samira, checker, "access log of a past period")

    # The period from today on still shows Petra's visit.
    filter_log(samira, since=today.isoformat())
    expect(samira.locator("#since")).to_have_value(today.isoformat())
    newest = samira.locator("ol.log > li").first
    expect(newest.locator(".list__title")).to_have_text("Petra Jansen")
    assert logged_at(newest) == moment
    check_in_dutch_and_arabic(samira, checker, "access log from today")


def log_in(page: Page, email: str, totp_at: datetime | None = None) -> None:
    """Log in on a private server (its own database: the session's logged-in states don't count there)."""
    page.goto("/login")
    page.fill("#email", email)
    page.fill("#password", DEMO_PASSWORD)
    submit(page)
    if totp_at is not None:
        assert path_of(page) == "/tweestaps/controle", page.url
        page.fill("#code", pyotp.TOTP(PETRA_TOTP_SECRET).at(totp_at))
        submit(page)
    assert path_of(page) == "/home", f"{email} did not get in: {page.url}"


def test_a_visit_just_after_midnight_is_in_the_period_of_that_day(
    private_app: RunningApp, new_phone, checker: PageChecker
) -> None:
    """At 00:30 in the Netherlands it is still yesterday in UTC: the period filter must use the day the family sees."""
    data = DemoData(private_app.database_url)
    family_id = data.family_id(FAMILY)
    data.dispose()
    day = datetime.now(APP_ZONE).date() + timedelta(days=1)
    just_after_midnight = datetime.combine(day, time(0, 30), tzinfo=APP_ZONE).astimezone(UTC)
    private_app.server.app.config["ONSPLAN_FROZEN_NOW"] = just_after_midnight

    petra = new_phone(base_url=private_app.base_url).new_page()
    log_in(petra, PETRA_EMAIL, totp_at=just_after_midnight)
    petra.goto(f"/gezinnen/{family_id}/plan")
    expect(petra.locator("h1")).to_contain_text("Ons gezinsplan")

    samira = new_phone(base_url=private_app.base_url).new_page()
    log_in(samira, SAMIRA_EMAIL)
    samira.goto(f"/gezinnen/{family_id}/plan/wie-heeft-gekeken")
    newest = samira.locator("ol.log > li").first
    expect(newest.locator(".list__title")).to_have_text("Petra Jansen")
    assert logged_at(newest) == just_after_midnight
    expect_day(newest, day)

    filter_log(samira, since=day.isoformat())
    expect(samira.locator("ol.log > li").first.locator(".list__title")).to_have_text("Petra Jansen")
    check_in_dutch_and_arabic(samira, checker, "access log from the day of a visit just after midnight")

    filter_log(samira, since=(day - timedelta(days=7)).isoformat(), until=(day - timedelta(days=1)).isoformat())
    expect(samira.locator("main")).not_to_contain_text(READ_LABEL)
    checker.check(samira, "access log of the week before that visit")
