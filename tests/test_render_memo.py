"""Rendering without repeated work (webapp/i18n/memo.py, issue 14 item 4): every hot page reads the same for every
demo person with the memo as with Flask-Babel's and Flask's own functions, in several languages and both registers;
and the memo itself follows the language, the reader and the request."""

from __future__ import annotations

import re
from datetime import UTC, date, datetime
from types import SimpleNamespace

import pytest
from flask import Flask, g, render_template, render_template_string, url_for
from flask_babel import force_locale, refresh
from markupsafe import Markup
from sqlmodel import Session, select
from werkzeug.datastructures import MultiDict

from tests.conftest import freeze_time
from tests.demo_people import seed_demo
from tests.factories import login
from webapp.demo.story import DEMO_PASSWORD
from webapp.extensions import limiter
from webapp.i18n import memo
from webapp.models import Family, FamilyMember, User
from webapp.plans.forms import AnswerForm

# Values that differ from one request to the next whatever renders the page.
VOLATILE = (
    re.compile(r'(name="csrf_token"[^>]*value=")[^"]+'),
    re.compile(r'(name="csrf-token" content=")[^"]+'),
    re.compile(r'("X-CSRFToken": ")[^"]+'),
    re.compile(r'(nonce=")[^"]+'),
)
TAG = re.compile(r"<[^>]+>")
HOT_PAGES = ("/home", "/berichten", "/afspraken", "/mentor", "/hulp")
# A second cast: the same people reading other languages, some as a woman or a man (Arabic, Polish, Ukrainian
# change words for it; Turkish and Dutch change them for the register).
OTHER_LANGUAGES = {
    "samira": ("ar", "v"),
    "emre": ("tr", ""),
    "hendriks": ("pl", "v"),
    "karim": ("ar", "m"),
    "ayse": ("nl", ""),
    "petra": ("uk", "v"),
    "jeroen": ("en", ""),
    "coordinator": ("fa", ""),
    "peeters": ("tr", ""),
    "smits": ("ti", "v"),
}
CRISIS_LINE = "Denk je aan zelfmoord? Bel of chat met 113. Gratis en anoniem, dag en nacht."


@pytest.fixture
def demo(app: Flask, db: Session) -> dict[str, User]:
    """The demo story (webapp/demo/story.py); its people by the first part of their e-mail address."""
    return seed_demo(app, db, accounts_only=True)


def _steady(html: str) -> str:
    for pattern in VOLATILE:
        html = pattern.sub(r"\1…", html)
    return html


def visible_text(html: str) -> str:
    body = html.split("<body", 1)[-1]
    return " ".join(TAG.sub(" ", body).split())


def _paths(db: Session, person: User) -> list[str]:
    """The hot pages, and the plan page of every family she belongs to or directs."""
    member_of = select(FamilyMember.family_id).where(FamilyMember.user_id == person.id)
    families = db.exec(
        select(Family.id).where(Family.id.in_(member_of) | (Family.regisseur_id == person.id)).order_by(Family.id)
    ).all()
    return [*HOT_PAGES, *(f"/gezinnen/{family_id}/plan" for family_id in families)]


def _render_both_ways(app: Flask, db: Session, people: dict[str, User]) -> dict[tuple[str, str], str]:
    """Every person's hot pages, rendered with Flask-Babel's own functions and with the memo: the same status and
    the same HTML (but for the per-session tokens). Returns the visible text per (person, path)."""
    texts = {}
    for key, person in people.items():
        client = app.test_client()
        limiter.reset()  # fourteen logins from one address in a minute: the login limit is not what is tested here
        assert login(client, person, DEMO_PASSWORD).status_code == 302, key
        freeze_time(app, datetime.now(UTC))  # "3 minuten geleden" must not move between the two renderings
        for path in _paths(db, person):
            client.get(path)  # a first visit may write (read state, access log): the comparison is of the next
            with memo.plain_rendering(app):
                plain = client.get(path)
            memoised = client.get(path)
            assert memoised.status_code == plain.status_code, (key, path)
            plain_html, memo_html = _steady(plain.get_data(as_text=True)), _steady(memoised.get_data(as_text=True))
            assert memo_html == plain_html, (key, path)
            texts[key, path] = visible_text(memo_html)
        app.config.pop("ONSPLAN_FROZEN_NOW", None)
    return texts


