"""Ayşe reads her gezinsplan in Turkish: her goal as the interpreter gave it to Petra (the demo story seeds it), the
Dutch original one tap away. Petra translates an action with an interpreter; later she changes the Dutch of the goal
and publishes: Ayşe sees, calmly, that the translation is older, with the Dutch of now beside it. In Dutch the same
page shows the Dutch. On a server of the test's own (Petra changes the plan).
"""

from __future__ import annotations

from urllib.parse import urlsplit

from playwright.sync_api import Page, expect

from e2e.demo import AYSE_EMAIL, PETRA_EMAIL, PETRA_TOTP_SECRET, DemoData
from e2e.languages import NEW_LANGUAGES, check_in_languages
from e2e.pages import PageChecker, choose_language, html_lang_dir, log_in, submit
from e2e.server import RunningApp

YILMAZ = "Yılmaz"
GOAL = "Ayşe heeft elke maand een weekend rust"
GOAL_TR = "Ayşe'nin her ay bir hafta sonu dinlenme zamanı var"
ACTION = "Steungezin zoeken via Steuntje in de rug"
ACTION_TR = "Steuntje in de rug aracılığıyla bir destek ailesi aramak"
GOAL_NOW = "Ayşe heeft elke maand een heel weekend rust"


def path_of(page: Page) -> str:
    return urlsplit(page.url).path


def test_ayse_reads_her_plan_in_turkish_and_opens_the_dutch_original(
    private_app: RunningApp, new_phone, checker: PageChecker
) -> None:
    data = DemoData(private_app.database_url)
    family_id = data.family_id(YILMAZ)
    goal_id = data.goal_id(family_id, GOAL)
    data.dispose()
    plan_path = f"/gezinnen/{family_id}/plan"

    # Ayşe's phone speaks Turkish: the goal is Turkish, the Dutch is folded away.
    ayse = log_in(new_phone(base_url=private_app.base_url), AYSE_EMAIL)
    ayse.goto(plan_path)
    assert html_lang_dir(ayse) == ("tr", "ltr")
    expect(ayse.locator("#antwoord-title")).to_have_text("Bu sürüm hakkında ne düşünüyorsunuz?")  # a mother: siz
    card = ayse.locator(f"article#doel-{goal_id}")
    title = card.locator("h3")
    expect(title).to_have_text(GOAL_TR)
    assert title.get_attribute("lang") == "tr"
    original = card.locator(":scope > .translation > details.translation__original")  # the goal's, not an action's
    dutch = original.locator("p[lang=nl]")
    expect(dutch).to_be_hidden()
    expect(card.locator(":scope > .translation > .hint")).to_contain_text("Hatice Demir")
    expect(card.locator(".translation__stale")).to_have_count(0)
    checker.check(ayse, "plan with a Turkish goal (tr)")
    original.locator("summary").click()  # one tap
    expect(dutch).to_be_visible()
    expect(dutch).to_have_text(GOAL)
    assert dutch.get_attribute("dir") == "ltr"
    checker.check(ayse, "plan with the Dutch original open (tr)")

    # Petra translates the action with an interpreter.
    petra = log_in(new_phone(base_url=private_app.base_url), PETRA_EMAIL, PETRA_TOTP_SECRET)
    petra.goto(f"{plan_path}/bewerken")
    expect(petra.locator("#vertalingen")).to_contain_text("leest Turks")
    with petra.expect_navigation():
        petra.locator("#vertalingen a.button").click()
    assert path_of(petra) == f"{plan_path}/vertalingen"
    checker.check(petra, "translations overview (nl)")
    check_in_languages(petra, checker, "translations overview", NEW_LANGUAGES)
    row = petra.locator("main li.list__item", has_text=ACTION)
    expect(row).to_contain_text("Turks: nog niet vertaald")
    with petra.expect_navigation():
        row.locator("a.button").click()
    expect(petra.locator("main")).to_contain_text(ACTION)
    checker.check(petra, "translating one part (nl)")
    check_in_languages(petra, checker, "translating one part", NEW_LANGUAGES)
    petra.fill("#vertaling-tr", ACTION_TR)
    petra.fill("#tolk-tr", "Hatice Demir")
    submit(petra)
    expect(petra.locator(".flash--success")).to_contain_text("De vertaling is opgeslagen.")
    expect(petra.locator("#vertaling-tr")).to_have_value(ACTION_TR)
    checker.check(petra, "a part translated (nl)")

    ayse.reload()
    expect(card.locator(".actions")).to_contain_text(ACTION_TR)

    # Petra changes the Dutch of the goal and publishes: the translation is older, and both texts are shown.
    petra.goto(f"{plan_path}/bewerken/doelen/{goal_id}/bewerken")
    petra.fill(f"#goal-{goal_id}-title", GOAL_NOW)
    petra.locator(f"form[action$='/doelen/{goal_id}'] button[type=submit]").click()  # htmx swaps the goal in place
    expect(petra.locator(f"#doel-{goal_id}-title")).to_have_text(GOAL_NOW)
    petra.fill("#summary", "Ayşe's doel is duidelijker.")
    with petra.expect_navigation():
        petra.locator("#publiceren button[type=submit]").click()
    expect(petra.locator(".flash--success")).to_be_visible()

    ayse.reload()
    expect(title).to_have_text(GOAL_TR)
    expect(card.locator(":scope > .translation > .translation__stale")).to_be_visible()
    expect(dutch).to_be_visible()  # open at once: the Dutch of now beside the older translation
    expect(dutch).to_have_text(GOAL_NOW)
    checker.check(ayse, "plan with an older translation (tr)")

    # In Dutch the same page shows the Dutch.
    choose_language(ayse, "nl")
    assert html_lang_dir(ayse) == ("nl", "ltr")
    expect(title).to_have_text(GOAL_NOW)
    expect(ayse.locator("main")).not_to_contain_text(GOAL_TR)
    expect(ayse.locator("details.translation__original")).to_have_count(0)
    expect(ayse.locator("#antwoord-title")).to_have_text("Wat vindt u van deze versie?")  # a parent: "u"
    checker.check(ayse, "plan in Dutch (nl)")
