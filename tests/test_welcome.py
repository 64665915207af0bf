"""A first visit that explains itself: the login page says what OnsPlan is and offers the languages first, 'Geen
account?' says what to do, 'Zet OnsPlan op je beginscherm' has the steps, and the home page offers it once."""

from __future__ import annotations

import re
from html import unescape

import pytest
from sqlmodel import select

from tests.conftest import csrf_token, post_form
from tests.factories import make_user
from tests.plan_factories import sign_in
from webapp.models import Role, User

HTMX = {"HX-Request": "true"}


def _text(html: str) -> str:
    return re.sub(r"\s+", " ", unescape(re.sub(r"<[^>]+>", " ", html))).strip()


def _main(html: str) -> str:
    return html.split('<main id="main"', 1)[1].split("</main>", 1)[0]


# --- the login page ------------------------------------------------------------------------------------------------


def test_the_login_page_says_what_onsplan_is_and_for_whom_before_the_form(client) -> None:
    html = _main(client.get("/login").get_data(as_text=True))
    intro = html.index("OnsPlan is er voor gezinnen met een gezinsplan in de jeugdhulp.")
    assert intro < html.index('action="/login')
    assert "de regisseur, mentoren en helpers" in _text(html)


def test_the_languages_come_first_each_named_in_its_own_script_with_its_lang(app, client) -> None:
    html = _main(client.get("/login").get_data(as_text=True))
    picker = html.index('class="language-picker"')
    assert picker < html.index("<h1>") < html.index('action="/login')
    for code, name in (("ar", "العربية"), ("tr", "Türkçe"), ("uk", "Українська"), ("ti", "ትግርኛ"), ("nl", "Nederlands")):
        button = re.search(
            rf'<button type="submit" name="language" value="{code}" lang="{code}"[^>]*>([^<]+)</button>', html
        )
        assert button and button.group(1) == name, code
    assert len(re.findall(r'name="language" value="', html)) == len(app.config["LANGUAGES"])
    assert re.search(r'value="nl" lang="nl"[^>]*aria-current="true"', html)  # the language shown now


def test_picking_arabic_at_the_top_works_without_javascript_and_comes_back_to_login(client) -> None:
    token = csrf_token(client, "/login")
    response = client.post("/taal", data={"csrf_token": token, "language": "ar", "next": "/login?"})
    assert response.status_code == 302 and response.headers["Location"].startswith("/login")
    html = client.get("/login").get_data(as_text=True)
    assert '<html lang="ar" dir="rtl">' in html
    assert re.search(r'value="ar" lang="ar"[^>]*aria-current="true"', html)


def test_a_language_that_does_not_exist_changes_nothing(client) -> None:
    token = csrf_token(client, "/login")
    client.post("/taal", data={"csrf_token": token, "language": "xx", "next": "/login"})
    assert '<html lang="nl" dir="ltr">' in client.get("/login").get_data(as_text=True)


def test_the_login_page_links_to_no_account_and_home_screen(client) -> None:
    html = client.get("/login").get_data(as_text=True)
    assert 'href="/geen-account"' in html and 'href="/beginscherm"' in html


def test_the_demo_logins_stay_below_the_form(app, client) -> None:
    app.config["DEMO"], before = True, app.config.get("DEMO")
    try:
        html = _main(client.get("/login").get_data(as_text=True))
    finally:
        app.config["DEMO"] = before
    assert html.index('action="/login') < html.index('id="demo-title"') < html.index("petra@example.org")


# --- Geen account? ---------------------------------------------------------------------------------------------------


def test_no_account_says_what_to_do_for_each_kind_of_person_without_logging_in(client) -> None:
    response = client.get("/geen-account")
    assert response.status_code == 200
    text = _text(_main(response.get_data(as_text=True)))
    assert "Je regisseur nodigt je uit." in text
    assert "Je krijgt een e-mail met een link." in text
    assert "steungezin of als pleeggezin" in text
    assert "JIM-mentor" in text and "stuurt de jongere je een link" in text
    assert "van de beheerder van OnsPlan bij jouw organisatie" in text
    html = response.get_data(as_text=True)
    assert 'href="/aanmelden"' in html and 'href="/login"' in html


# --- Zet OnsPlan op je beginscherm ---------------------------------------------------------------------------------


def test_the_home_screen_page_has_steps_for_android_and_iphone_and_a_hidden_install_button(client) -> None:
    response = client.get("/beginscherm")
    assert response.status_code == 200
    html = response.get_data(as_text=True)
    text = _text(_main(html))
    assert "Android-telefoon (Chrome)" in text and "App installeren" in text and "Toevoegen aan startscherm" in text
    assert "iPhone of iPad (Safari)" in text and "Deel-knop" in text and "Zet op beginscherm" in text
    assert re.search(r'<div class="install-now" data-install hidden>', html)  # shown only when the browser offers
    assert '<script src="/static/js/install.js" defer></script>' in html
    assert "<img" in _main(html) and "http" not in re.findall(r'<img[^>]*src="([^"]+)"', _main(html))[0]
    assert 'href="/login"' in html  # back, for someone not logged in


