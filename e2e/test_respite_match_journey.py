"""Steuntje in de rug from the ask to the first check-in, at 360 px in real Chromium:

Ayşe (her OnsPlan is in Turkish) asks for a steungezin for Elif on /steuntje → Sanne (coordinator, TOTP) opens the
request in the meldpunt, takes it through the intake to "zoeken", opens the shortlist where the Peeters household
ranks first with its reasons, and proposes Peeters → Ria (steungezin) reads the proposal, which shows no surname,
address or phone of the Yılmaz family, and says yes → Ayşe says yes → both see each other's contact details → Sanne
writes the afsprakenkaart, Ria and Ayşe both agree → Sanne starts the trial (dated two weeks back) → the week-2
check-in waits for both sides.

Ayşe's page is in Turkish and the translations are still being written: her controls are found by name, value, href
or form action, never by their text. Sanne's and Ria's pages are in Dutch and found by role and label.

On a server of its own (it changes the demo story's state).
"""

from __future__ import annotations

import re
from datetime import timedelta

from playwright.sync_api import Page, expect

from e2e.demo import AYSE_EMAIL, DemoData
from e2e.pages import PageChecker, log_in, path_of
from e2e.server import RunningApp

SANNE_EMAIL = "coordinator@example.org"
SANNE_TOTP_SECRET = "COORDINATORDEMO2FAONSPLANSTEUNTJ"
RIA_EMAIL = "peeters@example.org"

CHILD_NEEDS = "Elif houdt van vaste tijden. Ze wil graag van tevoren weten wat er komt. Ze tekent graag."
VALUES_NOTE = "Elif eet halal. Op vrijdag gaan we soms naar de moskee."
BRINGING = "Ayşe brengt Elif op zaterdag om 10.00 uur naar Blerick. Ria brengt haar zondag om 17.00 uur terug."
EMERGENCY = "Eerst Ayşe bellen (06 1234 5003). Lukt dat niet: de coördinator. Bij nood 112."

# What Ria may not see before both said yes, and sees after.
YILMAZ_CONTACT = ("Yılmaz", "06 1234 5003", AYSE_EMAIL)
# What Ayşe may not see before both said yes, and sees after.
PEETERS_CONTACT = ("Peeters", "Kaldenkerkerweg 88", "06 1234 5004", RIA_EMAIL)


def click_to(page: Page, locator, expected_path: str) -> None:
    """Follow a link or press a button that loads a new page, and land on `expected_path`."""
    with page.expect_navigation():
        locator.click()
    page.wait_for_load_state("load")
    assert path_of(page) == expected_path, f"expected {expected_path}, got {page.url}"


def main_text(page: Page) -> str:
    return page.locator("main").inner_text()


def fill_request_for_elif(page: Page) -> None:
    """Ayşe's form, by field names and values only (her labels are in Turkish)."""
    elif_box = page.locator("label[for^=children]", has_text="Elif").get_attribute("for")
    assert elif_box, "Elif is not among the children to choose"
    page.locator(f"#{elif_box}").check()
    page.locator("input[name=help_kinds][value=weekend_maand]").check()
    for day in ("za", "zo"):
        page.locator(f"input[name=days][value={day}]").check()
    page.locator("input[name=parts_of_day][value=nacht]").check()
    page.fill("input[name=times_note]", "Van zaterdagochtend tot zondagmiddag, één keer per maand.")
    page.fill("input[name=woonplaats]", "Venlo")
    page.locator("input[name=transport][value=eigen]").check()
    page.fill("input[name=max_distance_km]", "15")
    page.fill("textarea[name=child_needs]", CHILD_NEEDS)
    page.locator("input[name=needs_choices][value=autisme]").check()
    for language in ("tr", "nl"):
        page.locator(f"input[name=home_languages][value={language}]").check()
    page.locator("input[name=values_choices][value=halal]").check()
    page.fill("textarea[name=values_note]", VALUES_NOTE)
    page.locator("input[name=pets_ok][value=ja]").check()


