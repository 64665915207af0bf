"""Farsi (right to left) and Tigrinya (Ge'ez script), the two languages issue 12 adds: a visitor picks them on the
login page, each named in its own script, and the public pages — login, Informatie with an article in that language,
the glossary, the help page and the aanmeldpunt — are translated and pass axe-core, 360 px and 200% zoom."""

from __future__ import annotations

import pytest
from playwright.sync_api import Page, expect

from e2e.pages import PageChecker, choose_language, html_lang_dir, translate

ARTICLE = "/informatie/1g1p-regisseur"


@pytest.mark.parametrize(("language", "direction", "own_name"), [("fa", "rtl", "فارسی"), ("ti", "ltr", "ትግርኛ")])
def test_public_pages_in_farsi_and_tigrinya(page: Page, checker: PageChecker, language, direction, own_name) -> None:
    checker.watch_context(page.context)
    page.goto("/login")
    expect(page.locator(f"#language-select option[value={language}]")).to_have_text(own_name)
    choose_language(page, language)
    assert html_lang_dir(page) == (language, direction)
    expect(page.locator("h1")).to_have_text(translate(language, "Inloggen"))
    checker.check(page, f"login ({language})")

    page.goto(ARTICLE)
    assert page.locator("article").get_attribute("lang") == language  # the translation, not the Dutch fallback
    checker.check(page, f"article ({language})")
    for path in ("/informatie", "/uitleg", "/hulp", "/aanmelden"):
        page.goto(path)
        assert html_lang_dir(page) == (language, direction), path
        checker.check(page, f"{path} ({language})")