def test_the_install_script_is_public_static_and_has_no_inline_parts(client) -> None:
    response = client.get("/static/js/install.js")
    assert response.status_code == 200
    script = response.get_data(as_text=True)
    assert "beforeinstallprompt" in script and "prompt()" in script and "eval(" not in script


def test_the_account_page_links_to_the_home_screen_page(app, db) -> None:
    ayse = make_user(db, Role.OUDER)
    assert 'href="/beginscherm"' in sign_in(app, ayse).text("/account")


# --- offered once on the home page ---------------------------------------------------------------------------------


def _offer_shown(html: str) -> bool:
    return 'id="install-offer-title"' in html


def _answered_at(db, user: User):
    db.expire_all()
    return db.exec(select(User.install_offer_answered_at).where(User.id == user.id)).one()


def test_the_home_page_offers_it_until_she_says_no_thank_you(app, db) -> None:
    ayse = make_user(db, Role.OUDER)
    visitor = sign_in(app, ayse)
    html = visitor.text("/home")
    assert _offer_shown(html)
    under_greeting = html.split("</h1>", 1)[1]
    assert "<section" not in under_greeting.split('<section class="card card--highlight install-offer"', 1)[0]
    assert _offer_shown(visitor.text("/home"))  # seen is not answered
    response = visitor.post("/beginscherm/aanbod", {"keuze": "nee"})
    assert response.status_code == 303 and response.headers["Location"] == "/home"
    assert _answered_at(db, ayse) is not None
    assert not _offer_shown(visitor.text("/home"))


def test_show_me_how_leads_to_the_steps_and_is_an_answer_too(app, db) -> None:
    samira = make_user(db, Role.JONGERE)
    visitor = sign_in(app, samira)
    response = visitor.post("/beginscherm/aanbod", {"keuze": "uitleg"})
    assert response.status_code == 303 and response.headers["Location"] == "/beginscherm"
    assert _answered_at(db, samira) is not None
    assert not _offer_shown(visitor.text("/home"))
    assert 'href="/home"' in visitor.text("/beginscherm")  # back to her start page


def test_with_htmx_no_thank_you_replaces_the_card_with_a_note(app, db) -> None:
    ayse = make_user(db, Role.OUDER)
    visitor = sign_in(app, ayse)
    response = visitor.post("/beginscherm/aanbod", {"keuze": "nee"}, htmx=True)
    assert response.status_code == 200
    html = response.get_data(as_text=True)
    assert 'id="install-offer"' in html and 'role="status"' in html and "onder Account" in _text(html)
    assert "<html" not in html


def test_answering_again_keeps_the_first_answer(app, db) -> None:
    ayse = make_user(db, Role.OUDER)
    visitor = sign_in(app, ayse)
    visitor.post("/beginscherm/aanbod", {"keuze": "nee"})
    first = _answered_at(db, ayse)
    visitor.post("/beginscherm/aanbod", {"keuze": "uitleg"})
    assert _answered_at(db, ayse) == first


@pytest.mark.parametrize("keuze", ["", "ja", "x" * 300])
def test_an_unknown_answer_changes_nothing(app, db, keuze: str) -> None:
    ayse = make_user(db, Role.OUDER)
    visitor = sign_in(app, ayse)
    response = visitor.post("/beginscherm/aanbod", {"keuze": keuze})
    assert response.status_code == 303 and response.headers["Location"] == "/home"
    assert _answered_at(db, ayse) is None
    assert _offer_shown(visitor.text("/home"))


def test_the_answer_needs_the_csrf_token_and_a_login(app, db, client) -> None:
    ayse = make_user(db, Role.OUDER)
    visitor = sign_in(app, ayse)
    assert visitor.client.post("/beginscherm/aanbod", data={"keuze": "nee"}).status_code == 400
    assert _answered_at(db, ayse) is None
    anonymous = post_form(client, "/beginscherm/aanbod", {"keuze": "nee"})
    assert anonymous.status_code == 302 and anonymous.headers["Location"].startswith("/login")


def test_one_persons_answer_is_hers_alone(app, db) -> None:
    ayse, marleen = make_user(db, Role.OUDER), make_user(db, Role.PLEEGOUDER)
    sign_in(app, ayse).post("/beginscherm/aanbod", {"keuze": "nee"})
    assert _answered_at(db, marleen) is None
    assert _offer_shown(sign_in(app, marleen).text("/home"))


def test_the_offer_is_hidden_when_onsplan_runs_from_the_home_screen(client) -> None:
    css = client.get("/static/css/welcome.css").get_data(as_text=True)
    standalone = css.split("@media (display-mode: standalone)", 1)[1]
    assert ".install-offer { display: none; }" in standalone
    assert "css/welcome.css" in client.get("/login").get_data(as_text=True)
