"""Samira (17) downloads everything OnsPlan holds about her from her account page, and opens the page to print:
her own words are in it, her foster mother's private conversation is not."""

from __future__ import annotations

import json
from urllib.parse import urlsplit

from playwright.sync_api import expect

from e2e.pages import PageChecker, check_in_dutch_and_arabic

FAMILY = "Haddou"
OWN_WORDS = "Hoi Petra, ik wil graag praten over waar ik ga wonen na mijn 18e. Kan dat?"  # in the demo story
FOSTER_MOTHERS_WORDS = "Goedemorgen Petra, de school vraagt of Samira in januari stage mag lopen in Venlo."
OTHER_FAMILYS_WORDS = "Merhaba Petra, Elif slaapt slecht. Kunnen we praten? (Hallo Petra, Elif slaapt slecht.)"


def test_youth_downloads_her_data_and_sees_the_printable_page(
    samira_state: dict, new_phone, checker: PageChecker, tmp_path
) -> None:
    page = new_phone(storage_state=samira_state, accept_downloads=True).new_page()
    page.goto("/account")
    with page.expect_navigation():
        page.locator("main a", has_text="Naar mijn gegevens").click()
    assert urlsplit(page.url).path == "/mijn-gegevens"
    expect(page.locator("h1")).to_have_text("Mijn gegevens")
    expect(page.locator("main")).to_contain_text("20 jaar")
    check_in_dutch_and_arabic(page, checker, "my data")

    with page.expect_download() as waiting:
        page.locator("main a", has_text="Download als bestand (JSON)").click()
    download = waiting.value
    assert download.suggested_filename.startswith("onsplan-mijn-gegevens-")
    assert download.suggested_filename.endswith(".json")
    target = tmp_path / download.suggested_filename
    download.save_as(target)
    data = json.loads(target.read_text(encoding="utf-8"))
    assert data["format"]["name"] == "onsplan-eigen-gegevens"
    assert data["profile"]["name"].startswith("Samira")
    assert FAMILY in [f["name"] for f in data["families"]]
    written = [m["text"] for m in data["messages"]]
    assert OWN_WORDS in written
    assert not {FOSTER_MOTHERS_WORDS, OTHER_FAMILYS_WORDS} & set(written)
    assert FOSTER_MOTHERS_WORDS not in target.read_text(encoding="utf-8")
    assert "p256dh" not in target.read_text(encoding="utf-8")

    with page.expect_navigation():
        page.locator("main a", has_text="Bekijk en print").click()
    assert urlsplit(page.url).path == "/mijn-gegevens/afdrukken"
    expect(page.locator("h1")).to_contain_text("Mijn gegevens in OnsPlan")
    expect(page.locator("main")).to_contain_text(data["profile"]["name"])
    expect(page.locator("main")).to_contain_text(OWN_WORDS)
    expect(page.locator("main")).not_to_contain_text(OTHER_FAMILYS_WORDS)
    expect(page.locator("[data-print]")).to_be_visible()  # app.js shows the print button
    checker.check(page, "my data, printable")

    # The request form and the deletion page (a family member is told why not) pass the same checks.
    page.goto("/mijn-gegevens/verzoek")
    expect(page.locator("main")).to_contain_text("7.3.8")
    checker.check(page, "request about my data")
    page.goto("/mijn-gegevens/account-verwijderen")
    expect(page.locator("main form")).to_have_count(0)
    checker.check(page, "deleting my account: why not")
