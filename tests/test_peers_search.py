"""Peer questions, search part: the identifying-details check, full-text search (SQLite FTS5 / PostgreSQL tsvector,
Dutch stemming), similar questions while typing. Run with ONSPLAN_TEST_DB=postgres too."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

import pyotp
import pytest
from flask import Flask, render_template
from flask.testing import FlaskClient
from sqlmodel import Session
from werkzeug.exceptions import NotFound

from tests.conftest import csrf_token, post_form
from tests.factories import login, make_family, make_user
from webapp.clock import today, utcnow
from webapp.models import PeerMember, PeerPost, Relation, Role, User
from webapp.models.peers import PostKind, PostStatus
from webapp.peers import workflow
from webapp.peers.search import services
from webapp.peers.search.identifying import Kind, apply_suggestions, find

EXAMPLE = "Samira (17) uit Venlo gaat naar basisschool De Wissel, bel 06-12345678"


@pytest.fixture
def request_context(app: Flask):
    with app.test_request_context():
        yield


def browser_for(app: Flask, user: User) -> FlaskClient:
    client = app.test_client()
    assert login(client, user).status_code == 302
    return client


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
    with app.test_request_context():
        findings = services.check_post("Samira (17)", "Mail <x>o'brien@example.org</x>")
        html = render_template("peers/search/_identifying_warning.html", findings=findings)
    assert "Samira" in html and "o&#39;brien@example.org" in html and "<x>" not in html
    assert 'name="identifying" value="remove"' in html and 'name="identifying" value="keep"' in html
    assert "Haal ze weg en plaats" in html and "Plaats zoals het is" in html
    assert 'dir="auto"' in html


# --- full-text search -----------------------------------------------------------------------------------------------


@dataclass
class World:
    parent: User
    other_parent: User
    youth: User
    moderator: User
    parents: PeerMember
    youths: PeerMember


def years_ago(years: int) -> date:
    day = today()
    return day.replace(year=day.year - years) - timedelta(days=10)


@pytest.fixture
def world(db: Session) -> World:
    parent = make_user(db, Role.PLEEGOUDER)
    other_parent = make_user(db, Role.PLEEGOUDER)
    youth = make_user(db, Role.JONGERE, birth_date=years_ago(16))
    make_family(db, None, (youth, Relation.JONGERE), (other_parent, Relation.PLEEGOUDER))
    mod = make_user(db, Role.MODERATOR, totp_secret=pyotp.random_base32())
    parents = PeerMember(user_id=other_parent.id, space="pleegouders", pseudonym="Zonnige Merel", approved_posts=3)
    youths = PeerMember(user_id=youth.id, space="jongeren", pseudonym="Vrolijke Vos")
    db.add_all([parents, youths])
    db.commit()
    return World(parent, other_parent, youth, mod, parents, youths)


def post(
    db: Session,
    author: PeerMember,
    title: str = "",
    body: str = "Een vraag.",
    *,
    question: PeerPost | None = None,
    status: str = PostStatus.PUBLISHED,
) -> PeerPost:
    row = PeerPost(
        space=author.space,
        kind=PostKind.ANTWOORD if question else PostKind.VRAAG,
        question_id=question.id if question else None,
        author_id=author.id,
        title="" if question else title,
        body=body,
        topics=[] if question else ["geld"],
        language="nl",
        status=status,
        published_at=utcnow() if status == PostStatus.PUBLISHED else None,
    )
    db.add(row)
    db.commit()
    return row


def found(db: Session, user: User, q: str, space: str = "pleegouders") -> list[int]:
    return [hit.question_id for hit in services.search(db, user, space, q).hits]


def test_dutch_stemming_finds_plural_and_singular_both_ways(db: Session, world: World) -> None:
    singular = post(db, world.parents, "Een pleegkind en zijn moeder", "Hoe vaak ziet jullie pleegkind de ouders?")
    plural = post(db, world.parents, "Vragen over zakgeld", "Onze pleegkinderen krijgen allebei zakgeld.")
    assert set(found(db, world.parent, "pleegkinderen")) == {singular.id, plural.id}
    assert set(found(db, world.parent, "pleegkind")) == {singular.id, plural.id}
    assert found(db, world.parent, "vraag") == [plural.id]  # "Vragen" in the title
    assert found(db, world.parent, "Zakgéld") == [plural.id]  # case and accents do not matter


def test_a_hit_in_the_title_ranks_above_a_hit_in_the_text(db: Session, world: World) -> None:
    in_body = post(db, world.parents, "Over school", "Ook de verlengde pleegzorg kwam ter sprake.")
    in_title = post(db, world.parents, "Verlengde pleegzorg tot 21", "Hoe regelen jullie dat?")
    assert found(db, world.parent, "verlengde pleegzorg") == [in_title.id, in_body.id]


def test_a_hit_in_an_answer_returns_its_question_once(db: Session, world: World) -> None:
    question = post(db, world.parents, "Eerste weekend thuis", "Hoe bereiden jullie dat voor?")
    post(db, world.parents, body="Wij maken samen een fotoboek van het huis.", question=question)
    post(db, world.parents, body="Een fotoboek hielp bij ons ook.", question=question)
    page = services.search(db, world.parent, "pleegouders", "fotoboek")
    assert [hit.question_id for hit in page.hits] == [question.id]
    assert page.total == 1 and page.hits[0].in_answer and page.hits[0].answers == 2


def test_search_never_returns_posts_that_are_not_published(db: Session, world: World) -> None:
    for status in (PostStatus.IN_REVIEW, PostStatus.REJECTED, PostStatus.HIDDEN):
        post(db, world.parents, f"Logeerweekend {status}", "Een logeerweekend.", status=status)
    deleted = post(db, world.parents, "Logeerweekend weg", "Een logeerweekend.")
    workflow.move(deleted, PostStatus.DELETED, workflow.Actor.WRITER)
    db.add(deleted)
    hidden_question = post(db, world.parents, "Iets anders", "Niets.", status=PostStatus.HIDDEN)
    post(db, world.parents, body="Ons logeerweekend ging goed.", question=hidden_question)
    visible = post(db, world.parents, "Nog een vraag", "Niets.")
    post(db, world.parents, body="Een logeerweekend in review.", question=visible, status=PostStatus.IN_REVIEW)
    db.commit()
    for user in (world.parent, world.other_parent, world.moderator):
        assert found(db, user, "logeerweekend") == []


def test_search_never_returns_the_other_space(db: Session, world: World) -> None:
    adults = post(db, world.parents, "Kamertraining na je achttiende", "Wie heeft ervaring?")
    youths = post(db, world.youths, "Kamertraining, hoe is dat?", "Ik ga op kamertraining.")
    assert found(db, world.parent, "kamertraining") == [adults.id]
    assert found(db, world.youth, "kamertraining", "jongeren") == [youths.id]
    assert found(db, world.moderator, "kamertraining", "jongeren") == [youths.id]
    with pytest.raises(NotFound):
        services.search(db, world.parent, "jongeren", "kamertraining")
    with pytest.raises(NotFound):
        services.search(db, world.youth, "pleegouders", "kamertraining")
    with pytest.raises(NotFound):
        services.similar(db, world.parent, "jongeren", "kamertraining")


def test_an_edit_updates_the_index_and_a_left_out_word_excludes(db: Session, world: World) -> None:
    question = post(db, world.parents, "Bijles betalen", "Wie betaalt de bijles?")
    other = post(db, world.parents, "Bijles en geld", "Krijgen jullie geld voor bijles?")
    assert found(db, world.parent, "bijles -geld") == [question.id]
    question.body = "Wie betaalt de huiswerkbegeleiding?"
    db.add(question)
    db.commit()
    assert found(db, world.parent, "huiswerkbegeleiding") == [question.id]
    assert found(db, world.parent, '"betaalt de bijles"') == []
    assert set(found(db, world.parent, "bijles")) == {question.id, other.id}  # still in its title


def test_queries_with_only_stop_words_or_operators_find_nothing_and_do_not_fail(db: Session, world: World) -> None:
    post(db, world.parents, "De pleegzorg", "En het is zo.")
    for q in ("", "de het een", 'NOT OR AND "', "-pleegzorg", "*", "pleeg*zorg)(", "' OR 1=1 --"):
        assert services.search(db, world.parent, "pleegouders", q).hits == [], q


def test_results_come_twenty_a_page(db: Session, world: World) -> None:
    for number in range(23):
        post(db, world.parents, f"Vakantie nummer {number}", "Gaan jullie op vakantie?")
    first = services.search(db, world.parent, "pleegouders", "vakantie")
    second = services.search(db, world.parent, "pleegouders", "vakantie", page=2)
    assert (first.total, first.pages, len(first.hits), len(second.hits)) == (23, 2, 20, 3)
    assert not {h.question_id for h in first.hits} & {h.question_id for h in second.hits}


def test_similar_questions_share_some_of_the_title_words_at_most_five(db: Session, world: World) -> None:
    best = post(db, world.parents, "Verlengde pleegzorg tot 21 aanvragen", "Hoe?")
    for number in range(6):
        post(db, world.parents, f"Pleegzorg en vakantie {number}", "Hoe?")
    post(db, world.parents, "Zakgeld", "Hoeveel?")
    hits = services.similar(db, world.parent, "pleegouders", "Hoe regel je verlengde pleegzorg?")
    assert len(hits) == 5 and hits[0].question_id == best.id
    assert services.similar(db, world.parent, "pleegouders", "de") == []


def test_the_search_page_shows_escaped_snippets_with_the_hit_marked(app: Flask, db: Session, world: World) -> None:
    question = post(
        db, world.parents, "Pesten op <b>school</b>", "Het pesten <script>alert(1)</script> gaat elke dag door."
    )
    client = browser_for(app, world.parent)
    assert client.get("/vragen/pleegouders/zoeken").status_code == 200
    response = post_form(client, "/vragen/pleegouders/zoeken", {"q": "pesten", "pagina": "1"})
    html = response.get_data(as_text=True)
    assert response.status_code == 200
    assert f"/vragen/pleegouders/{question.id}" in html
    assert "<mark>pesten</mark>" in html and "<mark>Pesten</mark>" in html
    assert "&lt;script&gt;" in html and "<script>alert" not in html and "&lt;b&gt;school" in html
    assert world.other_parent.name not in html and world.other_parent.email not in html


def test_the_search_page_refuses_a_stranger_a_missing_token_and_a_too_long_query(
    app: Flask, db: Session, world: World
) -> None:
    client = browser_for(app, world.parent)
    assert client.get("/vragen/jongeren/zoeken").status_code == 404
    assert post_form(client, "/vragen/jongeren/zoeken", {"q": "kamer"}).status_code == 404
    assert post_form(client, "/vragen/jongeren/vergelijkbaar", {"title": "kamer"}).status_code == 404
    assert client.post("/vragen/pleegouders/zoeken", data={"q": "kamer"}).status_code == 400  # no CSRF token
    long_query = "zakgeld " * 30
    response = post_form(client, "/vragen/pleegouders/zoeken", {"q": long_query})
    assert response.status_code == 400
    assert "hoogstens 200 tekens" in response.get_data(as_text=True)
    assert long_query.strip() in response.get_data(as_text=True)


def test_the_similar_fragment_answers_htmx_with_a_short_list(app: Flask, db: Session, world: World) -> None:
    question = post(db, world.parents, "Samira wordt 18: verlengde pleegzorg", "Hoe regelen jullie dat?")
    client = browser_for(app, world.parent)
    token = csrf_token(client)
    response = client.post(
        "/vragen/pleegouders/vergelijkbaar",
        data={"title": "verlengde pleegzorg"},
        headers={"HX-Request": "true", "X-CSRFToken": token},
    )
    html = response.get_data(as_text=True)
    assert response.status_code == 200 and "<html" not in html
    assert f"/vragen/pleegouders/{question.id}" in html and "<mark>pleegzorg</mark>" in html
    empty = client.post(
        "/vragen/pleegouders/vergelijkbaar", data={"title": "xyz"}, headers={"HX-Request": "true", "X-CSRFToken": token}
    )
    assert empty.status_code == 200 and empty.get_data(as_text=True).strip() == ""


def test_the_similar_slot_posts_the_title_as_it_is_typed(app: Flask) -> None:
    with app.test_request_context():
        html = render_template("peers/search/_similar_slot.html", space="pleegouders")
    assert 'hx-post="/vragen/pleegouders/vergelijkbaar"' in html
    assert 'hx-trigger="input changed delay:500ms from:#title"' in html and 'hx-include="#title"' in html