def test_every_hot_page_reads_the_same_with_the_memo_for_every_demo_person(app, db, demo) -> None:
    texts = _render_both_ways(app, db, demo)
    assert len(demo) >= 12 and len(texts) >= 5 * len(demo)
    haddou = db.exec(select(Family).where(Family.name == "Haddou")).one()
    plan = f"/gezinnen/{haddou.id}/plan"
    # Meaningful content, so that two equally empty pages cannot pass: the plan, the navigation, the register.
    assert "Ik haal mijn diploma mbo niveau 3" in texts["samira", plan]
    assert "Ik haal mijn diploma mbo niveau 3" in texts["petra", plan]
    assert "Berichten" in texts["samira", "/home"] and "Agenda" in texts["samira", "/afspraken"]
    assert "Mesajlar" in texts["ayse", "/home"]  # Ayşe reads Turkish
    assert CRISIS_LINE in texts["emre", "/hulp"]  # a young person: "je"
    assert "Denkt u aan zelfmoord?" in texts["hendriks", "/hulp"]  # a foster parent: "u"
    assert "düşünüyorsunuz" in texts["ayse", "/hulp"]  # a Turkish parent: "siz"
    assert "Haddou" in texts["petra", "/home"] and "Yılmaz" in texts["petra", "/home"]


def test_every_hot_page_reads_the_same_with_the_memo_in_other_languages_and_forms_of_address(app, db, demo) -> None:
    for key, (language, address_form) in OTHER_LANGUAGES.items():
        demo[key].language, demo[key].address_form = language, address_form
        db.add(demo[key])
    db.commit()
    texts = _render_both_ways(app, db, {key: demo[key] for key in OTHER_LANGUAGES})
    haddou = db.exec(select(Family).where(Family.name == "Haddou")).one()
    assert "ما رأيكِ في هذه النسخة؟" in texts["samira", f"/gezinnen/{haddou.id}/plan"]  # Samira, as a woman
    assert "هل تفكرين في الانتحار؟" in texts["samira", "/hulp"]
    assert "هل تفكر في الانتحار؟" in texts["karim", "/hulp"] and "الشباب الذين ترشدهم" in texts["karim", "/home"]
    assert "Не згодна з допомогою" in texts["petra", "/hulp"]  # Ukrainian, as a woman
    assert "Denkt u aan zelfmoord?" in texts["ayse", "/hulp"]  # Ayşe in Dutch: "u"
    assert "düşünüyorsun?" in texts["emre", "/hulp"] and "düşünüyorsunuz" in texts["peeters", "/hulp"]


# --- the memo's own rules ----------------------------------------------------------------------------------------


def login_user(user: User) -> None:
    """The reader of this request from now on, as Flask-Login keeps it after a login (webapp/auth keeps a session
    token besides; the memo only asks who reads)."""
    g._login_user = user


def _render(source: str, **values) -> str:
    return render_template_string(source, **values)


def test_a_page_looks_each_text_up_once_and_the_catalogue_once_per_language(app, monkeypatch) -> None:
    from flask_babel import Domain

    lookups = []
    original = Domain.get_translations
    monkeypatch.setattr(Domain, "get_translations", lambda self: lookups.append(1) or original(self))
    with app.test_request_context("/", headers={"Accept-Language": "tr"}):
        html = _render("{% for _n in range(50) %}{{ _('Berichten') }} {{ _('Agenda') }} {% endfor %}")
        assert html.count("Mesajlar") == 50
        assert len(lookups) == 1
        assert memo.current().texts == {(None, "Berichten"): "Mesajlar", (None, "Agenda"): "Randevular"}
        with memo.plain_rendering(app):
            lookups.clear()
            assert _render("{% for _n in range(50) %}{{ _('Berichten') }}{% endfor %}").count("Mesajlar") == 50
            assert len(lookups) == 50  # what every call cost before


def test_a_language_forced_inside_the_request_reads_its_own_catalogue_and_switches_back(app) -> None:
    with app.test_request_context("/", headers={"Accept-Language": "nl"}):
        assert _render("{{ _('Berichten') }}") == "Berichten"
        with force_locale("tr"):  # a mail or a push text in the reader's language
            assert _render("{{ _('Berichten') }}") == "Mesajlar"
            assert _render("{{ format_date(day) }}", day=date(2026, 3, 7)) == "7 Mart 2026"
        assert _render("{{ _('Berichten') }}") == "Berichten"
        assert _render("{{ format_date(day) }}", day=date(2026, 3, 7)) == "7 maart 2026"


def test_the_language_switcher_in_the_middle_of_a_request_is_followed(app, db, demo) -> None:
    with app.test_request_context("/"):
        login_user(demo["hendriks"])
        assert _render("{{ _('Berichten') }}") == "Berichten"
        demo["hendriks"].language = "tr"  # what the switcher saves, before webapp.i18n.remember_language refreshes
        refresh()
        assert _render("{{ _('Berichten') }}") == "Mesajlar"


