"""Petra (regisseur) rewrites a goal of family Haddou inline (htmx, no page reload) and publishes a new version with a
summary. On her own phone Samira sees the new version and the summary, reads what changed, and says "akkoord" (htmx
again); Petra then sees the answer in her editor.
"""

from __future__ import annotations

import uuid
from urllib.parse import urlsplit

from playwright.sync_api import Page, expect

from e2e.demo import DemoData
from e2e.pages import (
    PageChecker,
    assert_not_reloaded,
    check_in_dutch_and_arabic,
    choose_language,
    html_lang_dir,
    mark_page,
    translate,
)

FAMILY = "Haddou"
GOAL = "Thuis hebben we minder ruzie over geld en uitgaan"


def path_of(page: Page) -> str:
    return urlsplit(page.url).path


def test_regisseur_publishes_a_new_version_and_the_youth_agrees(
    petra_state: dict, samira_state: dict, new_phone, checker: PageChecker, demo: DemoData
) -> None:
    family_id = demo.family_id(FAMILY)
    goal_id = demo.goal_id(family_id, GOAL)
    new_number = demo.current_version(family_id) + 1
    new_title = f"Thuis praten we rustig over geld en uitgaan ({uuid.uuid4().hex[:6]})"
    summary = f"Het doel over ruzie thuis heeft nieuwe woorden ({uuid.uuid4().hex[:6]})."
    editor_path = f"/gezinnen/{family_id}/plan/bewerken"
    plan_path = f"/gezinnen/{family_id}/plan"

    # --- Petra edits the goal inline --------------------------------------------------------------------------
    petra = new_phone(storage_state=petra_state).new_page()
    petra.goto("/home")
    with petra.expect_navigation():
        petra.locator(f"main a[href='{editor_path}']").first.click()
    assert path_of(petra) == editor_path
    expect(petra.locator("h1")).to_have_text(f"Plan bewerken: gezin {FAMILY}")
    check_in_dutch_and_arabic(petra, checker, "plan editor")

    goal = petra.locator(f"article#doel-{goal_id}")
    expect(goal.locator("h3")).to_have_text(GOAL)
    address = petra.url
    marker = mark_page(petra)
    goal.get_by_role("link", name=f"Bewerk doel: {GOAL}").click()
    title_field = petra.locator(f"#goal-{goal_id}-title")
    expect(title_field).to_have_value(GOAL)
    assert_not_reloaded(petra, marker, address)
    checker.check(petra, "plan editor, goal form open")

    title_field.fill(new_title)
    with petra.expect_response(lambda r: r.request.method == "POST" and r.url.endswith(f"/doelen/{goal_id}")) as saved:
        goal.get_by_role("button", name="Opslaan").click()
    assert saved.value.status == 200
    expect(goal.locator("h3")).to_have_text(new_title)
    expect(title_field).to_have_count(0)
    assert_not_reloaded(petra, marker, address)
    checker.check(petra, "plan editor, goal saved")

    # --- and publishes a version ------------------------------------------------------------------------------
    petra.fill("#summary", summary)
    with petra.expect_navigation():
        petra.locator("#publiceren").get_by_role("button", name="Publiceren").click()
    petra.wait_for_load_state("load")
    assert path_of(petra) == editor_path
    expect(petra.locator(".flash--success")).to_contain_text(f"Versie {new_number} is gepubliceerd")
    expect(petra.locator("main .lead")).to_contain_text(f"versie {new_number}, ")
    assert demo.current_version(family_id) == new_number
    check_in_dutch_and_arabic(petra, checker, "plan editor after publishing")

    # --- Samira, on her own phone, reads the new version ------------------------------------------------------
    samira = new_phone(storage_state=samira_state).new_page()
    samira.goto("/home")
    with samira.expect_navigation():
        samira.locator("main a", has_text="Bekijk ons gezinsplan").click()
    assert path_of(samira) == plan_path
    version = samira.locator("section.version")
    expect(version.locator("h2")).to_contain_text(f"Versie {new_number}, ")
    expect(version).to_contain_text(summary)
    expect(samira.locator(f"article#doel-{goal_id} h3")).to_have_text(new_title)
    expect(samira.locator("#jouw-antwoord")).not_to_contain_text("Je antwoord:")  # nobody answered the new version
    check_in_dutch_and_arabic(samira, checker, "the family's plan")

    # The care word "gezinsplan" is explained in plain words.
    with samira.expect_navigation():
        samira.locator("main a.term", has_text="gezinsplan").first.click()
    assert path_of(samira) == "/uitleg"
    assert urlsplit(samira.url).fragment == "uitleg-gezinsplan"
    expect(samira.locator("#uitleg-gezinsplan")).to_be_visible()
    check_in_dutch_and_arabic(samira, checker, "glossary")
    samira.goto(plan_path)

    with samira.expect_navigation():
        samira.locator("section.version a", has_text="Wat is er veranderd?").click()
    assert path_of(samira) == f"{plan_path}/versie/{new_number}/veranderingen"
    expect(samira.locator("h1")).to_have_text("Wat is er veranderd?")
    expect(samira.locator("main")).to_contain_text(summary)
    change = samira.locator("ul.changes li.change--goal_title")
    expect(change).to_have_count(1)
    expect(change).to_contain_text(GOAL)
    expect(change).to_contain_text(new_title)
    check_in_dutch_and_arabic(samira, checker, "what changed")

    # --- she goes back and says "akkoord" (htmx: no reload) ----------------------------------------------------
    with samira.expect_navigation():
        samira.locator("main a", has_text="Terug naar het plan").click()
    assert path_of(samira) == plan_path
    answer = samira.locator("section#jouw-antwoord")
    address = samira.url
    marker = mark_page(samira)
    # "Niet akkoord" without a word of explanation: the form asks for one, in place.
    answer.locator("input[name=agrees][value=nee]").check()
    with samira.expect_response(lambda r: r.request.method == "POST" and "/antwoord" in r.url) as sent:
        answer.get_by_role("button", name="Antwoord sturen").click()
    assert sent.value.status == 422
    expect(samira.locator("#comment")).to_have_attribute("aria-invalid", "true")
    expect(samira.locator("#comment-error")).to_be_visible()
    expect(samira.locator("section#jouw-antwoord input[name=agrees][value=nee]")).to_be_checked()
    assert_not_reloaded(samira, marker, address)
    checker.check(samira, "the family's plan, 'niet akkoord' without a comment")

    answer.locator("input[name=agrees][value=ja]").check()
    samira.fill("#comment", "Zo klopt het beter.")
    with samira.expect_response(lambda r: r.request.method == "POST" and "/antwoord" in r.url) as sent:
        answer.get_by_role("button", name="Antwoord sturen").click()
    assert sent.value.status == 200
    expect(samira.locator("section#jouw-antwoord [role=status]")).to_have_text(
        "Dank je wel. Je regisseur ziet je antwoord."
    )
    assert_not_reloaded(samira, marker, address)
    expect(samira.locator("section#jouw-antwoord")).to_have_count(1)  # swapped, not nested
    expect(samira.locator("section#jouw-antwoord input[name=agrees][value=ja]")).to_be_checked()
    checker.check(samira, "the family's plan, answer sent")

    samira.reload()
    expect(samira.locator("section#jouw-antwoord")).to_contain_text("Je antwoord: akkoord")
    check_in_dutch_and_arabic(samira, checker, "the family's plan, answered")

    # --- Petra sees the answer ------------------------------------------------------------------------------------
    petra.goto(editor_path)
    answers = petra.locator("main section", has=petra.locator("h2", has_text=f"Antwoorden op versie {new_number}"))
    row = answers.locator("li", has_text="Samira Haddou")
    expect(row).to_contain_text("akkoord")
    expect(row).not_to_contain_text("niet akkoord")
    expect(row).to_contain_text("Zo klopt het beter.")
    checker.check(petra, "plan editor with the answer")


