"""Emre (15) picks his football trainer as JIM mentor with the keyboard alone; because he is under 16 his mother Ayşe
is asked, in Turkish, whether she supports his choice, and Petra sees her answer before she can decide.

On an app of its own: Emre's nomination changes the demo, and Ayşe's language must be the demo's Turkish (another
journey may have switched her to Dutch on the shared app).
"""

from __future__ import annotations

import re

from playwright.sync_api import Page, expect

from e2e.demo import AYSE_EMAIL, DEMO_PASSWORD, EMRE_EMAIL, PETRA_EMAIL, PETRA_TOTP_SECRET
from e2e.pages import PageChecker, html_lang_dir, log_in, submit
from e2e.server import RunningApp


def _focused(page: Page) -> dict:
    return page.evaluate("() => { const e = document.activeElement; return {tag: e.tagName.toLowerCase(), id: e.id}; }")


def _tab_to(page: Page, element_id: str, limit: int = 40) -> None:
    """Press Tab until the element with this id has the focus (a keyboard user's way through the page)."""
    for _ in range(limit):
        page.keyboard.press("Tab")
        if _focused(page)["id"] == element_id:
            return
    raise AssertionError(f"#{element_id} cannot be reached with Tab")


def test_a_youth_under_16_nominates_with_the_keyboard_and_his_mother_supports_it(
    private_app: RunningApp, new_phone, checker: PageChecker
) -> None:
    emre = log_in(new_phone(base_url=private_app.base_url), EMRE_EMAIL)
    emre.goto("/mentor")
    checker.check(emre, "my mentor, none yet (Emre)")
    expect(emre.locator("#jim-title")).to_be_visible()

    # Keyboard only: to the "Kies je mentor" link, then through the form.
    for _ in range(40):
        emre.keyboard.press("Tab")
        if emre.evaluate("() => document.activeElement.getAttribute('href')") == "/mentor/kiezen":
            break
    else:
        raise AssertionError("the link to choose a mentor cannot be reached with Tab")
    with emre.expect_navigation():
        emre.keyboard.press("Enter")
    checker.check(emre, "choose a mentor (Emre)")
    _tab_to(emre, "name")
    emre.keyboard.type("Joost van Dijk")
    _tab_to(emre, "relation")
    for _ in range(4):  # Kies… → oom of tante → opa of oma → buurman of buurvrouw → coach of trainer
        emre.keyboard.press("ArrowDown")
    _tab_to(emre, "contact")
    emre.keyboard.type("06 12345678")
    _tab_to(emre, "motivation")
    emre.keyboard.type("Joost is mijn voetbaltrainer. Hij helpt mij altijd.")
    emre.keyboard.press("Tab")
    assert _focused(emre)["tag"] == "button"
    with emre.expect_navigation():
        emre.keyboard.press("Enter")
    expect(emre.locator("#invite-link")).to_have_text(re.compile(r"/jim/[A-Za-z0-9_-]{40,}$"))
    checker.check(emre, "invitation link (Emre)")
    emre.goto("/mentor")
    expect(emre.locator(".progress-steps [aria-current=step]")).to_contain_text("Uitgenodigd")
    expect(emre.locator("#progress-title")).to_contain_text("Joost van Dijk")

    # His mother is asked, in her own language.
    ayse = new_phone(base_url=private_app.base_url).new_page()
    ayse.goto("/login")
    ayse.fill("#email", AYSE_EMAIL)
    ayse.fill("#password", DEMO_PASSWORD)
    submit(ayse)
    assert html_lang_dir(ayse) == ("tr", "ltr")
    support_link = ayse.locator("a[href^='/mentoren/']").first
    expect(support_link).to_be_visible()
    checker.check(ayse, "home with a support request (tr)")
    support_link.click()
    ayse.wait_for_load_state("load")
    checker.check(ayse, "support the choice (tr)")
    submit(ayse)  # nothing chosen: the form says so, in Turkish
    expect(ayse.locator("#supports-error")).to_be_visible()
    ayse.locator("#supports-0").check()
    submit(ayse)
    expect(ayse.locator(".flash--success")).to_be_visible()
    expect(ayse.locator("#supports-0")).to_be_checked()  # her answer shows; she can change it until the decision

    # Petra sees the parents' answer on the nomination.
    petra = log_in(new_phone(base_url=private_app.base_url), PETRA_EMAIL, PETRA_TOTP_SECRET)
    petra.goto("/mentoren")
    petra.locator("a", has_text="Joost van Dijk").click()
    petra.wait_for_load_state("load")
    expect(petra.locator(".facts")).to_contain_text("De ouders steunen deze keuze")
    checker.check(petra, "nomination of a youth under 16 (petra)")