def test_python_side_translations_read_the_catalogue_once_per_language_too(app, monkeypatch) -> None:
    """gettext, lazy_gettext labels and addressed() in Python code read the memo's catalogue (MemoisedDomain), follow
    a forced language, and without a request are left untranslated as before."""
    from flask_babel import Domain, gettext, lazy_gettext, ngettext

    from webapp.i18n.address import addressed

    lookups = []
    original = Domain.get_translations
    monkeypatch.setattr(Domain, "get_translations", lambda self: lookups.append(1) or original(self))
    label = lazy_gettext("Agenda")
    with app.test_request_context("/", headers={"Accept-Language": "tr"}):
        assert [gettext("Berichten") for _n in range(20)] == ["Mesajlar"] * 20
        assert str(label) == "Randevular" and addressed("Berichten") == "Mesajlar"
        assert ngettext("%(num)d nieuw bericht", "%(num)d nieuwe berichten", 1) == ngettext(
            "%(num)d nieuw bericht", "%(num)d nieuwe berichten", 1
        )
        assert len(lookups) == 1
        with force_locale("nl"):
            assert gettext("Berichten") == "Berichten" and str(label) == "Agenda"
        assert gettext("Berichten") == "Mesajlar"
        assert len(lookups) == 2  # Dutch once
        with memo.plain_rendering(app):
            lookups.clear()
            assert [gettext("Berichten") for _n in range(5)] == ["Mesajlar"] * 5
            assert len(lookups) == 5  # Flask-Babel's own lookup, every call
    assert gettext("Berichten") == "Berichten"  # no app context: nothing to translate with


def test_addressed_follows_the_reader_who_logs_in_during_the_request(app, db, demo) -> None:
    with app.test_request_context("/", headers={"Accept-Language": "nl"}):
        assert _render("{{ addressed(text) }}", text=CRISIS_LINE) == CRISIS_LINE  # a visitor: the neutral text
        login_user(demo["hendriks"])
        assert _render("{{ addressed(text) }}", text=CRISIS_LINE).startswith("Denkt u aan zelfmoord?")
    with app.test_request_context("/", headers={"Accept-Language": "nl"}):
        login_user(demo["emre"])
        assert _render("{{ addressed(text) }}", text=CRISIS_LINE) == CRISIS_LINE


def test_addressed_in_arabic_follows_the_readers_gender(app, db, demo) -> None:
    texts = {}
    for key, form in (("samira", "v"), ("karim", "m"), ("hendriks", "")):
        demo[key].language, demo[key].address_form = "ar", form
        with app.test_request_context("/"):
            login_user(demo[key])
            texts[form] = _render(
                "{{ addressed('Je hebt %(name)s gekozen. Stap: %(step)s.', name=n, step=2) }}", n="<b>"
            )
    assert texts["v"].startswith("اخترتِ &lt;b&gt;") and texts["m"].startswith("اخترتَ &lt;b&gt;")
    assert texts[""].startswith("اخترت &lt;b&gt;")


def test_the_translations_keep_jinjas_escaping_and_percent_rules(app) -> None:
    with app.test_request_context("/", headers={"Accept-Language": "nl"}):
        escaped = _render("{{ _('Bel %(number)s', number=n) }}", n="<0800>")
        assert escaped == "Bel &lt;0800&gt;"
        assert _render("{{ _('Bel %(number)s', number=n) }}", n=Markup("<bdi>0800</bdi>")) == "Bel <bdi>0800</bdi>"
        assert _render("{{ _('100%% veilig') }}") == "100% veilig"
        assert _render("{{ ngettext('%(num)d nieuw bericht', '%(num)d nieuwe berichten', 3) }}") == "3 nieuwe berichten"
        assert _render("{{ pgettext('u', 'Berichten') }}") == "Berichten"
        unescaped = "{% autoescape false %}{{ _('Bel %(number)s', number=n) }}{% endautoescape %}"
        assert _render(unescaped, n="<0800>") == "Bel <0800>"  # (a text/plain template: a mail's body)


def test_format_date_is_kept_per_value_type_and_time_zone(app) -> None:
    late = datetime(2026, 3, 7, 23, 30, tzinfo=UTC)  # 8 March in Amsterdam
    with app.test_request_context("/", headers={"Accept-Language": "nl"}):
        assert memo.format_date(late) == "8 maart 2026"
        assert memo.format_date(late, rebase=False) == "7 maart 2026"
        assert memo.format_date(date(2026, 3, 7)) == "7 maart 2026"
        assert memo.format_date(date(2026, 3, 7), "short") == "07-03-2026"
        assert memo.format_date(None) == memo.babel_format_date(None)  # "today" is never kept


