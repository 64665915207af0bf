"""JIM-overleg with the mentor. Petra (regisseur) proposes one for Samira and her mentor Karim; on his phone Karim
answers "Ik kom" (htmx: the answers swap in place) and Samira and Petra see him as confirmed. Karim proposes another
time for the demo story's JIM-overleg; Petra takes that time, and the appointment moves with Karim confirmed. The
calendar file (.ics) carries the Dutch time zone.

Both journeys run on an app of their own: they add and move JIM-overleggen that other journeys read in the demo.
"""

from __future__ import annotations

import re
import uuid
from datetime import date, datetime, timedelta
from pathlib import Path
from urllib.parse import urlsplit
from zoneinfo import ZoneInfo

from babel.dates import format_date
from playwright.sync_api import Locator, Page, expect

from e2e.appointment_steps import propose_jim_overleg_with_samira_and_karim
from e2e.demo import KARIM_EMAIL, PETRA_EMAIL, PETRA_TOTP_SECRET, SAMIRA_EMAIL, DemoData
from e2e.pages import PageChecker, assert_not_reloaded, check_in_dutch_and_arabic, log_in, mark_page
from e2e.server import RunningApp

FAMILY = "Haddou"
AMSTERDAM = ZoneInfo("Europe/Amsterdam")


def path_of(page: Page) -> str:
    return urlsplit(page.url).path


def days_ahead(days: int) -> date:
    return datetime.now(AMSTERDAM).date() + timedelta(days=days)


def row_of(page: Page, name: str) -> Locator:
    """One person's line under "Wie komen er?": by first name ("Jij" or, for an adult, "U" for the one looking; family members and mentors
    show only their first name there, professionals their full name)."""
    name_pattern = re.compile(rf"^{re.escape(name)}\b")
    return page.locator("#answers ul.answers > li", has=page.locator(".list__title bdi", has_text=name_pattern))


def answer_of(page: Page, name: str) -> Locator:
    return row_of(page, name).locator(".answer")


