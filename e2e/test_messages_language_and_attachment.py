"""Ayşe reads her messages in Turkish (her saved language); Samira sends her regisseur a PDF letter, which Petra can
download and her foster mother cannot (404).

Ayşe reads on an app of its own: her saved language must be the demo's Turkish, and journeys on the shared app
(the Steuntje pages in Dutch and Arabic) leave her in Dutch."""

from __future__ import annotations

from pathlib import Path

from playwright.sync_api import expect

from e2e.demo import AYSE_EMAIL, DEMO_PASSWORD
from e2e.pages import PageChecker, html_lang_dir, submit, translate
from e2e.server import RunningApp

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


def test_a_turkish_mother_sees_her_messages_in_turkish(
    private_app: RunningApp, new_phone, checker: PageChecker
) -> None:
    ayse = new_phone(base_url=private_app.base_url).new_page()
    ayse.goto("/login")
    ayse.fill("#email", AYSE_EMAIL)
    ayse.fill("#password", DEMO_PASSWORD)
    submit(ayse)
    ayse.goto("/berichten")
    assert html_lang_dir(ayse) == ("tr", "ltr")
    expect(ayse.locator("h1")).to_have_text(translate("tr", "Berichten"))
    checker.check(ayse, "messages (tr)")
    with ayse.expect_navigation():
        ayse.locator("main a", has_text="Yılmaz").first.click()
    expect(ayse.locator("#thread")).to_contain_text("Elif slaapt slecht")
    expect(ayse.locator("#message-form button[type=submit]")).to_have_text(translate("tr", "Versturen"))
    checker.check(ayse, "family conversation (tr)")


def test_an_attachment_is_for_the_conversations_participants_only(
    samira_state: dict, petra_state: dict, hendriks_state: dict, new_phone, checker: PageChecker, tmp_path: Path
) -> None:
    letter = tmp_path / "brief-gemeente.pdf"
    letter.write_bytes(PDF)
    samira = new_phone(storage_state=samira_state).new_page()
    samira.goto("/berichten")
    with samira.expect_navigation():
        samira.locator("main a", has_text="Alleen jij en Petra").click()
    private_url = samira.url
    samira.fill("#body", "Deze brief kreeg ik van de gemeente.")
    samira.set_input_files("#attachment", str(letter))
    samira.locator("#message-form button[type=submit]").click()
    link = samira.locator(".bubble--mine").last.locator("a.attachment")
    expect(link).to_contain_text("brief-gemeente.pdf")
    href = link.get_attribute("href")
    checker.check(samira, "conversation with an attachment")

    petra = new_phone(storage_state=petra_state).new_page()
    petra.goto(private_url)
    with petra.expect_download() as download:
        petra.locator(f"a[href='{href}']").click()
    assert Path(download.value.path()).read_bytes() == PDF
    assert download.value.suggested_filename == "brief-gemeente.pdf"

    foster = new_phone(storage_state=hendriks_state).new_page()
    response = foster.request.get(href)
    assert response.status == 404
