"""A newcomer who wants to help signs up as steungezin on the public aanmeldpunt (/aanmelden), without an account:
once in Dutch and once in Arabic (right to left). Both land on the thank-you page. The honeypot field that catches
robots stays invisible, hidden from screen readers, and the Tab key never reaches it.

On the session's server: a sign-up only adds a household in "aangemeld", which no other journey looks at.
"""

from __future__ import annotations

import uuid

from playwright.sync_api import Page, expect

from e2e.demo import DemoData
from e2e.pages import PageChecker, choose_language, html_lang_dir, path_of, submit, translate

# Tab presses before giving up on coming round to the start again (the form has some 70 stops).
MAX_TABS = 250



def assert_honeypot_hidden(page: Page) -> None:
    """The robot trap: empty, 1 px and clipped, inside aria-hidden, out of the tab order."""
    trap = page.locator("#website")
    expect(trap).to_have_count(1)
    expect(trap).to_have_attribute("tabindex", "-1")
    expect(trap).to_have_value("")
    hidden_wrapper = page.locator("div[aria-hidden=true]:has(#website)")
    expect(hidden_wrapper).to_have_count(1)
    box = hidden_wrapper.bounding_box()
    assert box is not None and box["width"] <= 1 and box["height"] <= 1, f"the honeypot can be seen: {box}"


def assert_tab_never_reaches_honeypot(page: Page) -> None:
    """Tab walks every stop of the page, from the top to where focus leaves it, and never lands on the trap."""
    page.evaluate("() => { document.activeElement && document.activeElement.blur(); window.scrollTo(0, 0); }")
    seen: list[str] = []
    for _ in range(MAX_TABS):
        page.keyboard.press("Tab")
        focused = page.evaluate(
            "() => { const e = document.activeElement;"
            " if (!e || e === document.body) return '';"
            " const at = Array.prototype.indexOf.call(document.getElementsByTagName('*'), e);"
            " return `${at}:${e.tagName}#${e.id}[${e.getAttribute('name') || ''}]`; }"
        )
        assert "#website[" not in focused and "[website]" not in focused, "Tab reached the honeypot"
        if not focused or (seen and focused == seen[0]):
            break  # past the last stop (focus left the page) or round to the first again
        seen.append(focused)
    else:
        raise AssertionError(f"Tab did not come round after {MAX_TABS} presses")
    # The walk really went through the form: the consent box and the send button were reached.
    assert any("#consent" in stop for stop in seen), seen
    assert any(":BUTTON#" in stop for stop in seen), seen


def fill_signup(page: Page, *, name: str, email: str) -> None:
    """A steungezin in Blerick (gemeente Venlo): the required answers and a few optional ones."""
    page.locator("input[name=kind][value=steungezin]").check()
    page.fill("#contact_name", name)
    page.fill("#email", email)
    page.fill("#phone", "06 1234 5099")
    page.fill("#street", "Maasboulevard 12")
    page.fill("#postcode", "5911 AB")
    page.fill("#woonplaats", "Blerick")
    venlo = page.locator("#gemeente option", has_text="Venlo").first.get_attribute("value")
    assert venlo, "gemeente Venlo is not on the list"
    page.select_option("#gemeente", venlo)
    page.fill("#adults-0-name", name)
    page.fill("#adults-0-birth_year", "1975")
    page.fill("#children-0", "12")
    for code in ("weekend_maand", "vakantie"):
        page.locator(f"input[name=help_kinds][value={code}]").check()
    for code in ("za", "zo"):
        page.locator(f"input[name=days][value={code}]").check()
    page.fill("#capacity", "1")
    page.fill("#age_min", "4")
    page.fill("#age_max", "12")
    page.locator("input[name=languages][value=nl]").check()
    page.locator("input[name=languages][value=ar]").check()
    page.locator("input[name=smoking][value=nee]").check()
    page.locator("input[name=experience][value=autisme]").check()
    page.fill("#motivation", "Onze zoon is het huis uit. We hebben ruimte en tijd, en we houden van kinderen.")
    page.locator("#consent").check()


def test_newcomer_signs_up_as_steungezin_in_dutch(page: Page, checker: PageChecker, demo: DemoData) -> None:
    checker.watch_context(page.context)
    page.goto("/aanmelden")
    assert html_lang_dir(page) == ("nl", "ltr")
    expect(page.locator("h1")).to_have_text("Wilt u een gezin helpen?")
    checker.check(page, "aanmeldpunt (nl)")
    assert_honeypot_hidden(page)
    assert_tab_never_reaches_honeypot(page)

    # Bad input first: the form comes back with the messages next to the fields, and what was typed is kept.
    email = f"steungezin-{uuid.uuid4().hex[:8]}@example.org"
    fill_signup(page, name="Karin Willems", email=email)
    page.fill("#postcode", "59 AB")
    page.locator("#consent").uncheck()
    response = submit(page)
    assert response is not None and response.status == 400
    expect(page.locator("#postcode-error")).to_contain_text("Schrijf de postcode zo: 5911 AB.")
    expect(page.locator("#consent-error")).to_contain_text("Zet hier een vinkje.")
    expect(page.locator("#contact_name")).to_have_value("Karin Willems")
    expect(page.locator("#motivation")).to_have_value(
        "Onze zoon is het huis uit. We hebben ruimte en tijd, en we houden van kinderen."
    )
    expect(page.locator("input[name=days][value=za]")).to_be_checked()
    checker.check(page, "aanmeldpunt with errors (nl)")

    page.fill("#postcode", "5911 AB")
    page.locator("#consent").check()
    response = submit(page)
    assert response is not None and response.status == 200
    assert path_of(page) == "/aanmelden/bedankt"
    expect(page.locator("h1")).to_have_text("Dank u wel voor uw aanmelding!")
    expect(page.locator("main")).to_contain_text("Uw aanmelding is binnen bij het meldpunt Steuntje in de rug.")
    checker.check(page, "aanmeldpunt thank-you page (nl)")
    assert demo.household_status(email) == "aangemeld"


def test_newcomer_signs_up_as_steungezin_in_arabic_right_to_left(
    new_phone, checker: PageChecker, demo: DemoData
) -> None:
    page = new_phone().new_page()
    page.goto("/aanmelden")
    choose_language(page, "ar")
    assert path_of(page) == "/aanmelden"
    assert html_lang_dir(page) == ("ar", "rtl")
    expect(page.locator("h1")).to_have_text(translate("ar", "Wilt u een gezin helpen?"))
    expect(page.locator("#language-select")).to_have_value("ar")
    checker.check(page, "aanmeldpunt (ar)")
    assert_honeypot_hidden(page)

    email = f"steungezin-{uuid.uuid4().hex[:8]}@example.org"
    fill_signup(page, name="Samir Haddad", email=email)
    response = submit(page)
    assert response is not None and response.status == 200
    assert path_of(page) == "/aanmelden/bedankt"
    assert html_lang_dir(page) == ("ar", "rtl")
    expect(page.locator("h1")).to_have_text(translate("ar", "Dank u wel voor uw aanmelding!"))
    expect(page.locator("main")).to_contain_text(
        translate("ar", "Uw aanmelding is binnen bij het meldpunt Steuntje in de rug.")
    )
    checker.check(page, "aanmeldpunt thank-you page (ar)")
    assert demo.household_status(email) == "aangemeld"
