"""Emre (family Yılmaz) opens addresses of Samira (family Haddou): her plan, what changed in it, who looked at it, and
her toekomstplan. Each answers 404, the same "not found" page as for an address that does not exist, in his language:
he can't even learn that they exist.
"""

from __future__ import annotations

import pytest
from playwright.sync_api import Page, expect

from e2e.demo import SAMIRA_EMAIL, DemoData
from e2e.pages import PageChecker, choose_language, html_lang_dir, translate


def open_refused(page: Page, address: str, language: str) -> None:
    response = page.goto(address)
    assert response is not None
    assert response.status == 404, f"{address}: HTTP {response.status} instead of 404"
    assert html_lang_dir(page)[0] == language
    expect(page.locator("h1")).to_have_text(translate(language, "Pagina niet gevonden"))
    expect(page.locator("main")).to_contain_text(
        translate(language, "Deze pagina bestaat niet, of je mag hem niet zien.")
    )
    expect(page.locator("main")).not_to_contain_text("Samira")
    expect(page.locator("main")).not_to_contain_text("Haddou")


@pytest.fixture
def samiras_addresses(demo: DemoData) -> dict[str, str]:
    family = demo.family_id("Haddou")
    version = demo.current_version(family)
    return {
        "plan": f"/gezinnen/{family}/plan",
        "changes": f"/gezinnen/{family}/plan/versie/{version}/veranderingen",
        "access log": f"/gezinnen/{family}/plan/wie-heeft-gekeken",
        "toekomstplan": f"/toekomstplan/{demo.user_id(SAMIRA_EMAIL)}",
    }


def test_youth_of_another_family_gets_404_on_samiras_pages(
    emre_state: dict, new_phone, checker: PageChecker, samiras_addresses: dict[str, str]
) -> None:
    emre = new_phone(storage_state=emre_state).new_page()
    emre.goto("/home")
    expect(emre.locator("h1")).to_have_text("Hoi Emre")

    try:
        for language in ("nl", "ar"):
            if html_lang_dir(emre)[0] != language:
                choose_language(emre, language)
            for what, address in samiras_addresses.items():
                open_refused(emre, address, language)
                checker.check(emre, f"404 for Samira's {what} ({language})")
    finally:
        if html_lang_dir(emre)[0] != "nl":
            choose_language(emre, "nl")  # Emre's saved language: back to Dutch
    assert html_lang_dir(emre) == ("nl", "ltr")
