"""Akkoord / niet akkoord: family members answer a version; the regisseur follows up every "niet akkoord"."""

from __future__ import annotations

import pytest
from sqlmodel import select

from tests.conftest import CSRF_PATTERN
from tests.plan_factories import PlanWorld, build_world, checked, page_text, sign_in
from webapp.models import PlanResponse
from webapp.plans import drafting

NEEDS_COMMENT = "Schrijf er kort bij waar je het niet mee eens bent."


@pytest.fixture
def world(app, db) -> PlanWorld:
    return build_world(app, db)


def _answers(world: PlanWorld) -> list[PlanResponse]:
    world.db.expire_all()
    return list(world.db.exec(select(PlanResponse).order_by(PlanResponse.id)))


def _answer_url(world: PlanWorld, number: int = 1) -> str:
    return f"{world.plan_url()}/versie/{number}/antwoord"


def test_a_family_member_answers_akkoord(app, world: PlanWorld) -> None:
    eva = sign_in(app, world.eva)
    response = eva.post(_answer_url(world), {"agrees": "ja", "comment": ""})
    assert response.status_code == 302
    assert response.headers["Location"].endswith(f"{world.plan_url()}#jouw-antwoord")
    text = page_text(eva.text(world.plan_url()))
    assert "Dank u wel. Uw regisseur ziet uw antwoord." in text  # Eva, a parent: "u"
    assert "Uw antwoord: akkoord" in text
    [answer] = _answers(world)
    assert (answer.user_id, answer.agrees, answer.comment, answer.handled_at) == (world.eva.id, True, "", None)


def test_niet_akkoord_needs_a_comment(app, world: PlanWorld) -> None:
    eva = sign_in(app, world.eva)
    response = eva.post(_answer_url(world), {"agrees": "nee", "comment": "   "})
    assert response.status_code == 400
    html = response.get_data(as_text=True)
    assert NEEDS_COMMENT in page_text(html)
    assert checked(html, "agrees") == "nee"  # her choice is kept
    assert _answers(world) == []


def test_a_missing_choice_is_explained_and_the_typed_comment_kept(app, world: PlanWorld) -> None:
    eva = sign_in(app, world.eva)
    response = eva.post(_answer_url(world), {"comment": "Ik wil eerst met Tom praten"})
    assert response.status_code == 400
    text = page_text(response.get_data(as_text=True))
    assert "Kies akkoord of niet akkoord." in text
    assert "Ik wil eerst met Tom praten" in text
    assert _answers(world) == []


def test_niet_akkoord_with_a_comment_is_saved(app, world: PlanWorld) -> None:
    sara = sign_in(app, world.sara)
    assert sara.post(_answer_url(world), {"agrees": "nee", "comment": "  Het gaat te snel.  "}).status_code == 302
    [answer] = _answers(world)
    assert (answer.user_id, answer.agrees, answer.comment) == (world.sara.id, False, "Het gaat te snel.")


def test_answering_again_replaces_the_first_answer(app, world: PlanWorld) -> None:
    eva = sign_in(app, world.eva)
    eva.post(_answer_url(world), {"agrees": "nee", "comment": "Te snel"})
    eva.post(_answer_url(world), {"agrees": "ja", "comment": ""})
    [answer] = _answers(world)
    assert (answer.agrees, answer.comment) == (True, "")
    assert "Uw antwoord: akkoord" in page_text(eva.text(world.plan_url()))


def test_each_family_member_answers_for_themselves(app, world: PlanWorld) -> None:
    sign_in(app, world.eva).post(_answer_url(world), {"agrees": "ja"})
    sign_in(app, world.tom).post(_answer_url(world), {"agrees": "nee", "comment": "Ik was er niet bij"})
    assert {(a.user_id, a.agrees) for a in _answers(world)} == {(world.eva.id, True), (world.tom.id, False)}


def test_the_regisseur_sees_open_niet_akkoord_answers_and_marks_them_handled(app, world: PlanWorld) -> None:
    sign_in(app, world.tom).post(_answer_url(world), {"agrees": "nee", "comment": "Ik was er niet bij"})
    sign_in(app, world.eva).post(_answer_url(world), {"agrees": "ja"})
    petra = sign_in(app, world.petra)
    text = page_text(petra.text(world.editor_url()))
    assert "Niet akkoord: nog bespreken" in text
    assert "Tom de Vries" in text and "Ik was er niet bij" in text
    tom_answer = next(a for a in _answers(world) if a.user_id == world.tom.id)
    response = petra.post(f"{world.editor_url()}/antwoorden/{tom_answer.id}/afgehandeld")
    assert response.status_code == 302
    text = page_text(petra.text(world.editor_url()))
    assert "Niet akkoord: nog bespreken" not in text
    assert "Antwoorden op versie 1" in text and "Ik was er niet bij" in text  # still in the list of answers
    assert next(a for a in _answers(world) if a.user_id == world.tom.id).handled_at is not None


def test_a_new_niet_akkoord_after_handling_is_open_again(app, world: PlanWorld) -> None:
    tom = sign_in(app, world.tom)
    tom.post(_answer_url(world), {"agrees": "nee", "comment": "Ik was er niet bij"})
    [answer] = _answers(world)
    sign_in(app, world.petra).post(f"{world.editor_url()}/antwoorden/{answer.id}/afgehandeld")
    tom.post(_answer_url(world), {"agrees": "nee", "comment": "Nog steeds niet"})
    [answer] = _answers(world)
    assert answer.handled_at is None and answer.comment == "Nog steeds niet"


