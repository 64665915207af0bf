"""Every Steuntje in de rug page, with the demo story's real data, passes the page checks in Dutch and in Arabic
(right to left): axe-core without violations, nothing wider than a 360 px phone, reflow at 200% zoom, no console
errors or CSP violations; and every control is a tap target of at least 44 x 44 px.

Who opens what (PAGES below):
- Sanne de Vries (coordinator): the queue, the requests, the shortlist, the batch proposal, the volunteers and the
  household files, monitoring, a match, its afsprakenkaart (reading and writing), follow-up, evaluation, goodbye.
- Ria Peeters (steungezin): her page, her screening, the match, the afsprakenkaart, her check-in, follow-up, stopping.
- Ayşe Yılmaz (ouder): her Steuntje page, her request for Elif, the new-request form, stopping a request.
- Linda Smits (ouder): her request, the match, the afsprakenkaart, her check-in, follow-up, stopping.
- Nobody logged in: the aanmeldpunt, its thank-you page and the account page from the mailed link.
- Everyone: the Steuntje in de rug part of the home page.
Then the states the demo story does not hold: forms sent with mistakes, a fresh proposal answered by both sides,
and long words typed by a volunteer and a parent (these tests change the data, so they run after the page tests).

Each role logs in once per session (a TOTP code works only once); each page gets a fresh context from that state.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator

import pyotp
import pytest
from playwright.sync_api import Browser, Page
from sqlalchemy import create_engine, text

from e2e.demo import AYSE_EMAIL, DEMO_PASSWORD
from e2e.pages import PageChecker, check_in_dutch_and_arabic, choose_language, html_lang_dir, submit
from e2e.server import RunningApp

COORDINATOR_EMAIL = "coordinator@example.org"
COORDINATOR_TOTP_SECRET = "COORDINATORDEMO2FAONSPLANSTEUNTJ"
PEETERS_EMAIL = "peeters@example.org"
SMITS_EMAIL = "smits@example.org"


# --- the demo story's ids ----------------------------------------------------------------------------------------


class RespiteIds:
    """The respite ids of the demo story on the session's server, read once from its database."""

    def __init__(self, database_url: str) -> None:
        engine = create_engine(database_url)
        try:
            with engine.connect() as connection:

                def one(sql: str, **values: object) -> int:
                    row = connection.execute(text(sql), values).first()
                    assert row is not None, f"not in the demo data: {sql} {values}"
                    return row[0]

                family_request = (
                    "SELECT respite_request.id FROM respite_request JOIN family ON family.id = respite_request.family_id"
                    " WHERE family.name = :name ORDER BY respite_request.id"
                )
                self.yilmaz_request = one(family_request, name="Yılmaz")
                self.smits_request = one(family_request, name="Smits")
                self.smits_match = one(
                    "SELECT id FROM respite_match WHERE request_id = :request ORDER BY id DESC",
                    request=self.smits_request,
                )
                household = "SELECT id FROM respite_household WHERE email = :email"
                self.peeters = one(household, email=PEETERS_EMAIL)
                self.janssen = one(household, email="janssen@example.org")
                self.vermeulen = one(household, email="vermeulen@example.org")
                due_checkin = (
                    "SELECT id FROM respite_checkin WHERE match_id = :match AND side = :side AND moment = 'week4'"
                )
                self.ria_checkin = one(due_checkin, match=self.smits_match, side="steungezin")
                self.linda_checkin = one(due_checkin, match=self.smits_match, side="gezin")
        finally:
            engine.dispose()


@pytest.fixture(scope="session")
def ids(app_server: RunningApp) -> RespiteIds:
    return RespiteIds(app_server.database_url)


# --- one login per role ------------------------------------------------------------------------------------------


def _log_in(browser: Browser, context_args: dict, email: str, totp_secret: str | None = None) -> tuple[dict, str]:
    """`email` logged in with the demo password (and a TOTP code for a professional): the browser's storage state, and
    the language the person reads OnsPlan in (the checks switch it; it is put back at the end)."""
    checker = PageChecker()
    context = checker.watch_context(browser.new_context(**context_args))
    page = context.new_page()
    try:
        page.goto("/login")
        page.fill("#email", email)
        page.fill("#password", DEMO_PASSWORD)
        submit(page)
        if totp_secret:
            assert page.url.endswith("/tweestaps/controle"), page.url
            page.fill("#code", pyotp.TOTP(totp_secret).now())
            submit(page)
        assert page.url.endswith("/home"), f"{email} did not get in: {page.url}"
        language = html_lang_dir(page)[0] or "nl"
        checker.assert_no_console_errors()
        return context.storage_state(), language
    finally:
        context.close()


