"""Petra (regisseur) invites a parent into family Yılmaz; the parent opens the link on her own phone, picks a
language and a password, and is in. The link works once.
"""

from __future__ import annotations

import uuid
from urllib.parse import urlsplit

from playwright.sync_api import Page, expect

from e2e.pages import PageChecker, choose_language, html_lang_dir, submit, translate

PASSPHRASE = "blauwe fiets op de dijk 2026"
FAMILY = "Yılmaz"


def path_of(page: Page) -> str:
    return urlsplit(page.url).path


def test_regisseur_invites_a_parent_who_sets_a_password_once(
    petra_state: dict, new_phone, checker: PageChecker
) -> None:
    petra = new_phone(storage_state=petra_state).new_page()

    # Petra's pages, in Dutch and (switched with the footer select) in Arabic.
    petra.goto("/home")
    assert path_of(petra) == "/home"
    expect(petra.locator("h1")).to_have_text("Hallo Petra")  # a professional reads the formal Dutch
    checker.check(petra, "regisseur home (nl)")
    choose_language(petra, "ar")
    assert html_lang_dir(petra) == ("ar", "rtl")
    checker.check(petra, "regisseur home (ar)")
    # The caseload leads to the plan editor; its first link is the family page (members, invitations).
    with petra.expect_navigation():
        petra.locator("main table a[href^='/gezinnen/']", has_text=FAMILY).click()
    checker.check(petra, "plan editor (ar)")
    with petra.expect_navigation():
        petra.locator("main p a[href^='/gezinnen/']").first.click()
    assert html_lang_dir(petra) == ("ar", "rtl")
    checker.check(petra, "family page (ar)")
    choose_language(petra, "nl")
    assert html_lang_dir(petra) == ("nl", "ltr")
    assert path_of(petra).startswith("/gezinnen/"), "the language switch should stay on the same page"
    expect(petra.locator("h1")).to_have_text(f"Gezin {FAMILY}")
    checker.check(petra, "family page (nl)")

    # The invitation.
    with petra.expect_navigation():
        petra.locator("main a", has_text="Iemand uitnodigen").click()
    assert path_of(petra).endswith("/uitnodigen")
    checker.check(petra, "invite form")
    assert petra.locator("#language option").count() > 0, "the invite form's language select has no options"
    first_name = "Fatma"
    email = f"fatma-{uuid.uuid4().hex[:10]}@example.org"
    petra.fill("#name", f"{first_name} {FAMILY}")
    petra.fill("#email", email)
    petra.select_option("#relation", "ouder")
    petra.select_option("#language", "tr")
    response = submit(petra)
    assert response is not None
    assert response.status == 201
    link = petra.locator("a#invite-link")
    expect(link).to_be_visible()
    invite_url = link.get_attribute("href")
    assert invite_url
    assert urlsplit(invite_url).path.startswith("/uitnodiging/")
    expect(petra.locator("main .qr svg")).to_be_visible()
    checker.check(petra, "invitation link")

    # Fatma, on her own phone, accepts: she chooses English and a passphrase.
    fatma = new_phone().new_page()
    response = fatma.goto(invite_url)
    assert response is not None
    assert response.status == 200
    expect(fatma.locator("main")).to_contain_text(email)
    checker.check(fatma, "accept invitation")
    assert fatma.locator("#language option").count() > 0, "the invitation's language select has no options"
    fatma.select_option("#language", "en")
    fatma.fill("#password", PASSPHRASE)
    fatma.fill("#confirm", PASSPHRASE)
    submit(fatma)
    assert path_of(fatma) == "/home", f"after accepting, Fatma is on {fatma.url}"
    assert html_lang_dir(fatma) == ("en", "ltr")
    expect(fatma.locator("h1")).to_have_text(translate("en", "Hoi %(name)s", name=first_name))
    expect(fatma.locator("main")).to_contain_text(translate("en", "Gezin %(name)s", name=FAMILY))
    checker.check(fatma, "home of the new parent (en)")

    # Someone else (or Fatma again) opens the same link: it has been used.
    stranger = new_phone().new_page()
    response = stranger.goto(invite_url)
    assert response is not None
    assert response.status == 410
    expect(stranger.locator("h1")).to_have_text("Deze link werkt niet meer")
    expect(stranger.locator("#password")).to_have_count(0)
    checker.check(stranger, "used invitation link")

    # Petra sees Fatma in the family, with an account.
    petra.goto(petra.url.rsplit("/uitnodigen", 1)[0])
    expect(petra.locator("main")).to_contain_text(f"{first_name} {FAMILY}")
    checker.check(petra, "family page with the new parent")
