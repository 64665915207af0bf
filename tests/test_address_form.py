"""How a person wants to be addressed: the account page's choice and the msgctxt that addressed() picks."""

from __future__ import annotations

import io
import re
from types import SimpleNamespace

import pytest
from babel.messages.catalog import Catalog
from babel.messages.mofile import write_mo
from babel.support import Translations

from tests.conftest import csrf_token, post_form
from tests.factories import login, make_user
from webapp.i18n import address
from webapp.i18n.address import address_context, addressed
from webapp.models import Role

ANSWER = "Wat vind jij van deze versie?"
CHOSEN = "Je hebt %(name)s gekozen."
NOT_IN_CATALOGUE = "Een zin die niemand vertaalde."


def _tiny_polish_catalogue() -> Translations:
    """A catalogue with the neutral text, a "v" and an "m" entry for CHOSEN, and only the neutral text for ANSWER."""
    catalog = Catalog(locale="pl")
    catalog.add(CHOSEN, "Wybrano %(name)s.")
    catalog.add(CHOSEN, "Wybrałaś %(name)s.", context="v")
    catalog.add(CHOSEN, "Wybrałeś %(name)s.", context="m")
    catalog.add(ANSWER, "Co myślisz o tej wersji?")
    buffer = io.BytesIO()
    write_mo(buffer, catalog)
    buffer.seek(0)
    return Translations(fp=buffer)


@pytest.fixture
def polish(monkeypatch):
    translations = _tiny_polish_catalogue()
    monkeypatch.setattr(address, "get_translations", lambda: translations)


def _reader(form: str):
    return SimpleNamespace(is_authenticated=True, address_form=form)


def test_the_context_follows_the_persons_choice() -> None:
    assert address_context(_reader("v")) == "v"
    assert address_context(_reader("m")) == "m"
    assert address_context(_reader("")) == ""


def test_a_stranger_or_an_unknown_value_gets_the_neutral_form() -> None:
    assert address_context(SimpleNamespace(is_authenticated=False, address_form="v")) == ""
    assert address_context(_reader("x")) == ""
    assert address_context(SimpleNamespace(is_authenticated=True)) == ""


def test_a_woman_reads_the_feminine_past_tense(app, polish) -> None:
    with app.test_request_context():
        assert addressed(CHOSEN, _reader("v"), name="Karim") == "Wybrałaś Karim."


def test_a_man_reads_the_masculine_past_tense(app, polish) -> None:
    with app.test_request_context():
        assert addressed(CHOSEN, _reader("m"), name="Karim") == "Wybrałeś Karim."


def test_who_did_not_say_reads_the_neutral_text(app, polish) -> None:
    with app.test_request_context():
        assert addressed(CHOSEN, _reader(""), name="Karim") == "Wybrano Karim."


def test_without_a_translation_for_the_context_the_neutral_translation_is_shown(app, polish) -> None:
    with app.test_request_context():
        assert addressed(ANSWER, _reader("v")) == "Co myślisz o tej wersji?"
        assert addressed(ANSWER, _reader("m")) == "Co myślisz o tej wersji?"


def test_a_string_nobody_translated_stays_dutch(app, polish) -> None:
    with app.test_request_context():
        assert addressed(NOT_IN_CATALOGUE, _reader("v")) == NOT_IN_CATALOGUE


def test_in_a_template_the_variables_are_escaped(app, polish, monkeypatch) -> None:
    monkeypatch.setattr(address, "current_user", _reader("v"))  # the template helper reads the logged-in person
    template = app.jinja_env.from_string("{{ addressed('Je hebt %(name)s gekozen.', name=name) }}")
    with app.test_request_context():
        assert template.render(name="<b>Ria</b>") == "Wybrałaś &lt;b&gt;Ria&lt;/b&gt;."


def test_every_addressed_string_gets_a_neutral_and_three_context_entries() -> None:
    source = io.BytesIO(b'{{ addressed("Jij bent mentor van") }} {{ _("Gewoon") }}')
    found = list(address.extract_jinja2(source, ["_", "gettext"], [], {}))
    assert [(funcname, message) for _line, funcname, message, _comments in found] == [
        ("gettext", "Jij bent mentor van"),
        ("pgettext", ("v", "Jij bent mentor van")),
        ("pgettext", ("m", "Jij bent mentor van")),
        ("pgettext", ("u", "Jij bent mentor van")),
        ("_", "Gewoon"),
    ]
    assert address.TRANSLATOR_NOTE in found[1][3]