@pytest.fixture(scope="session")
def states(browser: Browser, browser_context_args: dict) -> Iterator[Callable[[str], dict]]:
    """The storage state of a role, logged in on first use. Afterwards each person reads OnsPlan in their own
    language again (Ayşe in Turkish), for the tests that come after."""
    logins = {
        "sanne": (COORDINATOR_EMAIL, COORDINATOR_TOTP_SECRET),
        "ria": (PEETERS_EMAIL, None),
        "ayse": (AYSE_EMAIL, None),
        "linda": (SMITS_EMAIL, None),
    }
    known: dict[str, tuple[dict, str]] = {}

    def state(role: str) -> dict:
        if role not in known:
            known[role] = _log_in(browser, browser_context_args, *logins[role])
        return known[role][0]

    yield state
    for saved, language in known.values():
        context = browser.new_context(**{**browser_context_args, "storage_state": saved})
        try:
            page = context.new_page()
            page.goto("/home")
            if html_lang_dir(page)[0] != language:
                choose_language(page, language)
        finally:
            context.close()


# --- tap targets -------------------------------------------------------------------------------------------------

# Every control in `scope` that is smaller than 44 x 44 px. A check box or radio button counts with its row (its label
# is part of the target); a link inside a sentence is left out (WCAG 2.5.5's inline exception), and so is what
# people can't see or reach (a honeypot field, a closed <details>).
_SMALL_TARGETS = """(scope) => {
  const small = [];
  for (const root of document.querySelectorAll(scope)) {
    const controls = root.querySelectorAll(
      'a[href], button, input:not([type=hidden]), select, textarea, summary');
    for (const control of controls) {
      if (control.closest('[aria-hidden=true]')) continue;
      const own = control.getBoundingClientRect();
      if (own.width === 0 && own.height === 0) continue;
      const row = ['checkbox', 'radio'].includes(control.type) && control.closest('.check');
      const box = row ? row.getBoundingClientRect() : own;
      const parent = control.parentElement;
      const inSentence = control.tagName === 'A' && !control.classList.contains('button') && parent
        && parent.textContent.trim().length > control.textContent.trim().length;
      if (inSentence) continue;
      if (box.width < 43.5 || box.height < 43.5) {
        const name = (control.textContent || control.name || control.id || '').trim().slice(0, 60);
        small.push(`${control.tagName.toLowerCase()} "${name}": ${Math.round(box.width)} x ${Math.round(box.height)} px`);
      }
    }
  }
  return small;
}"""


def assert_tap_targets(page: Page, label: str, scope: str = "main") -> None:
    small = page.evaluate(_SMALL_TARGETS, scope)
    assert not small, f"{label}: tap targets smaller than 44 x 44 px:\n" + "\n".join(small)


# --- the pages ---------------------------------------------------------------------------------------------------

