"""Left-to-right islands: numbers, e-mail addresses and Dutch names keep their own direction in Arabic pages."""

from __future__ import annotations

import re
import time
from datetime import date
from pathlib import Path

from flask_babel import format_date
from markupsafe import Markup

from tests.factories import login, make_family, make_regisseur, make_user
from webapp.i18n.bidi import ltr, ltr_runs
from webapp.models import Relation, Role

TEMPLATES = Path(__file__).resolve().parent.parent / "templates"


def test_ltr_wraps_a_value_in_a_left_to_right_isolate() -> None:
    assert ltr("0800-2000") == Markup('<bdi dir="ltr">0800-2000</bdi>')


def test_ltr_runs_reads_a_long_text_once() -> None:
    """Every letter of a long word began a new try at an e-mail address that read to the word's end: 50,000 letters
    took 6 s, the 200,000 of the editor's fuzz test 100 s (a preview anyone with the editor role could send).
    Read once, it takes milliseconds; the bound leaves a hundredfold for a slow machine."""
    for text in ("a" * 50_000, "é" * 50_000, "a.b+c-" * 10_000):
        started = time.process_time()
        assert ltr_runs(text) == text
        assert time.process_time() - started < 1.0
    assert ltr_runs("mail naar " + "x" * 30 + "@voorbeeld.nl") == (
        'mail naar <bdi dir="ltr">' + "x" * 30 + "@voorbeeld.nl</bdi>"
    )


def test_ltr_escapes_the_value() -> None:
    assert ltr('<script>alert("x")</script>&') == (
        '<bdi dir="ltr">&lt;script&gt;alert(&#34;x&#34;)&lt;/script&gt;&amp;</bdi>'
    )


def test_ltr_marks_a_dutch_name_with_its_language_and_escapes_the_language() -> None:
    assert ltr("Veilig Thuis", "nl") == '<bdi dir="ltr" lang="nl">Veilig Thuis</bdi>'
    assert ltr("x", '"><b') == '<bdi dir="ltr" lang="&#34;&gt;&lt;b">x</bdi>'


def test_ltr_keeps_markup_and_prints_numbers() -> None:
    assert ltr(Markup("<b>113</b>")) == '<bdi dir="ltr"><b>113</b></bdi>'
    assert ltr(112) == '<bdi dir="ltr">112</bdi>'


def test_ltr_of_nothing_is_nothing() -> None:
    assert ltr(None) == ""
    assert ltr("") == ""


def test_the_filter_works_in_templates_and_escapes(app) -> None:
    with app.test_request_context():
        rendered = app.jinja_env.from_string("{{ phone | ltr }} {{ 'De Kindertelefoon' | ltr('nl') }}").render(
            phone="06 <12>"
        )
    assert rendered == '<bdi dir="ltr">06 &lt;12&gt;</bdi> <bdi dir="ltr" lang="nl">De Kindertelefoon</bdi>'


def _arabic(client):
    client.set_cookie("onsplan_lang", "ar")
    return client


def test_the_help_page_in_arabic_isolates_every_number_and_address(client, db) -> None:
    html = _arabic(client).get("/hulp").get_data(as_text=True)
    assert '<html lang="ar" dir="rtl"' in html
    for number in ("0800-2000", "0800-0432", "088-555 1000", "112"):
        assert f'<bdi dir="ltr">{number}</bdi>' in html, number
    assert '<bdi dir="ltr">info@akj.nl</bdi>' in html
    assert '<bdi dir="ltr" lang="nl">Veilig Thuis</bdi>' in html
    assert '<bdi dir="ltr" lang="nl">AKJ</bdi>' in html


def test_the_number_sits_inside_the_translated_call_button(client, db) -> None:
    html = _arabic(client).get("/hulp").get_data(as_text=True)
    button = re.search(r'<a class="button button--secondary" href="tel:08002000">(.*?)</a>', html).group(1)
    assert '<bdi dir="ltr">0800-2000</bdi>' in button
    assert not button.startswith("Bel ")  # the Arabic "call", not the Dutch one


