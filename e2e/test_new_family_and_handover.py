"""A new family and its handover (issue 13, item 9). Petra registers gezin Verbeek: Noor (8) without an account and
her father with an e-mail address (his invitation link is shown once); she starts the first plan from an empty
draft. Karin Vos, coordinator of the gemeente, sees the family with Petra as its regisseur and hands it to Jeroen
Willems with a reason; Petra gets "niet gevonden" on the family's plan editor from then on. Checked in nl and ar.
"""

from __future__ import annotations

import uuid

from playwright.sync_api import expect

from e2e.pages import PageChecker, check_in_dutch_and_arabic, log_in, path_of, submit

KARIN_EMAIL = "karin@example.org"
KARIN_TOTP_SECRET = "KARINVOSDEMO2FAONSPLANGEMEENTEVL"


def test_petra_registers_a_family_and_karin_hands_it_to_jeroen(
    petra_state: dict, browser, browser_context_args: dict, new_phone, checker: PageChecker
) -> None:
    surname = f"Verbeek{uuid.uuid4().hex[:4]}"

    # --- Petra registers the family --------------------------------------------------------------------------
    petra = new_phone(storage_state=petra_state).new_page()
    petra.goto("/home")
    with petra.expect_navigation():
        petra.get_by_role("link", name="Gezin aanmelden").click()
    expect(petra.locator("h1")).to_have_text("Gezin aanmelden")
    check_in_dutch_and_arabic(petra, checker, "gezin aanmelden")
    petra.fill("#name", surname)
    petra.fill("#members-0-name", f"Noor {surname}")
    petra.select_option("#members-0-relation", "jongere")
    petra.fill("#members-0-birth_date", "2018-03-04")
    petra.fill("#members-1-name", f"Ruud {surname}")
    petra.select_option("#members-1-relation", "ouder")
    petra.check("#members-1-has_authority")
    petra.fill("#members-1-email", f"ruud.{surname.lower()}@example.test")
    # one row more, without losing what was typed
    with petra.expect_navigation():
        petra.get_by_role("button", name="Nog iemand toevoegen").click()
    expect(petra.locator("#members-3-name")).to_be_visible()
    expect(petra.locator("#members-0-name")).to_have_value(f"Noor {surname}")
    expect(petra.locator("#members-1-email")).to_have_value(f"ruud.{surname.lower()}@example.test")
    checker.check(petra, "gezin aanmelden, a fourth row")
    with petra.expect_navigation():
        petra.get_by_role("button", name="Gezin aanmelden", exact=True).click()
    expect(petra.locator("h1")).to_have_text(f"Gezin {surname} is aangemeld")
    expect(petra.locator("#added-title + ul")).to_contain_text(f"Noor {surname}")
    expect(petra.locator("#invite-link-1")).to_contain_text("/uitnodiging/")
    checker.check(petra, "family registered, the link shown once")

    # --- the first plan ----------------------------------------------------------------------------------------
    with petra.expect_navigation():
        petra.get_by_role("button", name="Begin het eerste plan").click()
    assert path_of(petra).endswith("/plan/bewerken"), petra.url
    family_id = int(path_of(petra).split("/")[2])
    expect(petra.locator(".flash--success")).to_contain_text("Het eerste plan staat klaar als concept.")
    expect(petra.locator("#situation")).to_have_value("Wat gaat goed?\n\n\nWat zijn de zorgen?")
    checker.check(petra, "plan editor, the first plan")
    petra.goto(f"/gezinnen/{family_id}/eerste-plan")
    expect(petra.locator("main")).to_contain_text(f"Een doel voor Noor {surname}")
    check_in_dutch_and_arabic(petra, checker, "first plan checklist")

    # --- Karin hands the family to Jeroen ----------------------------------------------------------------------
    karin_phone = new_phone()
    karin = log_in(karin_phone, KARIN_EMAIL, KARIN_TOTP_SECRET)
    expect(karin.locator("#gemeente-title")).to_have_text("Gezinnen van Gemeente Venlo")
    checker.check(karin, "karin's home")
    with karin.expect_navigation():
        karin.get_by_role("link", name="Naar de gezinnen").click()
    row = karin.locator("#families-title ~ ul li.list__item", has_text=f"Gezin {surname}")
    expect(row).to_contain_text("Petra Jansen")
    expect(karin.locator("#families-title ~ ul li.list__item").first).to_contain_text(
        "Vraagt om een andere regisseur"
    )  # gezin Bos
    check_in_dutch_and_arabic(karin, checker, "the gemeente's families")
    with karin.expect_navigation():
        row.get_by_role("link", name="Overdragen").click()
    expect(karin.locator("h1")).to_have_text(f"Gezin {surname} overdragen")
    check_in_dutch_and_arabic(karin, checker, "hand over")
    submit(karin)  # nothing chosen: refused, next to the field
    expect(karin.locator("#regisseur-error")).to_have_text("Kies een regisseur.")
    checker.check(karin, "hand over, refused")
    karin.select_option("#regisseur", label="Jeroen Willems")
    karin.fill("#reason", "Petra heeft te veel gezinnen.")
    submit(karin)
    assert path_of(karin) == "/gemeente/gezinnen", karin.url
    expect(karin.locator(".flash--success")).to_contain_text("Jeroen Willems")
    expect(karin.locator("#families-title ~ ul li.list__item", has_text=f"Gezin {surname}")).to_contain_text(
        "Jeroen Willems"
    )
    checker.check(karin, "the gemeente's families, after the handover")

    # --- Petra no longer finds the family ----------------------------------------------------------------------
    response = petra.goto(f"/gezinnen/{family_id}/plan/bewerken")
    assert response is not None and response.status == 404
    expect(petra.locator("main")).to_contain_text("niet gevonden")
    checker.check(petra, "the plan editor after the handover (niet gevonden)")
    petra.goto("/home")
    expect(petra.locator("main")).not_to_contain_text(surname)
