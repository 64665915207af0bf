"""Samira chooses her uncle Karim as JIM mentor: she reads what a JIM mentor is, fills in who he is and gets an
invitation link with a QR code. On his own phone Karim opens the link, reads what the role asks, logs in and says yes.
Samira sees the step "Heeft ja gezegd"; Petra (regisseur) approves; Samira's page then says Karim is her mentor. The
used link no longer works (410).

On a server of its own, whose demo story has no mentor yet (the session's server has Karim as active mentor).
"""

from __future__ import annotations

import re
from urllib.parse import urlsplit

import pyotp
from playwright.sync_api import BrowserContext, Page, expect

from e2e.demo import (
    DEMO_PASSWORD,
    KARIM_EMAIL,
    PETRA_EMAIL,
    PETRA_TOTP_SECRET,
    SAMIRA_EMAIL,
    DemoData,
)
from e2e.pages import PageChecker, check_in_dutch_and_arabic, submit
from e2e.server import RunningApp

MOTIVATION = "Oom Karim luistert altijd naar me. Hij helpt me met school en met zoeken naar werk."


def path_of(page: Page) -> str:
    return urlsplit(page.url).path


def log_in(context: BrowserContext, email: str) -> Page:
    """A family member logs in on this context's server with the demo password; lands on /home."""
    page = context.new_page()
    page.goto("/login")
    page.fill("#email", email)
    page.fill("#password", DEMO_PASSWORD)
    submit(page)
    assert path_of(page) == "/home", f"{email} did not get in: {page.url}"
    return page


def log_in_petra(context: BrowserContext) -> Page:
    """Petra logs in with her password and a TOTP code (a new database: the code was not used there yet)."""
    page = context.new_page()
    page.goto("/login")
    page.fill("#email", PETRA_EMAIL)
    page.fill("#password", DEMO_PASSWORD)
    submit(page)
    assert path_of(page) == "/tweestaps/controle", page.url
    page.fill("#code", pyotp.TOTP(PETRA_TOTP_SECRET).now())
    submit(page)
    assert path_of(page) == "/home", page.url
    return page


def current_step(page: Page):
    return page.locator("ol.progress-steps li[aria-current=step]")


