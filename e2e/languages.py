"""Check one page in several interface languages: switched with the footer select, each checked (axe-core, reflow,
console), and back to Dutch at the end so later steps and tests stay in Dutch."""

from __future__ import annotations

from playwright.sync_api import Page

from e2e.pages import PageChecker, choose_language, html_lang_dir

RIGHT_TO_LEFT = frozenset({"ar", "fa"})
NEW_LANGUAGES = ("ar", "fa", "ti")  # Arabic and Farsi right to left; Tigrinya in Ge'ez script


def check_in_languages(page: Page, checker: PageChecker, label: str, languages: tuple[str, ...]) -> None:
    """Check the page as it is now in each of `languages` (the page must be one a language switch reloads in place)."""
    address = page.url.split("#")[0]
    try:
        for language in languages:
            choose_language(page, language)
            expected_dir = "rtl" if language in RIGHT_TO_LEFT else "ltr"
            assert html_lang_dir(page) == (language, expected_dir), f"{label}: not in {language} after switching"
            assert page.url == address, f"{label}: the language switch went from {address} to {page.url}"
            checker.check(page, f"{label} ({language})")
    finally:
        choose_language(page, "nl")
    assert html_lang_dir(page) == ("nl", "ltr")