PAGES: list[tuple[str, str, Callable[[RespiteIds], str]]] = [
    # The coordinator.
    ("sanne", "meldpunt queue", lambda ids: "/meldpunt"),
    ("sanne", "meldpunt: Ayşe's request", lambda ids: f"/meldpunt/aanvraag/{ids.yilmaz_request}"),
    ("sanne", "meldpunt: Linda's request (in trial)", lambda ids: f"/meldpunt/aanvraag/{ids.smits_request}"),
    ("sanne", "shortlist for Elif", lambda ids: f"/meldpunt/koppelen/{ids.yilmaz_request}"),
    ("sanne", "batch proposal", lambda ids: "/meldpunt/koppelen"),
    ("sanne", "volunteers", lambda ids: "/meldpunt/vrijwilligers/"),
    ("sanne", "household file Janssen", lambda ids: f"/meldpunt/vrijwilligers/{ids.janssen}"),
    ("sanne", "monitoring", lambda ids: "/meldpunt/monitoring"),
    ("sanne", "match Smits-Peeters (coordinator)", lambda ids: f"/steuntje/koppeling/{ids.smits_match}"),
    ("sanne", "afsprakenkaart (coordinator)", lambda ids: f"/steuntje/koppeling/{ids.smits_match}/afspraken"),
    ("sanne", "meldpunt queue, all requests", lambda ids: "/meldpunt?status=alle"),
    ("sanne", "household file Peeters (approved)", lambda ids: f"/meldpunt/vrijwilligers/{ids.peeters}"),
    ("sanne", "household file Vermeulen (new sign-up)", lambda ids: f"/meldpunt/vrijwilligers/{ids.vermeulen}"),
    ("sanne", "writing the afsprakenkaart", lambda ids: f"/steuntje/koppeling/{ids.smits_match}/afspraken/nieuw"),
    ("sanne", "follow-up page", lambda ids: f"/steuntje/verloop/{ids.smits_match}"),
    ("sanne", "evaluation of the trial", lambda ids: f"/steuntje/verloop/{ids.smits_match}/evaluatie"),
    ("sanne", "closing with a goodbye", lambda ids: f"/steuntje/verloop/{ids.smits_match}/afsluiten"),
    # Ria Peeters, steungezin.
    ("ria", "steungezin page", lambda ids: "/steungezin"),
    ("ria", "match Smits-Peeters (steungezin)", lambda ids: f"/steuntje/koppeling/{ids.smits_match}"),
    ("ria", "afsprakenkaart (steungezin)", lambda ids: f"/steuntje/koppeling/{ids.smits_match}/afspraken"),
    ("ria", "week-4 check-in (steungezin)", lambda ids: f"/steuntje/verloop/checkin/{ids.ria_checkin}"),
    ("ria", "follow-up page (steungezin)", lambda ids: f"/steuntje/verloop/{ids.smits_match}"),
    ("ria", "stopping (steungezin)", lambda ids: f"/steuntje/verloop/{ids.smits_match}/stoppen"),
    ("ria", "her own sign-up and screening", lambda ids: "/meldpunt/vrijwilligers/ik"),
    # Ayşe, a parent waiting for a match.
    ("ayse", "Steuntje page of a parent", lambda ids: "/steuntje"),
    ("ayse", "Ayşe's request for Elif", lambda ids: f"/steuntje/{ids.yilmaz_request}"),
    ("ayse", "new request form", lambda ids: "/steuntje/nieuw"),
    ("ayse", "stopping a request", lambda ids: f"/steuntje/{ids.yilmaz_request}/stoppen"),
    # Linda Smits, a parent in the trial period.
    ("linda", "match Smits-Peeters (parent)", lambda ids: f"/steuntje/koppeling/{ids.smits_match}"),
    ("linda", "week-4 check-in (parent)", lambda ids: f"/steuntje/verloop/checkin/{ids.linda_checkin}"),
    ("linda", "Steuntje page of a parent in the trial", lambda ids: "/steuntje"),
    ("linda", "Linda's request for Daan", lambda ids: f"/steuntje/{ids.smits_request}"),
    ("linda", "afsprakenkaart (parent)", lambda ids: f"/steuntje/koppeling/{ids.smits_match}/afspraken"),
    ("linda", "follow-up page (parent)", lambda ids: f"/steuntje/verloop/{ids.smits_match}"),
    ("linda", "stopping (parent)", lambda ids: f"/steuntje/verloop/{ids.smits_match}/stoppen"),
    # Nobody logged in.
    (None, "aanmeldpunt", lambda ids: "/aanmelden"),
    # The home page's Steuntje in de rug part, for each role.
    ("sanne", "home of the coordinator", lambda ids: "/home"),
    ("ria", "home of the steungezin", lambda ids: "/home"),
    ("ayse", "home of a parent waiting", lambda ids: "/home"),
    ("linda", "home of a parent in the trial", lambda ids: "/home"),
]
HOME_PART = "main section[aria-labelledby=respite-title]"


