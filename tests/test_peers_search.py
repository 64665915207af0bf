"""Peer questions, search part: the identifying-details check, full-text search (SQLite FTS5 / PostgreSQL tsvector,
Dutch stemming), similar questions while typing. Run with ONSPLAN_TEST_DB=postgres too."""

from __future__ import annotations

import pytest
from flask import Flask

from webapp.peers.search import services
from webapp.peers.search.identifying import Kind, apply_suggestions, find

EXAMPLE = "Samira (17) uit Venlo gaat naar basisschool De Wissel, bel 06-12345678"


@pytest.fixture
def request_context(app: Flask):
    with app.test_request_context():
        yield


def kinds_and_words(text: str, **kwargs) -> list[tuple[str, str]]:
    return [(finding.kind.value, finding.text) for finding in find(text, **kwargs)]


# --- the identifying-details check ----------------------------------------------------------------------------------


def test_the_check_finds_the_name_the_town_next_to_the_age_the_school_and_the_phone_number() -> None:
    assert kinds_and_words(EXAMPLE) == [
        ("naam", "Samira"),
        ("plaats", "Venlo"),
        ("school", "De Wissel"),
        ("telefoon", "06-12345678"),
    ]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Onze pleegdochter Elif vindt het lastig.", [("naam", "Elif")]),
        ("Emre (15 jaar) wil niet meer naar zijn moeder.", [("naam", "Emre")]),
        ("Mail me op ayse.celik@example.org als je wilt.", [("email", "ayse.celik@example.org")]),
        ("Bel me: +31 6 1234 5678 of 077-3201234.", [("telefoon", "+31 6 1234 5678"), ("telefoon", "077-3201234")]),
        ("We wonen op de Kerkstraat 12a in het dorp.", [("adres", "Kerkstraat 12a")]),
        ("Onze postcode is 5911 AB, vlakbij.", [("postcode", "5911 AB")]),
        ("Hij zit sinds kort op het Valuascollege.", [("school", "Valuascollege")]),
        ("De zitting bij de kinderrechter is op 12 maart 2027.", [("zitting", "12 maart 2027")]),
        ("De rechtbank heeft ons opgeroepen voor 3-4-2027.", [("zitting", "3-4-2027")]),
        ("Ze is 8 jaar en woont bij ons in Tegelen.", [("plaats", "Tegelen")]),
    ],
)
def test_the_check_finds_each_kind_of_identifying_detail(text: str, expected: list[tuple[str, str]]) -> None:
    assert kinds_and_words(text) == expected


@pytest.mark.parametrize(
    "text",
    [
        "Hoe regelen jullie verlengde pleegzorg tot 21? Onze dochter wordt volgend jaar 18 en gaat naar het mbo.",
        "Ik ben 45 jaar en pleegouder. Bel gerust 113 of 0800-0113 als het niet gaat.",
        "We gaan om 10 uur naar school en daarna naar de middelbare school.",
        "Wat doen jullie met zakgeld? Het kind krijgt nu 5 euro per week.",
        "Wij wonen in Venlo. Hoe vinden jullie de pleegzorgbegeleiding daar?",
        "De basisschool belt vaak. Hoe gaan jullie daarmee om?",
        "Op 12 maart hebben we een gesprek met de pleegzorgbegeleider.",
    ],
)
def test_the_check_stays_quiet_on_ordinary_sentences(text: str) -> None:
    assert find(text) == []


def test_a_name_the_writer_knows_is_found_anywhere_in_the_text() -> None:
    assert kinds_and_words("Gisteren was Elif weer boos.", known_names=("Elif",)) == [("naam", "Elif")]
    assert kinds_and_words("Gisteren was Elif weer boos.") == []


def test_a_child_in_a_date_of_birth_style_is_not_mistaken_for_a_court_date_without_a_court_word() -> None:
    assert [f.kind for f in find("Zij is op 3-4-2012 geboren.")] == []
    assert [f.kind for f in find("Zitting: 3-4-2027, wie gaat er mee?")] == [Kind.COURT_DATE]


def test_apply_suggestions_replaces_each_finding_with_its_placeholder(request_context) -> None:
    assert apply_suggestions(EXAMPLE, find(EXAMPLE)) == (
        "[naam] (17) uit [plaats] gaat naar basisschool [school], bel [telefoonnummer]"
    )


def test_apply_suggestions_finds_the_words_again_after_the_text_moved_and_skips_what_is_gone(request_context) -> None:
    findings = find(EXAMPLE)
    assert apply_suggestions("Vraag: " + EXAMPLE.replace(", bel 06-12345678", ""), findings) == (
        "Vraag: [naam] (17) uit [plaats] gaat naar basisschool [school]"
    )


def test_check_post_looks_at_title_and_body_and_the_removal_keeps_the_rest(request_context) -> None:
    title, body = "Samira (17) wil op kamers", "Ze zit op het Valuascollege. Wat vinden jullie?"
    findings = services.check_post(title, body)
    assert [(f.field, f.kind.value) for f in findings] == [("title", "naam"), ("body", "school")]
    assert all(f.explanation and f.suggestion for f in findings)
    assert services.remove_identifying(title, body) == (
        "[naam] (17) wil op kamers",
        "Ze zit op het [school]. Wat vinden jullie?",
    )


def test_the_warning_partial_lists_each_finding_escaped_with_both_choices(app: Flask) -> None:
    from flask import render_template

    with app.test_request_context():
        findings = services.check_post("Samira (17)", "Mail <x>o'brien@example.org</x>")
        html = render_template("peers/search/_identifying_warning.html", findings=findings)
    assert "Samira" in html and "o&#39;brien@example.org" in html and "<x>" not in html
    assert 'name="identifying" value="remove"' in html and 'name="identifying" value="keep"' in html
    assert "Haal ze weg en plaats" in html and "Plaats zoals het is" in html
    assert 'dir="auto"' in html
