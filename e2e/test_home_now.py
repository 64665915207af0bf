"""'Nu voor jou' on a 360 px phone. Petra publishes a new version of gezin Haddou's plan: Samira's home page lists
"a new version to answer" and one tap takes her to the answer block. Petra proposes a JIM-overleg with Karim: his
home page lists it, waiting for his answer, and one tap opens it; once he answers it is gone from the list. The home
pages pass the checks in Dutch and Arabic.

Each journey runs on an app of its own: it changes the demo story (a goal's title, a new JIM-overleg) that other
journeys read on the session's shared app.
"""

from __future__ import annotations

import re
import uuid
from datetime import datetime, timedelta
from urllib.parse import urlsplit
from zoneinfo import ZoneInfo

from playwright.sync_api import expect

from e2e.appointment_steps import propose_jim_overleg_with_samira_and_karim
from e2e.demo import KARIM_EMAIL, PETRA_EMAIL, PETRA_TOTP_SECRET, SAMIRA_EMAIL, DemoData
from e2e.pages import PageChecker, check_in_dutch_and_arabic, log_in, path_of
from e2e.server import RunningApp

FAMILY = "Haddou"
GOAL = "Ik haal mijn diploma mbo niveau 3"  # Samira's own goal: its title changes below
AMSTERDAM = ZoneInfo("Europe/Amsterdam")


def test_samira_finds_the_new_version_on_her_home_page_and_answers_it_in_one_tap(
    private_app: RunningApp, new_phone, checker: PageChecker
) -> None:
    demo = DemoData(private_app.database_url)
    family_id = demo.family_id(FAMILY)
    goal_id = demo.goal_id(family_id, GOAL)
    new_number = demo.current_version(family_id) + 1
    editor_path = f"/gezinnen/{family_id}/plan/bewerken"

    # --- Petra changes Samira's goal and publishes ------------------------------------------------------------
    petra = log_in(new_phone(base_url=private_app.base_url), PETRA_EMAIL, PETRA_TOTP_SECRET)
    petra.goto(editor_path)
    goal = petra.locator(f"article#doel-{goal_id}")
    goal.locator("a", has_text="Bewerk doel").first.click()
    petra.locator(f"#goal-{goal_id}-title").fill(f"{GOAL} ({uuid.uuid4().hex[:4]})")
    with petra.expect_response(lambda r: r.request.method == "POST" and r.url.endswith(f"/doelen/{goal_id}")):
        goal.get_by_role("button", name="Opslaan").click()
    petra.fill("#summary", "Samira's doel over school heeft nieuwe woorden.")
    with petra.expect_navigation():
        petra.locator("#publiceren").get_by_role("button", name="Publiceren").click()
    assert demo.current_version(family_id) == new_number

    # --- Samira's home page: the new version waits for her answer ---------------------------------------------
    samira = log_in(new_phone(base_url=private_app.base_url), SAMIRA_EMAIL)
    now = samira.locator("#nu-voor-jou")
    expect(now.locator("h2")).to_have_text("Nu voor jou")
    item = now.locator("li.now__item--plan")
    expect(item).to_have_count(1)
    expect(item).to_contain_text(f"Er is een nieuwe versie van het plan van gezin {FAMILY}. Wat vind jij ervan?")
    check_in_dutch_and_arabic(samira, checker, "home with a new version to answer")

    with samira.expect_navigation():
        item.get_by_role("link").click()
    assert path_of(samira) == f"/gezinnen/{family_id}/plan"
    assert urlsplit(samira.url).fragment == "jouw-antwoord"
    answer = samira.locator("#jouw-antwoord")
    expect(answer).to_be_in_viewport()
    expect(answer.locator("form")).to_have_attribute(
        "action", f"/gezinnen/{family_id}/plan/versie/{new_number}/antwoord"
    )
    checker.check(samira, "plan, at the answer block")

    answer.get_by_label("Akkoord", exact=True).check()
    with samira.expect_response(lambda r: r.request.method == "POST" and r.url.endswith("/antwoord")):
        answer.get_by_role("button", name="Antwoord sturen").click()
    samira.goto("/home")
    expect(samira.locator("#nu-voor-jou li.now__item--plan")).to_have_count(0)  # answered: gone
    checker.check(samira, "home after answering")
    demo.dispose()


def test_karim_finds_the_jim_overleg_waiting_for_his_answer_on_his_home_page(
    private_app: RunningApp, new_phone, checker: PageChecker
) -> None:
    demo = DemoData(private_app.database_url)
    family_id = demo.family_id(FAMILY)
    demo.dispose()
    day = datetime.now(AMSTERDAM).date() + timedelta(days=5)
    place = f"Wijkteam Venlo, kamer {uuid.uuid4().hex[:4]}"

    petra = log_in(new_phone(base_url=private_app.base_url), PETRA_EMAIL, PETRA_TOTP_SECRET)
    petra.goto(f"/afspraken/nieuw?gezin={family_id}")
    expect(petra.locator("#kind")).to_have_value("jim_overleg")
    propose_jim_overleg_with_samira_and_karim(petra, day, "15:30", place)
    appointment_path = path_of(petra)
    assert appointment_path.startswith("/afspraken/"), petra.url

    karim = log_in(new_phone(base_url=private_app.base_url), KARIM_EMAIL)
    item = karim.locator(
        "#nu-voor-jou li.now__item--appointment_answer", has=karim.locator(f"a[href='{appointment_path}']")
    )
    expect(item).to_have_count(1)
    expect(item).to_contain_text(re.compile(r"Zeg of (u|je) komt: JIM-overleg"))  # an adult reads "u"
    expect(item).to_contain_text(place)
    check_in_dutch_and_arabic(karim, checker, "home of the mentor with a JIM-overleg to answer")

    with karim.expect_navigation():
        item.get_by_role("link").click()
    assert path_of(karim) == appointment_path
    karim.locator("#answers").get_by_label("Ik kom", exact=True).check()
    with karim.expect_response(lambda r: r.request.method == "POST" and r.url.endswith("/antwoord")):
        karim.get_by_role("button", name="Antwoord versturen").click()
    karim.goto("/home")
    expect(karim.locator(f"#nu-voor-jou a[href='{appointment_path}']")).to_have_count(0)
    checker.check(karim, "home of the mentor after answering")