@pytest.mark.parametrize(("role", "label", "address"), PAGES, ids=[label for _, label, _ in PAGES])
def test_respite_page_passes_the_checks_in_dutch_and_arabic(
    role: str | None,
    label: str,
    address: Callable[[RespiteIds], str],
    ids: RespiteIds,
    states: Callable[[str], dict],
    new_phone,
    checker: PageChecker,
) -> None:
    context = new_phone(storage_state=states(role)) if role else new_phone()
    page = context.new_page()
    where = address(ids)
    response = page.goto(where)
    assert response is not None and response.status == 200, f"{label}: {where} answered {response and response.status}"
    if where == "/home":
        assert page.locator(HOME_PART).count() == 1, f"{label}: no Steuntje in de rug part on the home page"
    check_in_dutch_and_arabic(page, checker, label)
    assert_tap_targets(page, label, HOME_PART if where == "/home" else "main")


# A form sent with nothing filled in comes back with the mistakes next to the fields: checked in both languages.
FORMS_WITH_MISTAKES: list[tuple[str | None, str, Callable[[RespiteIds], str], str]] = [
    (None, "aanmeldpunt sent empty", lambda ids: "/aanmelden", "main form button[type=submit]"),
    ("ayse", "new request sent empty", lambda ids: "/steuntje/nieuw", "main button[name=actie][value=versturen]"),
    (
        "ria",
        "check-in sent without an answer",
        lambda ids: f"/steuntje/verloop/checkin/{ids.ria_checkin}",
        "main form button[type=submit]",
    ),
]


@pytest.mark.parametrize(
    ("role", "label", "address", "button"), FORMS_WITH_MISTAKES, ids=[label for _, label, _, _ in FORMS_WITH_MISTAKES]
)
def test_respite_form_with_mistakes_passes_the_checks_in_dutch_and_arabic(
    role: str | None,
    label: str,
    address: Callable[[RespiteIds], str],
    button: str,
    ids: RespiteIds,
    states: Callable[[str], dict],
    new_phone,
    checker: PageChecker,
) -> None:
    page = (new_phone(storage_state=states(role)) if role else new_phone()).new_page()
    try:
        for language in ("nl", "ar"):
            page.goto(address(ids))
            if html_lang_dir(page)[0] != language:
                choose_language(page, language)
            with page.expect_navigation() as navigation:
                page.locator(button).first.click()
            page.wait_for_load_state("load")
            assert navigation.value is not None and navigation.value.status in (400, 422), (
                f"{label}: answered {navigation.value and navigation.value.status}, not 'fix this' (400 or 422)"
            )
            assert page.locator("main .error").count() > 0, f"{label}: no mistake shown next to a field"
            assert page.locator("main [aria-invalid=true], main fieldset.field--error").count() > 0, (
                f"{label}: no field is marked as wrong for screen readers"
            )
            checker.check(page, f"{label} ({language})")
            assert_tap_targets(page, f"{label} ({language})")
    finally:
        if html_lang_dir(page)[0] != "nl":
            choose_language(page, "nl")


ACCOUNT_LINK = re.compile(r"https?://[^/\s]+(/aanmelden/account/\S+)")
LONG_WORD = "Kinderopvangtoeslagaanvraagformulierenbehandelaarsbijeenkomst"