def test_a_parent_asks_the_meldpunt_matches_both_agree_and_the_first_checkin_waits(
    private_app: RunningApp, new_phone, checker: PageChecker
) -> None:
    server = private_app
    data = DemoData(server.database_url)
    try:
        family_id = data.family_id("Yılmaz")
        before = {request_id for request_id, _status in data.respite_requests(family_id)}

        # --- Ayşe asks for a steungezin for Elif, in Turkish ----------------------------------------------------
        ayse = log_in(new_phone(base_url=server.base_url), AYSE_EMAIL)
        assert ayse.locator("html").get_attribute("lang") == "tr"
        ayse.goto("/steuntje")
        checker.check(ayse, "Steuntje in de rug, the family's page (tr)")
        click_to(ayse, ayse.locator(f"main a[href='/steuntje/nieuw?gezin={family_id}']"), "/steuntje/nieuw")
        checker.check(ayse, "the request form (tr)")

        fill_request_for_elif(ayse)
        with ayse.expect_navigation():
            ayse.locator("main form button[name=actie][value=versturen]").click()
        ayse.wait_for_load_state("load")
        new = [(i, s) for i, s in data.respite_requests(family_id) if i not in before]
        assert len(new) == 1 and new[0][1] == "nieuw", new
        request_id = new[0][0]
        assert path_of(ayse) == f"/steuntje/{request_id}"
        expect(ayse.locator("main")).to_contain_text(CHILD_NEEDS)
        expect(ayse.locator("main .respite-status--nieuw")).to_have_count(1)
        checker.check(ayse, "the request, sent (tr)")

        # --- Sanne takes it through the intake to "zoeken" and opens the shortlist ----------------------------
        sanne = log_in(new_phone(base_url=server.base_url), SANNE_EMAIL, SANNE_TOTP_SECRET)
        sanne.locator(".pro-menu summary").click()  # on a phone the menu items are behind "Menu"
        click_to(sanne, sanne.locator("nav.pro-menu__nav a[href='/meldpunt']"), "/meldpunt")
        expect(sanne.locator("h1")).to_have_text("Aanvragen voor Steuntje in de rug")
        checker.check(sanne, "meldpunt queue")
        request_path = f"/meldpunt/aanvraag/{request_id}"
        row = sanne.locator("main li", has=sanne.locator(f"a[href='{request_path}']"))
        expect(row.locator(".status")).to_have_text("Nieuw")
        click_to(sanne, row.get_by_role("link"), request_path)
        expect(sanne.locator("h1")).to_have_text(f"Aanvraag {request_id}: gezin Yılmaz")
        expect(sanne.locator("main")).to_contain_text(CHILD_NEEDS)
        checker.check(sanne, "meldpunt request, new")

        click_to(sanne, sanne.get_by_role("button", name="Intake begint"), request_path)
        expect(sanne.locator(".flash--success")).to_contain_text("De aanvraag staat nu op:")
        click_to(sanne, sanne.get_by_role("button", name="Intake klaar: zoek een steungezin"), request_path)
        assert dict(data.respite_requests(family_id))[request_id] == "zoeken"
        checker.check(sanne, "meldpunt request, searching")

        shortlist_path = f"/meldpunt/koppelen/{request_id}"
        click_to(sanne, sanne.locator(f"main a[href='{shortlist_path}']"), shortlist_path)
        expect(sanne.locator("h1")).to_have_text("Steungezin zoeken")
        first = sanne.locator("main ol.list > li").first
        expect(first.locator("h3")).to_contain_text("Ria Peeters")
        for reason in ("spreekt Turks", "ervaring met autisme", "kan op zaterdag", "kind kan blijven slapen"):
            expect(first.locator("ul")).to_contain_text(reason)
        expect(first.locator("ul")).to_contain_text(re.compile(r"\d+ km"))
        checker.check(sanne, "shortlist")

        click_to(sanne, first.get_by_role("button", name="Voorstellen"), shortlist_path)
        expect(sanne.locator(".flash--success")).to_contain_text("Voorgesteld.")
        match_id, status = data.respite_match(request_id)
        assert status == "voorgesteld"
        assert dict(data.respite_requests(family_id))[request_id] == "voorgesteld"
        match_path = f"/steuntje/koppeling/{match_id}"

        # --- Ria reads the proposal: first names, ages, needs, the area, nothing to find the family by ---------
        ria = log_in(new_phone(base_url=server.base_url), RIA_EMAIL)
        respite_card = ria.locator("main section[aria-labelledby=respite-title]")
        expect(respite_card).to_contain_text("Er wacht 1 voorstel op uw antwoord.")
        click_to(ria, respite_card.get_by_role("link", name="Naar mijn steungezin-pagina"), "/steungezin")
        proposals = ria.locator("section[aria-labelledby=proposals-title]")
        expect(proposals.locator("article")).to_have_count(1)
        checker.check(ria, "steungezin page with a proposal")
        click_to(ria, proposals.get_by_role("link", name="Lees het voorstel en antwoord"), match_path)
        expect(ria.locator("h1")).to_have_text("Voorstel: een gezin dat hulp vraagt")
        expect(ria.locator("main")).to_contain_text("Elif (8 jaar)")
        expect(ria.locator("main")).to_contain_text(CHILD_NEEDS)
        body = ria.locator("body").inner_text()
        for secret in YILMAZ_CONTACT:
            assert secret not in body, f"Ria sees {secret!r} before both said yes"
        assert VALUES_NOTE not in body, "Ria sees what the family told only the coordinator"
        checker.check(ria, "proposal (steungezin)")

        ria.get_by_label("Ja, we willen kennismaken").check()
        click_to(ria, ria.get_by_role("button", name="Antwoord versturen"), match_path)
        expect(ria.locator(".flash--success")).to_contain_text("We wachten nog op het antwoord van de andere kant.")
        body = ria.locator("body").inner_text()
        for secret in YILMAZ_CONTACT:
            assert secret not in body, f"Ria sees {secret!r} before the family said yes"

        # --- Ayşe finds the proposal from her home page, through her request, and says yes ------------------------
        ayse.goto("/home")
        respite_card = ayse.locator("main section[aria-labelledby=respite-title]")
        expect(respite_card).to_have_class(re.compile(r"\bcard--highlight\b"))  # something waits for her
        click_to(ayse, respite_card.locator("a[href='/steuntje']"), "/steuntje")
        click_to(ayse, ayse.locator(f"main a[href='/steuntje/{request_id}']"), f"/steuntje/{request_id}")
        click_to(ayse, ayse.locator(f"main a[href='{match_path}']"), match_path)
        text = main_text(ayse)
        assert "Ria" in text, "Ayşe does not see the first name of the steungezin"
        for secret in PEETERS_CONTACT:
            assert secret not in text, f"Ayşe sees {secret!r} before she said yes"
        checker.check(ayse, "proposal (family, tr)")

        ayse.locator("main input[name=answer][value=ja]").check()
        with ayse.expect_navigation():
            ayse.locator(f"main form[action='{match_path}/antwoord'] button[type=submit]").click()
        ayse.wait_for_load_state("load")
        assert path_of(ayse) == match_path
        assert data.respite_match(request_id) == (match_id, "akkoord")
        assert dict(data.respite_requests(family_id))[request_id] == "kennismaking"

        # --- now both see each other's name, address and phone ------------------------------------------------
        text = main_text(ayse)
        for detail in ("Ria Peeters", *PEETERS_CONTACT):
            assert detail in text, f"Ayşe does not see {detail!r} after both said yes"
        expect(ayse.locator(f"main a[href='tel:{PEETERS_CONTACT[2].replace(' ', '')}']")).to_have_count(1)
        checker.check(ayse, "match with contact details (family, tr)")

        ria.reload()
        expect(ria.locator("h1")).to_have_text("Een gezin dat u helpt")
        text = main_text(ria)
        for detail in ("Ayşe Yılmaz", *YILMAZ_CONTACT):
            assert detail in text, f"Ria does not see {detail!r} after both said yes"
        checker.check(ria, "match with contact details (steungezin)")

        # --- Sanne writes the afsprakenkaart -------------------------------------------------------------------
        sanne.goto(request_path)
        click_to(sanne, sanne.locator(f"main a[href='{match_path}']").first, match_path)
        expect(sanne.locator("h1")).to_contain_text("Koppeling gezin Yılmaz en Ria Peeters")
        checker.check(sanne, "match (coordinator)")
        click_to(sanne, sanne.get_by_role("link", name="Afspraken opschrijven"), f"{match_path}/afspraken/nieuw")
        expect(sanne.get_by_label("Dagen en tijden")).not_to_have_value("")  # started from the request
        checker.check(sanne, "afsprakenkaart form")
        sanne.get_by_label("Brengen en halen").fill(BRINGING)
        sanne.get_by_label("Bij nood: wie bellen we?").fill(EMERGENCY)
        click_to(sanne, sanne.get_by_role("button", name="Nieuwe versie opslaan"), f"{match_path}/afspraken")
        expect(sanne.locator(".flash--success")).to_contain_text("Versie 1 staat klaar.")
        expect(sanne.locator("main")).to_contain_text(BRINGING)
        checker.check(sanne, "afsprakenkaart, version 1 (coordinator)")

        # --- Ria and Ayşe both agree ---------------------------------------------------------------------------
        ria.goto("/steungezin")
        click_to(ria, ria.get_by_role("link", name="Nieuwe afspraken: lees ze en zeg ja"), f"{match_path}/afspraken")
        expect(ria.locator("main")).to_contain_text(EMERGENCY)
        checker.check(ria, "afsprakenkaart to agree (steungezin)")
        click_to(ria, ria.get_by_role("button", name="Ja, ik ben akkoord"), f"{match_path}/afspraken")
        expect(ria.locator(".flash--success")).to_contain_text("U bent akkoord met deze afspraken.")

        ayse.goto(f"/steuntje/{request_id}")
        click_to(ayse, ayse.locator(f"main a[href='{match_path}/afspraken']"), f"{match_path}/afspraken")
        expect(ayse.locator("main")).to_contain_text(BRINGING)
        checker.check(ayse, "afsprakenkaart to agree (family, tr)")
        with ayse.expect_navigation():
            ayse.locator(f"main form[action='{match_path}/afspraken/1/akkoord'] button[type=submit]").click()
        ayse.wait_for_load_state("load")
        assert path_of(ayse) == f"{match_path}/afspraken"
        expect(ayse.locator(f"main form[action='{match_path}/afspraken/1/akkoord']")).to_have_count(0)
        expect(ayse.locator("main .answer--bevestigd")).to_have_count(2)  # the family and the steungezin

        # --- Sanne starts the trial, dated two weeks back: the week-2 check-in is due today ----------------------
        from webapp.clock import today  # the app's own "today" (Europe/Amsterdam); imported once the app runs

        followup_path = f"/steuntje/verloop/{match_id}"
        sanne.goto(request_path)
        click_to(sanne, sanne.locator(f"main a[href='{followup_path}']").first, followup_path)
        checker.check(sanne, "follow-up before the trial (coordinator)")
        sanne.get_by_label("Eerste dag van de proefperiode").fill((today() - timedelta(weeks=2)).isoformat())
        click_to(sanne, sanne.get_by_role("button", name="Start de proefperiode"), followup_path)
        expect(sanne.locator(".flash--success")).to_contain_text("De proefperiode is begonnen.")
        assert dict(data.respite_requests(family_id))[request_id] == "proefperiode"
        checker.check(sanne, "follow-up in the trial (coordinator)")

        # --- the week-2 check-in waits for both sides ----------------------------------------------------------
        ria.goto("/steungezin")
        helping = ria.locator("section[aria-labelledby=helping-title] article", has_text="Elif")
        link = helping.get_by_role("link", name="Hoe gaat het? Vul de korte vragen in")
        expect(link).to_have_count(1)
        checkin_path = link.get_attribute("href")
        assert checkin_path and checkin_path.startswith("/steuntje/verloop/checkin/"), checkin_path
        checker.check(ria, "steungezin page, check-in due")
        click_to(ria, link, checkin_path)
        expect(ria.locator("h1")).to_contain_text("Week 2")
        checker.check(ria, "check-in week 2 (steungezin)")
        ria.get_by_label("🙂 Goed", exact=True).check()
        click_to(ria, ria.get_by_role("button", name="Antwoord versturen"), followup_path)
        expect(ria.locator("main .checklist__item--done")).to_have_count(1)  # hers; the family's still waits

        ayse.goto(followup_path)
        family_link = ayse.locator("main a.button[href^='/steuntje/verloop/checkin/']")
        expect(family_link).to_have_count(1)
        family_checkin = family_link.get_attribute("href")
        assert family_checkin and family_checkin != checkin_path
        checker.check(ayse, "follow-up, week-2 check-in open (family, tr)")
        click_to(ayse, family_link, family_checkin)
        expect(ayse.locator("main input[name=face]")).to_have_count(3)
        expect(ayse.locator("main input[name=child_face]")).to_have_count(3)  # the child's own face, for the family
        checker.check(ayse, "check-in week 2 (family, tr)")
    finally:
        data.dispose()