def test_static_and_plain_urls_are_kept_per_script_root_and_others_built_each_time(app) -> None:
    with app.test_request_context("/"):
        url_for_in_templates = app.jinja_env.globals["url_for"]
        assert url_for_in_templates("static", filename="css/app.css") == url_for("static", filename="css/app.css")
        assert url_for_in_templates("home.index") == "/home"
        assert url_for_in_templates("plans.show", family_id=7) == url_for("plans.show", family_id=7)
        assert url_for_in_templates("home.index", _external=True) == "http://localhost/home"
    with app.test_request_context("/", base_url="http://localhost/onsplan/"):
        assert url_for_in_templates("static", filename="css/app.css") == "/onsplan/static/css/app.css"
        assert url_for_in_templates("home.index") == "/onsplan/home"
    for page in ("/hulp", "/home"):  # a relative endpoint depends on the page's blueprint: never kept
        with app.test_request_context(page):
            assert url_for_in_templates(".index") == page


def test_the_memo_is_what_the_templates_call(app) -> None:
    """create_app sets format_date and Flask-Babel sets the gettext functions before webapp.i18n installs the memo:
    a later change of that order would silently switch it off."""
    installed = app.jinja_env.globals
    assert installed["_"] is installed["gettext"] is memo.gettext
    assert installed["addressed"] is memo.addressed and installed["format_date"] is memo.format_date
    assert installed["url_for"].__qualname__.startswith("memoised_url_for")


# --- the plan's answer block, written in its template ------------------------------------------------------------


def _answer_block(app: Flask, language: str, response, form) -> str:
    """templates/plans/_partials/_answer.html for a formal reader, the CSRF token masked."""
    shown = SimpleNamespace(family=SimpleNamespace(id=3), version=SimpleNamespace(number=2), my_response=response)
    with app.test_request_context("/", headers={"Accept-Language": language}):
        g._login_user = SimpleNamespace(
            is_authenticated=True, id=1, address_form="", role_set=frozenset(), birth_date=None, language=language
        )
        html = render_template("plans/_partials/_answer.html", shown=shown, answer_form=form)
    return _steady(html)


def _drawn_by_wtforms(app: Flask, language: str, response, form=None) -> list[str]:
    """The fields as WTForms draws them (what the plan page showed before): from her earlier answer, or `form`."""
    with app.test_request_context("/", headers={"Accept-Language": language}):
        g._login_user = SimpleNamespace(
            is_authenticated=True, id=1, address_form="", role_set=frozenset(), birth_date=None, language=language
        )
        if form is None:
            form = AnswerForm(formdata=None)
            if response:
                form.agrees.data = "ja" if response.agrees else "nee"
                form.comment.data = response.comment
        invalid = {"aria-describedby": "comment-error", "aria-invalid": "true"} if form.comment.errors else {}
        return [
            f"<legend>{form.agrees.label.text}</legend>",
            *(f'<div class="check">{option()} {option.label()}</div>' for option in form.agrees),
            f'<label for="comment">{form.comment.label.text}</label>',
            str(form.comment(rows=3, **invalid)),
        ]


@pytest.mark.parametrize("language", ["nl", "tr", "ar"])
def test_the_answer_block_written_in_the_template_is_the_html_wtforms_drew(app, language) -> None:
    earlier_answers = (
        None,
        SimpleNamespace(agrees=True, comment='Goed <zo> & "top"'),
        SimpleNamespace(agrees=False, comment=""),
        SimpleNamespace(agrees=False, comment="regel 1\r\nregel 2"),
    )
    for response in earlier_answers:
        html = _answer_block(app, language, response, None)
        for fragment in _drawn_by_wtforms(app, language, response):
            assert fragment in html, (language, response, fragment)
    html = _answer_block(app, language, earlier_answers[1], None)
    assert '<input checked id="agrees-0" name="agrees" required type="radio" value="ja">' in html
    assert ">\r\nGoed &lt;zo&gt; &amp; &#34;top&#34;</textarea>" in html and 'value="…"' in html  # the CSRF token


def test_an_answer_with_errors_shows_what_was_typed_and_the_errors_next_to_the_fields(app) -> None:
    typed = MultiDict({"agrees": "misschien", "comment": "x" * 2001})
    with app.test_request_context("/", method="POST"):
        form = AnswerForm(formdata=typed, meta={"csrf": False})
        assert not form.validate()
    html = _answer_block(app, "nl", SimpleNamespace(agrees=True, comment="oud"), form)
    for fragment in _drawn_by_wtforms(app, "nl", None, form):
        assert fragment in html, fragment
    assert 'class="choice field--error"' in html and 'id="agrees-error"' in html
    assert "checked" not in html  # neither "ja" (her earlier answer) nor the value that is not a choice
    assert 'aria-describedby="comment-error" aria-invalid="true" id="comment"' in html
    assert ">\r\n" + "x" * 2001 + "</textarea>" in html and "oud" not in html