def test_long_words_typed_by_a_volunteer_wrap_on_the_coordinators_pages(
    states: Callable[[str], dict], new_phone, checker: PageChecker, app_server: RunningApp
) -> None:
    """Runs after the page tests above: a new sign-up full of long words lands in Sanne's list and file."""
    page = new_phone().new_page()
    page.goto("/aanmelden")
    page.check("input[name=kind][value=steunouder]")
    page.fill("#contact_name", f"Wim {LONG_WORD}")
    page.fill("#email", "wim.lang@example.test")
    page.fill("#phone", "06 12345678")
    page.fill("#street", f"{LONG_WORD}straat 1")
    page.fill("#postcode", "5911 AB")
    page.fill("#woonplaats", LONG_WORD)
    page.select_option("#gemeente", label="Gemeente Venlo")
    page.fill("#adults-0-name", f"Wim {LONG_WORD}")
    page.fill("#adults-0-birth_year", "1960")
    for name in ("help_kinds", "days", "parts_of_day"):
        page.locator(f"input[name={name}]").first.check()
    page.fill("#capacity", "1")
    page.fill("#age_min", "4")
    page.fill("#age_max", "12")
    page.check("input[name=smoking][value=nee]")
    page.fill("#experience_note", f"{LONG_WORD} https://example.org/{LONG_WORD}/{LONG_WORD}")
    page.fill("#motivation", f"Ik wil helpen. {LONG_WORD}{LONG_WORD}")
    page.check("#consent")
    submit(page)
    assert page.url.endswith("/aanmelden/bedankt"), f"the sign-up did not go through: {page.url}"

    # The account link mailed to him (the e2e server keeps its mails in memory).
    from webapp.mail import mailer  # here, like e2e/server.py: conftest.py first sets up the instance folder

    with app_server.server.app.app_context():
        mails = [mail for mail in mailer().sent if mail.to == "wim.lang@example.test"]
    found = [ACCOUNT_LINK.search(mail.body) for mail in mails]
    links = [match.group(1) for match in found if match]
    assert links, "no account link was mailed"
    page.goto(links[-1])
    check_in_dutch_and_arabic(page, checker, "account page after signing up")
    assert_tap_targets(page, "account page after signing up")

    engine = create_engine(app_server.database_url)
    try:
        with engine.connect() as connection:
            household = connection.execute(
                text("SELECT id FROM respite_household WHERE email = 'wim.lang@example.test'")
            ).scalar_one()
    finally:
        engine.dispose()
    sanne = new_phone(storage_state=states("sanne")).new_page()
    for address, label in (
        ("/meldpunt/vrijwilligers/", "volunteers with a long name"),
        (f"/meldpunt/vrijwilligers/{household}", "household file full of long words"),
    ):
        sanne.goto(address)
        check_in_dutch_and_arabic(sanne, checker, label)
        assert_tap_targets(sanne, label)


def test_long_words_typed_by_a_parent_wrap_on_her_page_and_the_coordinators(
    states: Callable[[str], dict], new_phone, checker: PageChecker, app_server: RunningApp
) -> None:
    """Runs after the page tests above: Ayşe sends a second request (for Emre) full of long words."""
    ayse = new_phone(storage_state=states("ayse")).new_page()
    ayse.goto("/steuntje/nieuw")
    ayse.locator("input[name=children]").first.check()
    for name in ("help_kinds", "days", "parts_of_day", "transport", "home_languages"):
        ayse.locator(f"input[name={name}]").first.check()
    ayse.fill("#woonplaats", LONG_WORD)
    ayse.fill("#times_note", f"{LONG_WORD}{LONG_WORD}")
    ayse.fill("#child_needs", f"Hij leest graag. https://example.org/{LONG_WORD}/{LONG_WORD}")
    ayse.fill("#values_note", LONG_WORD)
    with ayse.expect_navigation():
        ayse.locator("main button[name=actie][value=versturen]").click()
    ayse.wait_for_load_state("load")
    errors = ayse.locator("main .error").all_inner_texts()
    assert not errors, f"the request was not sent: {errors}"
    check_in_dutch_and_arabic(ayse, checker, "Ayşe's request full of long words")
    assert_tap_targets(ayse, "Ayşe's request full of long words")

    engine = create_engine(app_server.database_url)
    try:
        with engine.connect() as connection:
            request = connection.execute(
                text("SELECT id FROM respite_request WHERE woonplaats = :place"), {"place": LONG_WORD}
            ).scalar_one()
    finally:
        engine.dispose()
    sanne = new_phone(storage_state=states("sanne")).new_page()
    for address, label in (
        ("/meldpunt", "queue with a long place name"),
        (f"/meldpunt/aanvraag/{request}", "request full of long words (coordinator)"),
    ):
        sanne.goto(address)
        check_in_dutch_and_arabic(sanne, checker, label)
        assert_tap_targets(sanne, label)


def _sign_up_as_pleeggezin(page: Page) -> None:
    page.check("input[name=kind][value=pleeggezin]")
    page.fill("#contact_name", "Fatma Demir")
    page.fill("#email", "fatma.demir@example.test")
    page.fill("#phone", "06 12345678")
    page.fill("#street", "Parade 12")
    page.fill("#postcode", "5911 AB")
    page.fill("#woonplaats", "Venlo")
    page.select_option("#gemeente", label="Gemeente Venlo")
    page.fill("#adults-0-name", "Fatma Demir")
    page.fill("#adults-0-birth_year", "1980")
    page.check("input[name=smoking][value=nee]")
    page.fill("#motivation", "Wij hebben ruimte in huis en willen een kind een thuis geven.")
    page.check("#consent")
    submit(page)