def test_publishing_without_a_summary_explains_what_is_missing(
    petra_state: dict, new_phone, checker: PageChecker, demo: DemoData
) -> None:
    family_id = demo.family_id(FAMILY)
    before = demo.current_version(family_id)
    petra = new_phone(storage_state=petra_state).new_page()
    petra.goto(f"/gezinnen/{family_id}/plan/bewerken")
    try:
        for language in ("nl", "ar"):
            # The refused form is the answer to a POST: the language switch there goes home, so switch first.
            if html_lang_dir(petra)[0] != language:
                choose_language(petra, language)
            petra.fill("#summary", "   ")
            with petra.expect_navigation() as navigation:
                petra.locator("#publiceren button[type=submit]").click()
            petra.wait_for_load_state("load")
            assert navigation.value is not None
            assert navigation.value.status == 400
            assert html_lang_dir(petra)[0] == language
            expect(petra.locator(".error-summary")).to_be_visible()
            expect(petra.locator("#summary")).to_have_attribute("aria-invalid", "true")
            expect(petra.locator("main")).to_contain_text(
                translate(language, "Schrijf in een paar woorden wat er veranderd is.")
            )
            checker.check(petra, f"plan editor, publishing refused ({language})")
            petra.goto(f"/gezinnen/{family_id}/plan/bewerken")
    finally:
        if html_lang_dir(petra)[0] != "nl":
            choose_language(petra, "nl")
    assert demo.current_version(family_id) == before