def test_youth_chooses_a_mentor_who_says_yes_and_the_regisseur_approves(
    private_app_without_mentor: RunningApp, new_phone, checker: PageChecker
) -> None:
    server = private_app_without_mentor
    data = DemoData(server.database_url)
    try:
        # --- Samira reads what a JIM mentor is and chooses Karim ----------------------------------------------
        samira = log_in(new_phone(base_url=server.base_url), SAMIRA_EMAIL)
        samira.goto("/mentor")
        expect(samira.locator("h1")).to_have_text("Mijn mentor")
        expect(samira.locator("#jim-title")).to_have_text("Wat is een JIM-mentor?")
        expect(samira.locator("main")).to_contain_text("Jouw Ingebrachte Mentor")
        check_in_dutch_and_arabic(samira, checker, "my mentor, none yet")

        with samira.expect_navigation():
            samira.locator("main a", has_text="Kies je mentor").click()
        assert path_of(samira) == "/mentor/kiezen"
        expect(samira.locator("h1")).to_have_text("Kies je mentor")
        check_in_dutch_and_arabic(samira, checker, "choose a mentor")

        samira.fill("#name", "Karim Haddou")
        samira.select_option("#relation", label="oom of tante")
        samira.fill("#contact", KARIM_EMAIL)
        samira.fill("#motivation", MOTIVATION)
        response = submit(samira)
        assert response is not None and response.status == 200
        expect(samira.locator("h1")).to_have_text("Nodig Karim Haddou uit")
        link = samira.locator("#invite-link").get_attribute("href")
        assert link and re.fullmatch(rf"{re.escape(server.base_url)}/jim/[^/]+", link), link
        expect(samira.locator("#invite-link")).to_have_text(link)
        qr = samira.get_by_role("img", name="QR-code met de uitnodigingslink")
        expect(qr).to_be_visible()
        expect(qr.locator("svg")).to_have_count(1)
        checker.check(samira, "invitation link and QR code (nl)")
        mentorship_id, status = data.mentorship(SAMIRA_EMAIL)
        assert status == "uitgenodigd"

        with samira.expect_navigation():
            samira.locator("main a", has_text="Klaar").click()
        assert path_of(samira) == "/mentor"
        expect(samira.locator("#progress-title")).to_have_text("Je hebt Karim Haddou gekozen")
        expect(current_step(samira)).to_contain_text("Uitgenodigd")
        check_in_dutch_and_arabic(samira, checker, "my mentor, invited")

        # --- Karim opens the link on his own phone, logs in and says yes ----------------------------------------
        karim = new_phone(base_url=server.base_url).new_page()
        karim.goto(link)
        invitation_path = path_of(karim)
        expect(karim.locator("h1")).to_have_text("Samira vraagt of jij JIM-mentor wilt zijn")
        expect(karim.locator("#role-title")).to_have_text("Wat vraagt het van je?")
        expect(karim.locator("main")).to_contain_text("Je bent vrijwilliger en krijgt geen geld.")
        check_in_dutch_and_arabic(karim, checker, "invitation (not logged in)")

        with karim.expect_navigation():
            karim.locator("main a", has_text="Log dan eerst in").click()
        assert path_of(karim) == "/login"
        karim.fill("#email", KARIM_EMAIL)
        karim.fill("#password", DEMO_PASSWORD)
        submit(karim)
        assert path_of(karim) == invitation_path, f"the login did not lead back to the invitation: {karim.url}"
        expect(karim.locator("main")).to_contain_text("Je bent ingelogd als Karim Haddou.")
        checker.check(karim, "invitation (logged in)")

        with karim.expect_navigation():
            karim.get_by_role("button", name="Ja, ik doe het").click()
        karim.wait_for_load_state("load")
        assert path_of(karim) == f"/mentoren/{mentorship_id}"
        expect(karim.locator(".flash--success")).to_contain_text("Dank u wel! De regisseur neemt contact met u op.")
        expect(karim.locator("h1")).to_have_text("Mentor van Samira")
        check_in_dutch_and_arabic(karim, checker, "mentorship page (mentor, waiting for approval)")
        assert data.mentorship(SAMIRA_EMAIL) == (mentorship_id, "geaccepteerd")

        # --- Samira sees the step "Heeft ja gezegd" -------------------------------------------------------------
        samira.goto("/mentor")
        expect(current_step(samira)).to_contain_text("Heeft ja gezegd")
        expect(samira.locator("main")).to_contain_text("Karim heeft ja gezegd!")
        checker.check(samira, "my mentor, said yes (nl)")

        # --- Petra approves --------------------------------------------------------------------------------------
        petra = log_in_petra(new_phone(base_url=server.base_url))
        petra.locator(".pro-menu summary").click()  # on a phone the menu items are behind "Menu"
        with petra.expect_navigation():
            petra.locator("nav.pro-menu__nav a", has_text="JIM-mentoren").click()
        assert path_of(petra) == "/mentoren"
        row = petra.locator("main li", has_text="Karim Haddou voor Samira")
        expect(row).to_contain_text("Wacht op jouw besluit")
        check_in_dutch_and_arabic(petra, checker, "mentors of my families")

        with petra.expect_navigation():
            row.get_by_role("link").click()
        assert path_of(petra) == f"/mentoren/{mentorship_id}"
        expect(petra.locator("h1")).to_have_text("Karim Haddou, mentor voor Samira")
        expect(petra.locator("main")).to_contain_text(MOTIVATION)
        expect(petra.locator("main")).to_contain_text("oom of tante")
        check_in_dutch_and_arabic(petra, checker, "mentorship page (regisseur, to decide)")

        with petra.expect_navigation():
            petra.get_by_role("button", name="Goedkeuren").click()
        petra.wait_for_load_state("load")
        assert path_of(petra) == f"/mentoren/{mentorship_id}"
        expect(petra.locator(".flash--success")).to_contain_text("Karim Haddou is nu de mentor van Samira.")
        expect(petra.locator("p.status")).to_have_text("Is mentor")
        checker.check(petra, "mentorship page (regisseur, approved)")
        assert data.mentorship(SAMIRA_EMAIL) == (mentorship_id, "actief")

        # --- Samira's page says Karim is her mentor -------------------------------------------------------------
        samira.goto("/mentor")
        expect(samira.locator("#mentor-title")).to_have_text("Karim is je mentor")
        check_in_dutch_and_arabic(samira, checker, "my mentor, active")

        # --- the used link no longer works --------------------------------------------------------------------
        stranger = new_phone(base_url=server.base_url).new_page()
        response = stranger.goto(link)
        assert response is not None and response.status == 410
        expect(stranger.locator("h1")).to_have_text("Deze link werkt niet meer")
        check_in_dutch_and_arabic(stranger, checker, "used invitation link (410)")
        response = karim.goto(link)
        assert response is not None and response.status == 410
        expect(karim.locator("h1")).to_have_text("Deze link werkt niet meer")
    finally:
        data.dispose()