def test_aanmeldpunt_thank_you_page_passes_the_checks_in_dutch_and_arabic(new_phone, checker: PageChecker) -> None:
    page = new_phone().new_page()
    page.goto("/aanmelden")
    _sign_up_as_pleeggezin(page)
    assert page.url.endswith("/aanmelden/bedankt"), f"the sign-up did not go through: {page.url}"
    check_in_dutch_and_arabic(page, checker, "aanmeldpunt thank-you page")
    assert_tap_targets(page, "aanmeldpunt thank-you page")


def _latest_match(app_server: RunningApp, request_id: int) -> int:
    engine = create_engine(app_server.database_url)
    try:
        with engine.connect() as connection:
            row = connection.execute(
                text("SELECT max(id) FROM respite_match WHERE request_id = :request"), {"request": request_id}
            ).first()
    finally:
        engine.dispose()
    assert row is not None and row[0] is not None, "no match was proposed"
    return row[0]


def test_a_proposal_passes_the_checks_for_the_coordinator_the_parent_and_the_steungezin(
    ids: RespiteIds, states: Callable[[str], dict], new_phone, checker: PageChecker, app_server: RunningApp
) -> None:
    """Runs after the page tests above: it changes the demo story (Elif's request gets a proposal)."""
    sanne = new_phone(storage_state=states("sanne")).new_page()
    sanne.goto(f"/meldpunt/koppelen/{ids.yilmaz_request}")
    propose = sanne.locator(f"main form[action$='/voorstellen/{ids.peeters}'] button[type=submit]")
    with sanne.expect_navigation():
        propose.click()
    sanne.wait_for_load_state("load")
    assert sanne.url.endswith(f"/meldpunt/koppelen/{ids.yilmaz_request}"), sanne.url
    check_in_dutch_and_arabic(sanne, checker, "shortlist after the proposal")
    assert_tap_targets(sanne, "shortlist after the proposal")
    match = _latest_match(app_server, ids.yilmaz_request)

    pages = {role: new_phone(storage_state=states(role)).new_page() for role in ("ayse", "ria")}
    pages["sanne"] = sanne
    address = f"/steuntje/koppeling/{match}"
    for role, label in (
        ("sanne", "proposal (coordinator)"),
        ("ayse", "proposal (parent)"),
        ("ria", "proposal (steungezin)"),
    ):
        page = pages[role]
        response = page.goto(address)
        assert response is not None and response.status == 200, f"{label}: {response and response.status}"
        check_in_dutch_and_arabic(page, checker, label)
        assert_tap_targets(page, label)
    ria = pages["ria"]
    ria.goto("/steungezin")
    check_in_dutch_and_arabic(ria, checker, "steungezin page with a proposal")
    assert_tap_targets(ria, "steungezin page with a proposal")

    # Ayşe sends her answer without choosing: the mistake shows next to the question; then both say yes.
    ayse = pages["ayse"]
    ayse.goto(address)
    answer = f"main form[action$='/koppeling/{match}/antwoord'] button[type=submit]"
    with ayse.expect_navigation() as navigation:
        ayse.locator(answer).click()
    assert navigation.value is not None and navigation.value.status in (400, 422), navigation.value
    assert ayse.locator("main fieldset.field--error .error").count() == 1
    checker.check(ayse, "proposal answered without a choice (nl)")
    assert_tap_targets(ayse, "proposal answered without a choice")
    for page in (ayse, ria):
        page.goto(address)
        page.check("input[name=answer][value=ja]")
        with page.expect_navigation():
            page.locator(answer).click()
        page.wait_for_load_state("load")
    check_in_dutch_and_arabic(ria, checker, "both said yes (steungezin)")
    sanne.goto(address)
    assert sanne.locator(f"main form[action$='/koppeling/{match}/kennismaking']").count() == 1
    check_in_dutch_and_arabic(sanne, checker, "planning the kennismaking (coordinator)")
    assert_tap_targets(sanne, "planning the kennismaking (coordinator)")
