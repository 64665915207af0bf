"""Steps shared by the e2e journeys that plan an appointment (test_home_now, test_mentor_appointments)."""

from __future__ import annotations

from datetime import date

from playwright.sync_api import Page


def propose_jim_overleg_with_samira_and_karim(page: Page, day: date, start: str, place: str) -> None:
    """On the open 'Nieuwe afspraak' form: fill in day, time and place, invite Samira and Karim, and propose it."""
    page.fill("#day", day.isoformat())
    page.fill("#start", start)
    page.fill("#place", place)
    participants = page.locator("fieldset", has=page.locator("legend", has_text="Wie doen er mee?"))
    participants.get_by_label("Samira Haddou", exact=True).check()
    participants.get_by_label("Karim Haddou", exact=True).check()
    with page.expect_navigation():
        page.get_by_role("button", name="Afspraak voorstellen").click()
