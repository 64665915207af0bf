"""'Ik voel me niet veilig' on a 360 px phone. Emre (15) taps the button on his home page, sees the crisis numbers
first, sends the message without words, and sees that it was sent and what happens next. Petra's inbox shows his
conversation first, marked "Dringend"; a push for her is queued. Every page is checked in Dutch and Arabic.
"""

from __future__ import annotations

import re
from urllib.parse import urlsplit

from playwright.sync_api import Page, expect

from e2e.demo import EMRE_EMAIL, PETRA_EMAIL, DemoData
from e2e.pages import PageChecker, check_in_dutch_and_arabic


def path_of(page: Page) -> str:
    return urlsplit(page.url).path


def urgent_pushes(demo: DemoData, email: str) -> int:
    return demo._one(
        "SELECT count(*) FROM outbox_notification JOIN user ON user.id = outbox_notification.user_id"
        " WHERE user.email = :email AND outbox_notification.kind = 'dringend'",
        email=email,
    )


def test_emre_says_he_does_not_feel_safe_and_petra_sees_it_first(
    emre_state: dict, petra_state: dict, new_phone, checker: PageChecker, demo: DemoData
) -> None:
    pushes_before = urgent_pushes(demo, PETRA_EMAIL)

    # --- Emre: one tap from his home page --------------------------------------------------------------------
    emre = new_phone(storage_state=emre_state).new_page()
    emre.goto("/home")
    button = emre.get_by_role("link", name="Ik voel me niet veilig")
    expect(button).to_be_visible()
    with emre.expect_navigation():
        button.click()
    assert path_of(emre) == "/niet-veilig"
    expect(emre.locator("h1")).to_have_text("Ik voel me niet veilig")
    numbers = emre.locator("main a[href^='tel:']")
    expect(numbers.first).to_have_attribute("href", "tel:112")  # 112 comes first, before the form
    for number in ("tel:08000432", "tel:08002000", "tel:08000113"):
        expect(emre.locator(f"main a[href='{number}']")).to_have_count(1)
    expect(emre.locator("#bericht")).to_contain_text("Petra Jansen")
    check_in_dutch_and_arabic(emre, checker, "unsafe page (youth)")

    with emre.expect_navigation():
        emre.get_by_role("button", name="Stuur een bericht aan mijn regisseur").click()
    assert path_of(emre) == "/niet-veilig/verstuurd"
    expect(emre.locator("h1")).to_have_text("Je bericht is verstuurd")
    expect(emre.locator("main")).to_contain_text("Petra ziet je bericht bovenaan.")
    expect(emre.locator("main")).to_contain_text("Is het nu gevaarlijk?")
    expect(emre.locator("main a[href='tel:112']")).to_have_count(1)
    check_in_dutch_and_arabic(emre, checker, "unsafe alert sent (youth)")

    # --- a push for Petra is queued at once ----------------------------------------------------------------
    assert urgent_pushes(demo, PETRA_EMAIL) == pushes_before + 1
    assert urgent_pushes(demo, EMRE_EMAIL) == 0

    # --- Petra: first in her inbox, marked -------------------------------------------------------------------
    petra = new_phone(storage_state=petra_state).new_page()
    petra.goto("/berichten")
    first = petra.locator("ul.conversations > li").first
    expect(first).to_contain_text("Dringend")
    expect(first).to_contain_text("Emre")
    expect(petra.locator("ul.conversations > li", has_text="Dringend")).to_have_count(1)
    check_in_dutch_and_arabic(petra, checker, "inbox with an urgent message (regisseur)")
    with petra.expect_navigation():
        first.locator("a").first.click()
    assert re.fullmatch(r"/berichten/\d+", path_of(petra))
    expect(petra.locator("#thread .bubble__urgent").last).to_contain_text("Dringend")
    expect(petra.locator("#thread")).to_contain_text("Ik voel me niet veilig. Neem alsjeblieft contact met me op.")
    checker.check(petra, "the urgent message in the thread (regisseur)")