def test_regisseur_proposes_a_jim_overleg_and_the_mentor_comes(
    private_app: RunningApp, new_phone, checker: PageChecker
) -> None:
    demo = DemoData(private_app.database_url)
    family_id = demo.family_id(FAMILY)
    day = days_ahead(4)
    place = f"Bibliotheek Venlo, zaal {uuid.uuid4().hex[:4]}"

    # --- Petra proposes a JIM-overleg -------------------------------------------------------------------------
    petra = log_in(new_phone(base_url=private_app.base_url), PETRA_EMAIL, PETRA_TOTP_SECRET)
    petra.goto(f"/afspraken/nieuw?gezin={family_id}")
    expect(petra.locator("h1")).to_have_text("Nieuwe afspraak")
    expect(petra.locator("#kind")).to_have_value("jim_overleg")
    check_in_dutch_and_arabic(petra, checker, "new appointment")
    propose_jim_overleg_with_samira_and_karim(petra, day, "10:30", place)
    petra.wait_for_load_state("load")
    assert path_of(petra).startswith("/afspraken/"), petra.url
    appointment_id = int(path_of(petra).rsplit("/", 1)[1])
    appointment_path = f"/afspraken/{appointment_id}"
    expect(petra.locator(".flash--success")).to_contain_text("De afspraak is gemaakt.")
    expect(petra.locator("h1")).to_have_text("JIM-overleg")
    expect(petra.locator("main dl.facts")).to_contain_text(place)
    expect(answer_of(petra, "Karim")).to_have_text("nog geen antwoord")
    checker.check(petra, "appointment, just proposed (regisseur)")

    # --- Karim finds it on his phone and answers "Ik kom" (htmx) ------------------------------------------
    karim = log_in(new_phone(base_url=private_app.base_url), KARIM_EMAIL)
    karim.goto("/afspraken")
    expect(karim.locator("h1")).to_have_text("Mijn afspraken")
    item = karim.locator("ul.appointments li", has=karim.locator(f"a[href='{appointment_path}']"))
    expect(item).to_contain_text(format_date(day, "EEEE d MMMM", locale="nl") + ", 10:30")
    expect(item).to_contain_text("U: nog geen antwoord")
    check_in_dutch_and_arabic(karim, checker, "appointments (mentor)")
    with karim.expect_navigation():
        item.get_by_role("link").click()
    assert path_of(karim) == appointment_path
    expect(karim.locator("main dl.facts")).to_contain_text(format_date(day, "EEEE d MMMM y", locale="nl"))
    expect(answer_of(karim, "U")).to_have_text("nog geen antwoord")
    check_in_dutch_and_arabic(karim, checker, "appointment (mentor, to answer)")

    marker = mark_page(karim)
    address = karim.url
    karim.locator("#answers").get_by_label("Ik kom", exact=True).check()
    with karim.expect_response(lambda r: r.request.method == "POST" and r.url.endswith("/antwoord")) as sent:
        karim.get_by_role("button", name="Antwoord versturen").click()
    assert sent.value.status == 200
    assert sent.value.request.headers.get("hx-request") == "true"
    expect(karim.locator("#answers [role=status]")).to_have_text("Uw antwoord is opgeslagen.")
    expect(answer_of(karim, "U")).to_have_text("bevestigd")
    expect(karim.locator("#answers")).to_have_count(1)  # swapped, not nested
    expect(karim.locator("#answers").get_by_label("Ik kom", exact=True)).to_be_checked()
    assert_not_reloaded(karim, marker, address)
    checker.check(karim, "appointment (mentor, answered)")
    assert demo.answer(appointment_id, KARIM_EMAIL) == "bevestigd"

    # --- Samira and Petra, each on their own phone, see him as confirmed ---------------------------------
    samira = log_in(new_phone(base_url=private_app.base_url), SAMIRA_EMAIL)
    samira.goto(appointment_path)
    expect(answer_of(samira, "Karim")).to_have_text("bevestigd")
    expect(answer_of(samira, "Jij")).to_have_text("nog geen antwoord")
    checker.check(samira, "appointment (youth)")
    petra.goto(appointment_path)
    expect(answer_of(petra, "Karim")).to_have_text("bevestigd")
    expect(answer_of(petra, "Samira")).to_have_text("nog geen antwoord")
    checker.check(petra, "appointment (regisseur, Karim answered)")


