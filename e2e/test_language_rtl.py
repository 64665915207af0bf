"""A visitor who reads Arabic switches the login page to Arabic: translated, and laid out right to left."""

from __future__ import annotations

from playwright.sync_api import Page, expect

from e2e.pages import PageChecker, choose_language, html_lang_dir, translate


def test_visitor_sees_arabic_login_right_to_left(page: Page, checker: PageChecker) -> None:
    checker.watch_context(page.context)
    page.goto("/login")
    assert html_lang_dir(page) == ("nl", "ltr")
    expect(page.locator("h1")).to_have_text("Inloggen")
    checker.check(page, "login (nl)")

    choose_language(page, "ar")

    assert page.url.split("?")[0].endswith("/login")
    assert html_lang_dir(page) == ("ar", "rtl")
    heading = page.locator("h1").inner_text().strip()
    assert heading and heading != "Inloggen", f"the Arabic login page shows the Dutch heading {heading!r}"
    assert heading == translate("ar", "Inloggen")
    expect(page.locator("#language-select")).to_have_value("ar")
    checker.check(page, "login (ar)")

    # The choice sticks: the next visit is in Arabic too.
    page.goto("/login")
    assert html_lang_dir(page) == ("ar", "rtl")
    checker.check(page, "login again (ar)")