def test_a_regisseur_cannot_mark_another_familys_answer_handled(app, world: PlanWorld) -> None:
    other_answer_url = f"{world.plan_url(world.other_family)}/versie/1/antwoord"
    sign_in(app, world.anouk).post(other_answer_url, {"agrees": "nee", "comment": "Nee"})
    [answer] = _answers(world)
    petra = sign_in(app, world.petra)
    assert petra.post(f"{world.editor_url()}/antwoorden/{answer.id}/afgehandeld").status_code == 404
    assert petra.post(f"{world.editor_url()}/antwoorden/999999/afgehandeld").status_code == 404
    assert _answers(world)[0].handled_at is None


def test_strangers_cannot_answer(app, world: PlanWorld) -> None:
    for name in ("outsider", "anouk", "ruud"):
        visitor = sign_in(app, getattr(world, name))
        assert visitor.post(_answer_url(world), {"agrees": "ja"}).status_code == 404
        assert visitor.post(_answer_url(world), {"agrees": "nee", "comment": ""}).status_code == 404
    assert _answers(world) == []


# --- htmx: the answer block is swapped in place ---------------------------------------------------------------------


def test_the_htmx_answer_returns_the_answer_block(app, world: PlanWorld) -> None:
    eva = sign_in(app, world.eva)
    response = eva.post(_answer_url(world), {"agrees": "ja"}, htmx=True)
    assert response.status_code == 200
    html = response.get_data(as_text=True)
    assert '<section class="card" id="jouw-antwoord"' in html
    assert "<!doctype html>" not in html.lower() and "<body" not in html
    assert "Dank u wel. Uw regisseur ziet uw antwoord." in page_text(html)
    assert _answers(world)[0].agrees is True


def test_the_htmx_answer_without_a_comment_is_422_with_the_message(app, world: PlanWorld) -> None:
    eva = sign_in(app, world.eva)
    response = eva.post(_answer_url(world), {"agrees": "nee", "comment": ""}, htmx=True)
    assert response.status_code == 422
    html = response.get_data(as_text=True)
    assert 'id="jouw-antwoord"' in html and "<body" not in html
    assert NEEDS_COMMENT in page_text(html)
    assert 'aria-invalid="true"' in html
    assert checked(html, "agrees") == "nee"
    assert _answers(world) == []


def test_the_htmx_answer_to_a_stranger_is_404(app, world: PlanWorld) -> None:
    outsider = sign_in(app, world.outsider)
    assert outsider.post(_answer_url(world), {"agrees": "ja"}, htmx=True).status_code == 404


def test_a_new_version_asks_for_a_new_answer(app, world: PlanWorld) -> None:
    eva = sign_in(app, world.eva)
    eva.post(_answer_url(world), {"agrees": "ja"})
    assert "Uw antwoord: akkoord" in page_text(eva.text(world.plan_url()))
    assert eva.post(_answer_url(world, 2), {"agrees": "ja"}).status_code == 404  # no version 2 yet
    world.run(drafting.add_note, world.petra, world.family.id, world.goals["noah"].id, "Hij gaat elke dag.")
    world.publish("Versie twee.")
    assert "Je antwoord:" not in page_text(eva.text(world.plan_url()))
    assert eva.post(_answer_url(world, 2), {"agrees": "nee", "comment": "Klopt niet"}).status_code == 302
    versions = {a.version_id: a.agrees for a in _answers(world)}
    assert sorted(versions.values()) == [False, True]


def _answer_form_token(html: str) -> str:
    return CSRF_PATTERN.search(html, html.index('id="jouw-antwoord"')).group(1)


def _page_token(html: str) -> str:
    return html.split('"X-CSRFToken": "', 1)[1].split('"', 1)[0]


def test_the_kept_answer_form_shows_each_readers_own_answer_and_token(app, world: PlanWorld) -> None:
    """The plan page's answer form is kept per version, answer and language (webapp/kept_html.py): two parents of
    one family each see their own answer, each form carries its own request's CSRF token, and a new answer shows at
    once."""
    eva, tom = sign_in(app, world.eva), sign_in(app, world.tom)
    for client in (eva, tom, eva, tom):  # the second visit of each reads the kept form
        html = client.text(world.plan_url())
        assert _answer_form_token(html) == _page_token(html)
        assert "Uw antwoord:" not in page_text(html)
    assert _page_token(eva.text(world.plan_url())) != _page_token(tom.text(world.plan_url()))
    assert eva.post(_answer_url(world), {"agrees": "nee", "comment": "Te snel"}).status_code == 302
    eva_html, tom_html = eva.text(world.plan_url()), tom.text(world.plan_url())
    assert "Uw antwoord: niet akkoord" in page_text(eva_html) and "Te snel</textarea>" in eva_html
    assert checked(eva_html, "agrees") == "nee" and _answer_form_token(eva_html) == _page_token(eva_html)
    assert "Uw antwoord:" not in page_text(tom_html) and "Te snel" not in tom_html
