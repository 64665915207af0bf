"""Lists that say enough (issue 13) on a 360 px phone, in Dutch and Arabic: Samira's plan has the answer block right
after what changed, reached in one tap from the changes page; her agenda says where and with whom; her message list
shows the last message's first words and time; after Petra looked at the plan twice, the access log groups the
visits with each time one tap away; Hulp has the back link at the top.

On an app of its own: it reads the demo story's latest messages, agenda and access log, which journeys on the
shared app add to.
"""

from __future__ import annotations

from playwright.sync_api import expect

from e2e.demo import PETRA_EMAIL, PETRA_TOTP_SECRET, SAMIRA_EMAIL, DemoData
from e2e.pages import PageChecker, check_in_dutch_and_arabic, log_in, path_of
from e2e.server import RunningApp

FAMILY = "Haddou"


def test_samira_answers_where_she_reads_what_changed_and_her_lists_say_enough(
    private_app: RunningApp, new_phone, checker: PageChecker
) -> None:
    demo = DemoData(private_app.database_url)
    family_id = demo.family_id(FAMILY)
    plan_path = f"/gezinnen/{family_id}/plan"
    number = demo.current_version(family_id)

    # Petra looks at the plan twice: the family's log will say so in one line.
    petra = log_in(new_phone(base_url=private_app.base_url), PETRA_EMAIL, PETRA_TOTP_SECRET)
    for _time in range(2):
        petra.goto(plan_path)
        expect(petra.locator("h1")).to_contain_text("Ons gezinsplan")

    # --- the plan: the answer block follows the version and its "what changed" link ------------------------------
    samira = log_in(new_phone(base_url=private_app.base_url), SAMIRA_EMAIL)
    samira.goto(plan_path)
    if path_of(samira) == "/delen":  # asked once what she shares (16+)
        samira.locator("main form button[type=submit]").first.click()
        samira.goto(plan_path)
    version = samira.locator("section.version")
    expect(version.locator("h2")).to_contain_text(f"Versie {number}, ")
    expect(version.locator("h2")).not_to_contain_text(" van ")
    following = samira.locator("section.version + section")
    expect(following).to_have_id("jouw-antwoord")
    expect(following.locator("h2")).to_have_text("Wat vind jij van deze versie?")
    check_in_dutch_and_arabic(samira, checker, "plan with the answer after what changed")

    samira.locator("section.version a", has_text="Wat is er veranderd?").click()
    expect(samira.locator("h1")).to_have_text("Wat is er veranderd?")
    expect(samira.locator("main p.back-link a")).to_have_text("← Terug naar het plan")
    check_in_dutch_and_arabic(samira, checker, "what changed")
    samira.get_by_role("link", name="Zeg wat je ervan vindt").click()
    assert samira.url.endswith(f"{plan_path}#jouw-antwoord"), samira.url
    expect(samira.locator("#jouw-antwoord")).to_be_in_viewport()
    expect(samira.locator("#jouw-antwoord h2")).to_have_text("Wat vind jij van deze versie?")

    # --- the agenda: where and with whom --------------------------------------------------------------------------
    samira.goto("/afspraken")
    overleg = samira.locator("ul.appointments > li", has_text="JIM-overleg").first
    expect(overleg.locator(".appointment__where")).to_have_text("Waar: Wijkteam Venlo, Nassaustraat 12")
    expect(overleg.locator(".appointment__who")).to_contain_text("Karim")
    expect(overleg.locator(".appointment__who")).to_contain_text("Petra")
    expect(overleg.locator(".appointment__who")).not_to_contain_text("Samira")
    check_in_dutch_and_arabic(samira, checker, "agenda with place and people")

    # --- the message list: first words, time, who reads along -----------------------------------------------------
    samira.goto("/berichten")
    private = samira.locator("ul.conversations > li", has_text="privé").first
    expect(private.locator(".conversation__preview")).to_contain_text("Natuurlijk Samira. Zullen we dinsdag")
    expect(private.locator(".conversation__preview [dir=auto]")).to_have_count(1)
    expect(private.locator(".conversation__time time")).to_have_count(1)
    expect(private.locator(".conversation__people")).to_have_text("Met: Petra")
    check_in_dutch_and_arabic(samira, checker, "message list with first words")

    # --- the access log: Petra's visits of today in one line, each time one tap away ----------------------------
    samira.goto(f"{plan_path}/wie-heeft-gekeken")
    expect(samira.locator("main p.back-link a")).to_have_text("← Terug naar het plan")
    group = samira.locator("ol.log > li", has_text="Petra Jansen").first
    expect(group).to_contain_text("heeft het gezinsplan bekeken")
    expect(group.locator(".log__times")).to_contain_text("keer op")
    moments = group.locator(".log__moments time")
    assert moments.count() >= 2
    expect(moments.first).to_be_hidden()
    group.locator("summary", has_text="Laat elke keer zien").click()
    expect(moments.first).to_be_visible()
    check_in_dutch_and_arabic(samira, checker, "access log with grouped visits")

    # --- Hulp: the same back link at the top ------------------------------------------------------------------------
    samira.goto("/hulp")
    back = samira.locator("main p.back-link a")
    expect(back).to_have_text("← Terug naar de startpagina")
    box = back.bounding_box()
    assert box is not None and box["height"] >= 44, box
    check_in_dutch_and_arabic(samira, checker, "help with a back link")
    back.click()
    assert path_of(samira) == "/home", samira.url