def test_python_strings_with_variables_are_extracted_too() -> None:
    source = io.BytesIO(b'flash(addressed("Je hebt %(n)s gekozen.", n=3))\n')
    found = list(address.extract_python(source, ["_"], [], {}))
    assert [message for _line, _funcname, message, _comments in found] == [
        "Je hebt %(n)s gekozen.",
        ("v", "Je hebt %(n)s gekozen."),
        ("m", "Je hebt %(n)s gekozen."),
        ("u", "Je hebt %(n)s gekozen."),
    ]


# --- the account page ------------------------------------------------------------------------------------------


def _checked(html: str) -> str:
    match = re.search(r'<input[^>]*checked[^>]*name="address_form"[^>]*value="([vm]?)"', html) or re.search(
        r'<input[^>]*name="address_form"[^>]*value="([vm]?)"[^>]*checked', html
    )
    assert match, "no choice is checked"
    return match.group(1)


def test_the_account_page_offers_the_choice_with_not_saying_checked(client, db) -> None:
    samira = make_user(db, Role.JONGERE)
    login(client, samira)
    html = client.get("/account").get_data(as_text=True)
    assert "Hoe wil je dat OnsPlan je aanspreekt?" in html
    for label in ("Zeg ik liever niet", "Als vrouw", "Als man"):
        assert label in html
    assert _checked(html) == ""


def test_saving_the_choice_stores_it_and_the_page_shows_it(client, db) -> None:
    samira = make_user(db, Role.JONGERE)
    login(client, samira)
    response = post_form(client, "/account/aanspreken", {"address_form": "v"})
    assert response.status_code == 302
    db.refresh(samira)
    assert samira.address_form == "v"
    html = client.get("/account").get_data(as_text=True)
    assert "Opgeslagen. Zo spreken we je aan." in html
    assert _checked(html) == "v"


def test_changing_back_to_not_saying_clears_it(client, db) -> None:
    karim = make_user(db, Role.OUDER)
    login(client, karim)
    post_form(client, "/account/aanspreken", {"address_form": "m"})
    post_form(client, "/account/aanspreken", {"address_form": ""})
    db.refresh(karim)
    assert karim.address_form == ""


def test_an_unknown_value_is_refused_next_to_the_field(client, db) -> None:
    ria = make_user(db, Role.OUDER)
    login(client, ria)
    response = post_form(client, "/account/aanspreken", {"address_form": "x"})
    assert response.status_code == 400
    html = response.get_data(as_text=True)
    assert 'id="address_form-error"' in html
    assert "Kies een van de drie antwoorden." in html
    db.refresh(ria)
    assert ria.address_form == ""


def test_without_the_csrf_token_nothing_is_saved(client, db) -> None:
    ria = make_user(db, Role.OUDER)
    login(client, ria)
    csrf_token(client)
    response = client.post("/account/aanspreken", data={"address_form": "v"})
    assert response.status_code == 400
    db.refresh(ria)
    assert ria.address_form == ""


def test_a_visitor_who_is_not_logged_in_is_sent_to_the_login_page(client, db) -> None:
    response = post_form(client, "/account/aanspreken", {"address_form": "v"})
    assert response.status_code == 302
    assert "/login" in response.headers["Location"]


WELCOME = "Welkom bij OnsPlan. Je account is klaar."


@pytest.mark.parametrize(("form", "expected"), [("v", "Witaj, gotowa."), ("m", "Witaj, gotowy."), ("", "Witaj.")])
def test_the_home_page_greets_her_in_the_form_she_chose(client, db, monkeypatch, form, expected) -> None:
    catalog = Catalog(locale="pl")
    catalog.add(WELCOME, "Witaj.")
    catalog.add(WELCOME, "Witaj, gotowa.", context="v")
    catalog.add(WELCOME, "Witaj, gotowy.", context="m")
    buffer = io.BytesIO()
    write_mo(buffer, catalog)
    buffer.seek(0)
    translations = Translations(fp=buffer)
    monkeypatch.setattr(address, "get_translations", lambda: translations)
    reader = make_user(db, Role.OUDER, language="pl")
    reader.address_form = form
    db.commit()
    login(client, reader)
    html = client.get("/home").get_data(as_text=True)
    assert f"<p>{expected}</p>" in html


def test_her_own_data_export_says_how_she_wants_to_be_addressed(app, db) -> None:
    from webapp.owndata import services as owndata

    samira = make_user(db, Role.JONGERE)
    samira.address_form = "v"
    db.commit()
    with app.test_request_context():
        assert owndata.export(db, samira)["profile"]["address_form"] == "v"
