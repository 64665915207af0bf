"""Petra invites Emre (15), who already has an account, into a second family. Nobody is added on her word alone:
Emre says yes under "Uitnodigingen", and because he is under 16 his mother Ayşe (in Turkish) agrees too. Only then
does Petra see him in that family. On a server of its own, so the shared demo keeps its families.
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from playwright.sync_api import expect

from e2e.demo import AYSE_EMAIL, EMRE_EMAIL, PETRA_EMAIL, DemoData
from e2e.pages import PageChecker, check_in_dutch_and_arabic, html_lang_dir, submit
from e2e.server import RunningApp
from e2e.test_access_log import log_in

SECOND_FAMILY = "Haddou"


def test_an_existing_account_joins_a_second_family_with_his_own_yes_and_his_mothers(
    private_app: RunningApp, new_phone, checker: PageChecker
) -> None:
    data = DemoData(private_app.database_url)
    family_id = data.family_id(SECOND_FAMILY)
    data.dispose()

    petra = new_phone(base_url=private_app.base_url).new_page()
    log_in(petra, PETRA_EMAIL, totp_at=datetime.now(UTC))
    petra.goto(f"/gezinnen/{family_id}/uitnodigen")
    petra.fill("#name", "Emre Yılmaz")
    petra.fill("#email", EMRE_EMAIL)
    petra.select_option("#relation", "jongere")
    petra.fill("#birth_date", (datetime.now(UTC).date() - timedelta(days=15 * 365 + 100)).isoformat())
    response = submit(petra)
    assert response is not None and response.status == 201
    expect(petra.locator("a#invite-link")).to_be_visible()
    petra.goto(f"/gezinnen/{family_id}")
    expect(petra.locator("#members-title + ul")).not_to_contain_text("Emre")
    expect(petra.locator("main")).to_contain_text("uitgenodigd, de link werkt tot")

    emre = new_phone(base_url=private_app.base_url).new_page()
    log_in(emre, EMRE_EMAIL)
    invitation = emre.locator("#nu-voor-jou li.now__item--invitations")  # 'Nu voor jou' on his home page
    expect(invitation).to_contain_text("Er wacht 1 uitnodiging op je antwoord.")
    invitation.get_by_role("link").click()
    expect(emre.locator("h1")).to_have_text("Uitnodigingen")
    check_in_dutch_and_arabic(emre, checker, "invitation waiting for Emre's answer")
    with emre.expect_navigation():
        emre.locator("main button[value=ja]").click()
    expect(emre.locator("main")).to_contain_text("Nu moet je ouder met gezag nog akkoord geven.")
    checker.check(emre, "Emre waits for his mother")

    ayse = new_phone(base_url=private_app.base_url).new_page()
    log_in(ayse, AYSE_EMAIL)
    assert html_lang_dir(ayse) == ("tr", "ltr")
    ayse.goto("/uitnodigingen")
    checker.check(ayse, "a parent's consent (tr)")
    with ayse.expect_navigation():
        ayse.locator("main form[action$='/toestemming'] button[value=ja]").click()
    checker.check(ayse, "after consenting (tr)")

    petra.goto(f"/gezinnen/{family_id}")
    expect(petra.locator("#members-title + ul")).to_contain_text("Emre Yılmaz")
    checker.check(petra, "family page with the new member")
