"""From 16 a youth decides what her parents and foster parents see of her part of the plan.

Samira (17) hides one of her goals from her foster parent and shows it again. Emre turns 16 (on a server of the test's
own, with a frozen clock): the day before, his mother sees his goal; on his birthday he is asked first, and his mother
sees the goal only once he says yes.
"""

from __future__ import annotations

from datetime import UTC, date, datetime, time, timedelta
from urllib.parse import urlsplit

from playwright.sync_api import Page, expect

from e2e.demo import AYSE_EMAIL, DEMO_PASSWORD, EMRE_EMAIL, DemoData
from e2e.pages import PageChecker, check_in_dutch_and_arabic, choose_language, html_lang_dir, submit
from e2e.server import RunningApp

HADDOU = "Haddou"
HIDDEN = "Ik haal mijn diploma mbo niveau 3"
STILL_SHOWN = "Ik weet waar ik ga wonen na mijn 18e"
YILMAZ = "Yılmaz"
EMRES_GOAL = "Emre heeft tijd voor voetbal en vrienden"


def path_of(page: Page) -> str:
    return urlsplit(page.url).path


def goal_titles(page: Page) -> list[str]:
    return [title.strip() for title in page.locator("article.goal h3").all_inner_texts()]


def choose_for_goal(page: Page, goal_id: int, value: str) -> None:
    """On /delen: who may see this one goal ('' = as chosen above, 'ja', 'nee'); the page reloads with a message."""
    form = page.locator(f"form#doel-{goal_id}")
    form.locator(f"#doel-{goal_id}-{value or 'standaard'}").check()
    with page.expect_navigation():
        form.locator("button[type=submit]").click()
    page.wait_for_load_state("load")
    assert path_of(page) == "/delen"
    expect(page.locator(".flash--success")).to_contain_text("Opgeslagen.")
    expect(page.locator(f"#doel-{goal_id}-{value or 'standaard'}")).to_be_checked()


def test_youth_hides_one_goal_from_her_foster_parent(
    samira_state: dict, hendriks_state: dict, petra_state: dict, new_phone, checker: PageChecker, demo: DemoData
) -> None:
    family_id = demo.family_id(HADDOU)
    hidden_id = demo.goal_id(family_id, HIDDEN)
    plan_path = f"/gezinnen/{family_id}/plan"

    hendriks = new_phone(storage_state=hendriks_state).new_page()
    hendriks.goto(plan_path)
    assert {HIDDEN, STILL_SHOWN} <= set(goal_titles(hendriks)), "the foster parent should see Samira's goals"
    shown_before = len(goal_titles(hendriks))

    samira = new_phone(storage_state=samira_state).new_page()
    samira.goto("/home")
    with samira.expect_navigation():
        samira.locator("main a", has_text="Bekijk ons gezinsplan").click()
    assert path_of(samira) == plan_path
    with samira.expect_navigation():
        samira.locator("main a", has_text="Wat mogen je ouders zien?").click()
    assert path_of(samira) == "/delen"
    expect(samira.locator("h1")).to_have_text("Wat mogen je ouders zien?")
    expect(samira.locator("input[name=goals][value=ja]")).to_be_checked()  # the demo: she shares her goals
    expect(samira.locator(f"form#doel-{hidden_id} legend")).to_have_text(HIDDEN)
    expect(samira.locator(f"#doel-{hidden_id}-standaard")).to_be_checked()
    check_in_dutch_and_arabic(samira, checker, "sharing choices")

    try:
        choose_for_goal(samira, hidden_id, "nee")
        check_in_dutch_and_arabic(samira, checker, "sharing choices, one goal hidden")

        hendriks.reload()
        titles = goal_titles(hendriks)
        assert HIDDEN not in titles, "the foster parent still sees the goal Samira hid"
        assert STILL_SHOWN in titles
        assert len(titles) == shown_before - 1
        expect(hendriks.locator("main")).not_to_contain_text(HIDDEN)
        check_in_dutch_and_arabic(hendriks, checker, "plan seen by the foster parent, one goal hidden")

        # What changed in the current version doesn't give the hidden goal away either.
        with hendriks.expect_navigation():
            hendriks.locator("section.version a", has_text="Wat is er veranderd?").click()
        expect(hendriks.locator("h1")).to_have_text("Wat is er veranderd?")
        expect(hendriks.locator("main")).not_to_contain_text(HIDDEN)
        check_in_dutch_and_arabic(hendriks, checker, "what changed, seen by the foster parent")

        # Samira herself and her regisseur still see it.
        samira.goto(plan_path)
        assert HIDDEN in goal_titles(samira)
        petra = new_phone(storage_state=petra_state).new_page()
        petra.goto(plan_path)
        assert path_of(petra) == plan_path
        assert HIDDEN in goal_titles(petra), "the regisseur should still see the goal Samira hid from her parents"
        assert len(goal_titles(petra)) == shown_before
    finally:
        samira.goto("/delen")
        choose_for_goal(samira, hidden_id, "")

    hendriks.goto(plan_path)
    assert HIDDEN in goal_titles(hendriks), "after Samira showed it again, the foster parent should see the goal"
    assert len(goal_titles(hendriks)) == shown_before