def test_the_offline_page_isolates_the_crisis_numbers(client, db) -> None:
    html = _arabic(client).get("/offline").get_data(as_text=True)
    assert '<bdi dir="ltr" lang="nl">Veilig Thuis 0800-2000</bdi>' in html
    assert '<bdi dir="ltr" lang="nl">Kindertelefoon 0800-0432</bdi>' in html


def test_the_regisseur_card_isolates_her_phone_number_and_e_mail(client, db) -> None:
    petra = make_regisseur(db, name="Petra Jansen")
    petra.phone = "077 123 45 67"
    db.commit()
    samira = make_user(db, Role.JONGERE, language="ar", birth_date=date(2008, 5, 1))
    make_family(db, petra, (samira, Relation.JONGERE))
    login(client, samira)
    html = client.get("/home").get_data(as_text=True)
    assert '<html lang="ar" dir="rtl"' in html
    assert '<bdi dir="ltr">077 123 45 67</bdi>' in html
    assert f'<bdi dir="ltr">{petra.email}</bdi>' in html


def test_the_account_page_isolates_the_e_mail_address(client, db) -> None:
    ayse = make_user(db, Role.OUDER, language="ar", email="ayse@example.test")
    login(client, ayse)
    assert '<bdi dir="ltr">ayse@example.test</bdi>' in client.get("/account").get_data(as_text=True)


# Every phone number or e-mail address printed as text in a page goes through the filter (links' href excluded).
PRINTED = re.compile(r"(?<![=:\"'])\{\{ ?[\w.]+\.(phone|email|postcode) ?\}\}")
LITERAL_NUMBER = re.compile(r">[^<{]*\b0[89]\d\d-\d{3,4}[^<]*<")


def test_no_template_prints_a_phone_number_or_e_mail_address_without_the_filter() -> None:
    offenders = []
    for path in TEMPLATES.rglob("*.html"):
        if path.parts[-2] == "emails" or "emails" in path.relative_to(TEMPLATES).parts:
            continue  # mails are plain text or mail clients' own layout
        text = path.read_text(encoding="utf-8")
        offenders += [f"{path.name}: {m.group(0)}" for m in PRINTED.finditer(text)]
        offenders += [f"{path.name}: {m.group(0)}" for m in LITERAL_NUMBER.finditer(text)]
    assert offenders == []


def test_dates_read_the_same_in_every_language_with_western_digits(app) -> None:
    """One date format per language: a date without a format is the long one (month in words)."""
    day = date(2025, 3, 7)
    expected = {"nl": "7 maart 2025", "ar": "7 مارس 2025", "tr": "7 Mart 2025", "pl": "7 marca 2025"}
    for language, text in expected.items():
        with app.test_request_context(headers={"Accept-Language": language}):
            assert format_date(day) == text
            assert format_date(day, "long") == text
    with app.test_request_context(headers={"Accept-Language": "ar"}):
        assert re.fullmatch(r"[0-9]+ \S+ [0-9]{4}", format_date(day))  # no Arabic-Indic digits


def test_phone_numbers_inside_a_translated_sentence_keep_their_order() -> None:
    """A glossary entry carries '0800-2000' inside its Arabic sentence: the number alone goes in an isolate, short
    numbers ('24/7', '12 jaar') stay as they are, and the rest is escaped."""

    html = str(ltr_runs("اتصل بـ 0800-2000 أو info@akj.nl، 24/7 <b>"))
    assert '<bdi dir="ltr">0800-2000</bdi>' in html and '<bdi dir="ltr">info@akj.nl</bdi>' in html
    assert "24/7" in html and "<bdi dir=\"ltr\">24" not in html and "&lt;b&gt;" in html


def test_the_help_page_and_the_peer_crisis_help_list_the_same_crisis_lines(client) -> None:
    """One list of crisis lines (templates/_crisis_lines.html): the help page now also has 113 Zelfmoordpreventie."""
    html = client.get("/hulp").get_data(as_text=True)
    for number in ("tel:08000113", "tel:08000432", "tel:08002000", "tel:112"):
        assert number in html, number
