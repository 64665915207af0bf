"""Error pages (webapp/errors.py): each status says its own title and text in the reader's language; a refused
request translates only those two strings (translating the whole table cost every 404 ~0.3 ms of CPU)."""

from __future__ import annotations

from unittest import mock

from tests.factories import login, make_family, make_regisseur, make_user
from webapp import errors
from webapp.models import Relation, Role


def test_a_page_nobody_may_see_says_not_found_in_the_readers_language(client, db) -> None:
    ayse = make_user(db, Role.OUDER, language="tr")
    login(client, ayse)
    answer = client.get("/gezinnen/999999/plan")
    assert answer.status_code == 404
    assert "Sayfa bulunamadı" in answer.get_data(as_text=True)


def test_another_familys_plan_gets_the_same_answer_as_one_that_does_not_exist(client, db) -> None:
    regisseur = make_regisseur(db)
    other = make_family(db, regisseur, (make_user(db, Role.JONGERE, name="Iemand Anders"), Relation.JONGERE))
    login(client, make_user(db, Role.OUDER))
    theirs, nowhere = client.get(f"/gezinnen/{other.id}/plan"), client.get("/gezinnen/999999/plan")
    assert theirs.status_code == nowhere.status_code == 404
    assert "Pagina niet gevonden" in theirs.get_data(as_text=True)
    assert "Iemand" not in theirs.get_data(as_text=True)


def test_a_status_without_its_own_text_gets_the_server_errors(app) -> None:
    with app.test_request_context("/"):
        assert errors._message(418) == errors._message(500)
        assert errors._message(410)[0] == "Deze link werkt niet meer"


def test_an_error_page_translates_only_its_own_title_and_text(client, db) -> None:
    asked: list[str] = []

    def counting(text: str, **variables) -> str:
        asked.append(text)
        return text % variables if variables else text

    login(client, make_user(db, Role.OUDER))
    with mock.patch.object(errors, "_", counting):
        answer = client.get("/gezinnen/999999/plan")
    assert answer.status_code == 404
    assert asked == ["Pagina niet gevonden", "Deze pagina bestaat niet, of je mag hem niet zien."]