# --- Emre turns 16 ----------------------------------------------------------------------------------------------


def sixteenth_birthday(birth_date: date) -> date:
    try:
        return birth_date.replace(year=birth_date.year + 16)
    except ValueError:  # born on 29 February: the birthday is 1 March in a common year
        return date(birth_date.year + 16, 3, 1)


def set_clock(app: RunningApp, day: date) -> None:
    """The private server's 'now': noon (UTC) of `day`."""
    app.server.app.config["ONSPLAN_FROZEN_NOW"] = datetime.combine(day, time(12), tzinfo=UTC)


def log_in(page: Page, email: str) -> None:
    page.goto("/login")
    page.fill("#email", email)
    page.fill("#password", DEMO_PASSWORD)
    submit(page)
    assert path_of(page) == "/home", f"{email} did not get in: {page.url}"


def test_on_his_16th_birthday_emre_decides_what_his_mother_sees(
    private_app: RunningApp, new_phone, checker: PageChecker
) -> None:
    data = DemoData(private_app.database_url)
    family_id = data.family_id(YILMAZ)
    birthday = sixteenth_birthday(data.birth_date(EMRE_EMAIL))
    data.dispose()
    plan_path = f"/gezinnen/{family_id}/plan"
    assert birthday > datetime.now(UTC).date(), "the demo story makes Emre 15"

    # The day before: Emre is 15, his mother (with parental authority) sees his goal.
    set_clock(private_app, birthday - timedelta(days=1))
    ayse = new_phone(base_url=private_app.base_url).new_page()
    log_in(ayse, AYSE_EMAIL)
    assert html_lang_dir(ayse)[0] == "tr", "Ayşe reads OnsPlan in Turkish"
    choose_language(ayse, "nl")
    ayse.goto(plan_path)
    assert EMRES_GOAL in goal_titles(ayse)
    check_in_dutch_and_arabic(ayse, checker, "plan seen by the mother, Emre 15")

    # His birthday: he is 16 and is asked first what he shares; until he answers, his goal is his own.
    set_clock(private_app, birthday)
    ayse.reload()
    assert EMRES_GOAL not in goal_titles(ayse), "the mother sees Emre's goal before he chose to share it"
    expect(ayse.locator("main")).not_to_contain_text(EMRES_GOAL)
    check_in_dutch_and_arabic(ayse, checker, "plan seen by the mother, Emre 16 and not asked yet")

    emre = new_phone(base_url=private_app.base_url).new_page()
    log_in(emre, EMRE_EMAIL)
    with emre.expect_navigation():
        emre.locator("main a", has_text="Bekijk ons gezinsplan").click()
    assert path_of(emre) == "/delen", f"Emre (16) should be asked first, but is on {emre.url}"
    expect(emre.locator("h1")).to_have_text("Wat mogen je ouders zien?")
    expect(emre.locator("main .lead")).to_contain_text("Je bent 16 of ouder.")
    expect(emre.locator("input[name=goals]:checked")).to_have_count(0)
    check_in_dutch_and_arabic(emre, checker, "sharing choices, asked on the 16th birthday")

    # The plan keeps asking until he has answered.
    emre.goto(plan_path)
    assert path_of(emre) == "/delen"
    ayse.reload()
    assert EMRES_GOAL not in goal_titles(ayse)

    emre.locator("input[name=goals][value=ja]").check()
    emre.locator("input[name=toekomstplan][value=nee]").check()
    with emre.expect_navigation():
        emre.locator("main form button[type=submit]").first.click()
    emre.wait_for_load_state("load")
    assert path_of(emre) == plan_path, "after answering, Emre goes on to the plan he wanted to see"
    assert EMRES_GOAL in goal_titles(emre)
    check_in_dutch_and_arabic(emre, checker, "plan seen by Emre (16)")

    ayse.reload()
    assert EMRES_GOAL in goal_titles(ayse), "Emre shares his goals, so his mother sees his goal again"
    checker.check(ayse, "plan seen by the mother, Emre shares his goals")