def test_mentor_proposes_another_time_and_the_regisseur_takes_it(
    private_app: RunningApp, new_phone, checker: PageChecker
) -> None:
    demo = DemoData(private_app.database_url)
    waiting = demo.appointment_ids(KARIM_EMAIL, answer="open", kind="jim_overleg")
    assert waiting, "the demo story has no JIM-overleg that waits for Karim's answer"
    appointment_id = waiting[0]  # the one Petra proposed in the demo story
    appointment_path = f"/afspraken/{appointment_id}"
    day = days_ahead(9)
    when_nl = format_date(day, "EEEE d MMMM", locale="nl") + ", 14:15"

    # --- Karim opens it from his list and proposes another time ----------------------------------------------
    karim = log_in(new_phone(base_url=private_app.base_url), KARIM_EMAIL)
    karim.goto("/afspraken")
    item = karim.locator("ul.appointments li", has=karim.locator(f"a[href='{appointment_path}']"))
    expect(item).to_contain_text("U: nog geen antwoord")
    with karim.expect_navigation():
        item.get_by_role("link").click()
    assert path_of(karim) == appointment_path
    expect(answer_of(karim, "Samira")).to_have_text("bevestigd")
    marker = mark_page(karim)
    address = karim.url
    answers = karim.locator("#answers")

    # Without a day and time the form asks for them, in place (422).
    answers.get_by_label("Ik stel een andere tijd voor", exact=True).check()
    with karim.expect_response(lambda r: r.request.method == "POST" and r.url.endswith("/antwoord")) as sent:
        karim.get_by_role("button", name="Antwoord versturen").click()
    assert sent.value.status == 422
    expect(answers.locator(".error-summary")).to_contain_text("Kies de dag en tijd die jij voorstelt.")
    expect(answers.get_by_label("Ik stel een andere tijd voor", exact=True)).to_be_checked()
    assert_not_reloaded(karim, marker, address)
    checker.check(karim, "appointment (mentor, other time without a time)")

    answers.get_by_label("Andere dag").fill(day.isoformat())
    answers.get_by_label("Andere begintijd").fill("14:15")
    with karim.expect_response(lambda r: r.request.method == "POST" and r.url.endswith("/antwoord")) as sent:
        karim.get_by_role("button", name="Antwoord versturen").click()
    assert sent.value.status == 200
    expect(karim.locator("#answers [role=status]")).to_have_text("Uw antwoord is opgeslagen.")
    expect(answer_of(karim, "U")).to_have_text("stelt een andere tijd voor")
    expect(row_of(karim, "U")).to_contain_text(f"Voorstel: {when_nl}")
    assert_not_reloaded(karim, marker, address)
    check_in_dutch_and_arabic(karim, checker, "appointment (mentor, other time proposed)")
    assert demo.answer(appointment_id, KARIM_EMAIL) == "andere_tijd"

    # --- Petra takes that time ---------------------------------------------------------------------------------
    petra = log_in(new_phone(base_url=private_app.base_url), PETRA_EMAIL, PETRA_TOTP_SECRET)
    petra.goto(appointment_path)
    karim_row = row_of(petra, "Karim")
    expect(karim_row.locator(".answer")).to_have_text("stelt een andere tijd voor")
    expect(karim_row).to_contain_text(f"Voorstel: {when_nl}")
    check_in_dutch_and_arabic(petra, checker, "appointment (regisseur, a time proposed)")
    with petra.expect_navigation():
        karim_row.get_by_role("button", name="Deze tijd nemen").click()
    petra.wait_for_load_state("load")
    assert path_of(petra) == appointment_path
    expect(petra.locator(".flash--success")).to_contain_text("De afspraak heeft een nieuwe tijd.")
    expect(petra.locator("main dl.facts dd").first).to_contain_text(
        format_date(day, "EEEE d MMMM y", locale="nl") + ", 14:15–15:15"
    )
    expect(answer_of(petra, "Karim")).to_have_text("bevestigd")
    expect(answer_of(petra, "Samira")).to_have_text("nog geen antwoord")  # asked again for the new time
    expect(row_of(petra, "Karim")).not_to_contain_text("Voorstel:")
    checker.check(petra, "appointment (regisseur, time taken)")

    # --- Karim sees the new time, and puts it in his calendar -------------------------------------------------
    karim.goto(appointment_path)
    expect(karim.locator("main dl.facts dd").first).to_contain_text(format_date(day, "EEEE d MMMM y", locale="nl"))
    expect(answer_of(karim, "U")).to_have_text("bevestigd")
    with karim.expect_download() as downloaded:
        karim.get_by_role("link", name="Zet deze afspraak in mijn agenda").click()
    assert downloaded.value.suggested_filename == f"afspraak-{appointment_id}.ics"
    ics = Path(downloaded.value.path()).read_text(encoding="utf-8")
    assert "BEGIN:VCALENDAR" in ics and "BEGIN:VEVENT" in ics, ics
    assert "TZID=Europe/Amsterdam" in ics, ics
    assert f"DTSTART;TZID=Europe/Amsterdam:{day:%Y%m%d}T141500" in ics, ics
    # The same file through the browser's cookies (what a calendar app that follows the link gets).
    response = karim.request.get(f"{appointment_path}/agenda.ics")
    assert response.status == 200
    assert response.headers["content-type"].startswith("text/calendar")
    assert "BEGIN:VEVENT" in response.text()

    # --- the calendar link page ------------------------------------------------------------------------------------
    karim.goto("/agenda")
    expect(karim.locator("h1")).to_have_text("Je afspraken in je eigen agenda")
    check_in_dutch_and_arabic(karim, checker, "calendar link")
