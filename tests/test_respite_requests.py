"""Steuntje in de rug — the family's hulpvraag: drafts, sending to the meldpunt of the family's region, status and
history, the sharing question with the regisseur, stopping, and who may see what (others 404, steps out of order
409)."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date

import pyotp
import pytest
from sqlmodel import Session, select

from tests.conftest import freeze_time
from tests.factories import make_family, make_regisseur, make_user
from tests.plan_factories import NOW, Visitor, call, checked, page_text, sign_in
from webapp.demo.story import seed
from webapp.models import (
    AuditEvent,
    Family,
    FamilyMember,
    Organisation,
    OutboxNotification,
    Relation,
    RespiteRequest,
    RespiteRequestChild,
    RespiteRequestEvent,
    Role,
    User,
)
from webapp.models.people import OrganisationKind
from webapp.respite import workflow
from webapp.respite.requests import services
from webapp.respite.workflow import Actor

COMPLETE = {
    "help_kinds": ["weekend_maand"],
    "days": ["za", "zo"],
    "parts_of_day": ["ochtend", "middag"],
    "times_note": "Zaterdag 10 tot zondag 16 uur",
    "woonplaats": "Venlo",
    "transport": "eigen",
    "max_distance_km": 15,
    "child_needs": "Elif wil graag weten wat er komt.",
    "needs_choices": ["autisme"],
    "home_languages": ["tr", "nl"],
    "values_choices": ["halal"],
    "values_note": "",
    "pets_ok": False,
    "allergies": "",
}


@dataclass
class World:
    app: object
    db: Session
    venlo: Organisation
    meldpunt: Organisation
    other_meldpunt: Organisation
    sanne: User  # coordinator of the Noord-Limburg meldpunt
    kees: User  # coordinator of another region's meldpunt
    petra: User  # regisseur of the Yılmaz family
    ruud: User  # regisseur of another family
    ayse: User
    emre: User  # 15, has an account
    elif_: User  # 8, no account
    family: Family
    other_parent: User
    other_child: User
    other_family: Family

    def run(self, function, *args, **kwargs):
        return call(self.app, self.db, function, *args, **kwargs)

    def visitor(self, user: User) -> Visitor:
        return sign_in(self.app, user)

    def draft(self, data: dict | None = None, by: User | None = None) -> RespiteRequest:
        data = {"children": [self.elif_.id], **COMPLETE} if data is None else data
        return self.run(services.create_request, by or self.ayse, self.family, data)

    def sent(self, by: User | None = None) -> RespiteRequest:
        request = self.draft(by=by)
        return self.run(services.submit, by or self.ayse, request)


def _organisation(db: Session, name: str, kind: str, region: str) -> Organisation:
    organisation = Organisation(name=name, kind=kind, region=region)
    db.add(organisation)
    db.commit()
    return organisation


def _member(db: Session, user: User, organisation: Organisation) -> User:
    user.organisation_id = organisation.id
    db.add(user)
    db.commit()
    return user


@pytest.fixture
def world(app, db) -> World:
    freeze_time(app, NOW)
    venlo = _organisation(db, "Gemeente Venlo", OrganisationKind.GEMEENTE, "Noord-Limburg")
    meldpunt = _organisation(db, "Meldpunt Venlo", OrganisationKind.MELDPUNT, "Noord-Limburg")
    other_meldpunt = _organisation(db, "Meldpunt Heerlen", OrganisationKind.MELDPUNT, "Parkstad")
    _organisation(db, "Zorgaanbieder Noord", OrganisationKind.AANBIEDER, "Noord-Limburg")
    sanne = _member(
        db, make_user(db, Role.COORDINATOR, name="Sanne de Vries", totp_secret=pyotp.random_base32()), meldpunt
    )
    kees = _member(
        db, make_user(db, Role.COORDINATOR, name="Kees Smeets", totp_secret=pyotp.random_base32()), other_meldpunt
    )
    petra = make_regisseur(db, name="Petra Jansen")
    ruud = make_regisseur(db, name="Ruud Peters")
    ayse = make_user(
        db, Role.OUDER, name="Ayşe Yılmaz", language="nl"
    )  # the pages are read in Dutch here; the e2e journey reads them in Turkish
    emre = make_user(db, Role.JONGERE, name="Emre Yılmaz", birth_date=date(2011, 9, 1))
    elif_ = make_user(db, name="Elif Yılmaz", email=None, birth_date=date(2018, 11, 20))
    family = make_family(
        db, petra, (ayse, Relation.OUDER), (emre, Relation.JONGERE), (elif_, Relation.JONGERE), name="Yılmaz"
    )
    family.gemeente_id = venlo.id
    db.add(family)
    other_parent = make_user(db, Role.OUDER, name="Anouk Bakker")
    other_child = make_user(db, name="Mila Bakker", email=None, birth_date=date(2017, 1, 1))
    other_family = make_family(db, ruud, (other_parent, Relation.OUDER), (other_child, Relation.JONGERE), name="Bakker")
    other_family.gemeente_id = venlo.id
    db.add(other_family)
    db.commit()
    return World(
        app, db, venlo, meldpunt, other_meldpunt, sanne, kees, petra, ruud, ayse, emre, elif_, family,
        other_parent, other_child, other_family,
    )  # fmt: skip


def _form(world: World, **overrides) -> dict:
    """The request form as a browser sends it."""
    data = {
        "children": [str(world.elif_.id)],
        "help_kinds": ["weekend_maand"],
        "days": ["za"],
        "parts_of_day": ["ochtend"],
        "times_note": "",
        "woonplaats": "Venlo",
        "transport": "eigen",
        "max_distance_km": "15",
        "child_needs": "Elif houdt van vaste tijden.",
        "home_languages": ["tr"],
        "pets_ok": "maakt-niet-uit",
        "siblings_together": "maakt-niet-uit",
        "allergies": "",
        "values_note": "",
    }
    data.update(overrides)
    return data


def _requests(db: Session) -> list[RespiteRequest]:
    db.expire_all()
    return list(db.exec(select(RespiteRequest).order_by(RespiteRequest.id)))


def _fresh(db: Session, request_id: int) -> RespiteRequest | None:
    db.expire_all()  # pages changed rows since this session last looked
    return db.get(RespiteRequest, request_id)


def _notified(db: Session, request_id: int) -> set[int]:
    rows = db.exec(select(OutboxNotification).where(OutboxNotification.tag == f"steun-{request_id}")).all()
    assert all(row.kind == "steun" and row.url == f"/meldpunt/aanvraag/{request_id}" for row in rows)
    return {row.user_id for row in rows}


# --- the meldpunt ---------------------------------------------------------------------------------------------------


def test_the_meldpunt_is_the_one_of_the_region_of_the_family_gemeente(world: World) -> None:
    assert world.run(services.meldpunt_for_family, world.family).id == world.meldpunt.id
    parkstad = _organisation(world.db, "Gemeente Heerlen", OrganisationKind.GEMEENTE, "Parkstad")
    world.family.gemeente_id = parkstad.id
    world.db.add(world.family)
    world.db.commit()
    assert world.run(services.meldpunt_for_family, world.family).id == world.other_meldpunt.id


def test_a_family_without_gemeente_or_meldpunt_keeps_its_draft_but_cannot_send_it(world: World) -> None:
    nowhere = _organisation(world.db, "Gemeente Ergens", OrganisationKind.GEMEENTE, "Elders")
    world.family.gemeente_id = nowhere.id
    world.db.add(world.family)
    world.db.commit()
    assert world.run(services.meldpunt_for_family, world.family) is None
    request = world.draft()
    with pytest.raises(services.RequestInvalid) as problem:
        world.run(services.submit, world.ayse, request)
    assert "meldpunt" in problem.value.errors[""]
    assert [r.status for r in _requests(world.db)] == ["concept"]


# --- drafts and sending -----------------------------------------------------------------------------------------------


def test_a_draft_keeps_what_was_typed_and_only_the_family_sees_it(world: World) -> None:
    ayse = world.visitor(world.ayse)
    response = ayse.post("/steuntje/nieuw", _form(world, woonplaats="", days=[], actie="bewaren"))
    assert response.status_code == 302
    (request,) = _requests(world.db)
    assert response.headers["Location"] == f"/steuntje/{request.id}"
    assert request.status == "concept" and request.submitted_at is None and request.meldpunt_id is None
    assert request.child_needs == "Elif houdt van vaste tijden." and request.max_distance_km == 15
    assert request.home_languages == ["tr"] and request.days == []
    form = ayse.text(f"/steuntje/{request.id}/wijzigen")
    assert "Elif houdt van vaste tijden." in form and 'value="15"' in form
    assert checked(form, "transport") == "eigen"
    assert world.run(services.coordinator_ids, world.meldpunt.id) == [world.sanne.id]
    assert _notified(world.db, request.id) == set()
    for stranger in (world.sanne, world.petra, world.emre):
        assert world.visitor(stranger).get(f"/steuntje/{request.id}").status_code == 404


def test_sending_an_incomplete_draft_keeps_it_and_says_per_field_what_is_missing(world: World) -> None:
    ayse = world.visitor(world.ayse)
    response = ayse.post(
        "/steuntje/nieuw",
        _form(world, children=[], help_kinds=[], days=[], woonplaats="", transport="", home_languages=[],
              child_needs="Ze slaapt slecht in een vreemd huis.", actie="versturen"),
    )  # fmt: skip
    assert response.status_code == 400
    text = page_text(response.get_data(as_text=True))
    for message in (
        "Kies voor welk kind je hulp vraagt.",
        "Kies wat voor hulp je zoekt.",
        "Kies minstens één dag.",
        "Vul in waar jullie wonen",
        "Kies hoe je kind bij het steungezin komt.",
        "Kies minstens één taal die jullie thuis spreken.",
        "Je aanvraag is bewaard, maar nog niet verstuurd.",
    ):
        assert message in text
    assert "Ze slaapt slecht in een vreemd huis." in text
    (request,) = _requests(world.db)  # the draft itself is kept
    assert request.status == "concept" and request.child_needs == "Ze slaapt slecht in een vreemd huis."
    # The form now posts to the draft, so sending again does not make a second request.
    assert f'action="/steuntje/{request.id}/wijzigen"' in response.get_data(as_text=True)


def test_bad_input_is_shown_again_with_everything_typed_and_nothing_is_stored(world: World) -> None:
    ayse = world.visitor(world.ayse)
    long_text = "x" * 2001
    response = ayse.post(
        "/steuntje/nieuw",
        _form(world, max_distance_km="ver weg", child_needs=long_text, times_note="Na school", actie="bewaren"),
    )
    assert response.status_code == 400
    html = response.get_data(as_text=True)
    assert "Vul een getal in, bijvoorbeeld 10." in page_text(html)
    assert 'value="ver weg"' in html and "Na school" in html
    response = ayse.post("/steuntje/nieuw", _form(world, child_needs=long_text, actie="bewaren"))
    assert response.status_code == 400
    assert "Hij mag hoogstens 2000 tekens hebben." in page_text(response.get_data(as_text=True))
    assert long_text in response.get_data(as_text=True)
    response = ayse.post("/steuntje/nieuw", _form(world, max_distance_km="500", actie="bewaren"))
    assert "Vul een aantal kilometers in tussen 1 en 100." in page_text(response.get_data(as_text=True))
    response = ayse.post("/steuntje/nieuw", _form(world, help_kinds=["elke_dag"], actie="bewaren"))
    assert response.status_code == 400
    assert "Kies uit de antwoorden die er staan." in page_text(response.get_data(as_text=True))
    assert _requests(world.db) == []


def test_sending_moves_the_request_to_nieuw_and_tells_the_coordinators_of_the_meldpunt(world: World) -> None:
    ayse = world.visitor(world.ayse)
    response = ayse.post(
        "/steuntje/nieuw", _form(world, children=[str(world.elif_.id), str(world.emre.id)], actie="versturen")
    )
    assert response.status_code == 302
    (request,) = _requests(world.db)
    assert request.status == "nieuw" and request.submitted_at == NOW
    assert request.meldpunt_id == world.meldpunt.id and request.gemeente_id == world.venlo.id
    assert request.created_by_id == world.ayse.id
    children = world.db.exec(select(RespiteRequestChild.user_id).where(RespiteRequestChild.request_id == request.id))
    assert set(children) == {world.elif_.id, world.emre.id}
    events = world.db.exec(select(RespiteRequestEvent).where(RespiteRequestEvent.request_id == request.id)).all()
    assert [(e.from_status, e.to_status, e.actor_id) for e in events] == [("concept", "nieuw", world.ayse.id)]
    assert _notified(world.db, request.id) == {world.sanne.id}  # not Kees of another meldpunt


def test_a_draft_is_sent_later_from_its_form(world: World) -> None:
    request = world.draft()
    ayse = world.visitor(world.ayse)
    response = ayse.post(f"/steuntje/{request.id}/wijzigen", _form(world, actie="versturen"))
    assert response.status_code == 302
    assert [r.status for r in _requests(world.db)] == ["nieuw"]


def test_children_of_another_family_are_refused(world: World) -> None:
    with pytest.raises(services.RequestInvalid) as problem:
        world.draft({"children": [world.other_child.id], **COMPLETE})
    assert "children" in problem.value.errors
    ayse = world.visitor(world.ayse)
    response = ayse.post("/steuntje/nieuw", _form(world, children=[str(world.other_child.id)], actie="bewaren"))
    assert response.status_code == 400
    assert "Kies alleen kinderen uit jullie gezin." in page_text(response.get_data(as_text=True))
    response = ayse.post("/steuntje/nieuw", _form(world, children=["Mila"], actie="bewaren"))
    assert response.status_code == 400
    assert _requests(world.db) == []
    # A parent (not a youth) is no child to ask for either.
    with pytest.raises(services.RequestInvalid):
        world.draft({"children": [world.ayse.id], **COMPLETE})


def test_the_form_offers_the_family_children_also_one_without_an_account(world: World) -> None:
    html = world.visitor(world.ayse).text("/steuntje/nieuw")
    text = page_text(html)
    assert "Elif (8 jaar)" in text and "Emre (15 jaar)" in text and "Mila" not in text
    assert "Alleen de coördinator van het meldpunt leest" in text
    assert "Moeten de kinderen samen naar hetzelfde steungezin?" in text  # two children: the question is asked


# --- the request page -----------------------------------------------------------------------------------------------


def test_the_request_page_shows_what_was_asked_the_steps_and_the_history_with_names(world: World) -> None:
    request = world.sent()
    world.run(workflow.move_request, request, workflow.R.INTAKE, Actor.COORDINATOR, world.sanne)
    text = page_text(world.visitor(world.ayse).text(f"/steuntje/{request.id}"))
    for shown in (
        "Een weekend per maand",
        "zaterdag, zondag",
        "Autisme of veel behoefte aan vaste structuur",
        "Nederlands, Turks",
        "Halal eten",
        "Liever geen huisdier",
        "Kennismaken met het meldpunt",
        "door Ayşe Yılmaz",
        "door Sanne de Vries, coördinator",
        "De coördinator praat met jullie",
    ):
        assert shown in text, shown
    assert "coordinator" not in text.replace("coördinator", "")


def test_a_coordinator_of_the_meldpunt_sees_a_sent_request_and_the_family_sees_that_in_its_log(world: World) -> None:
    request = world.sent()
    assert world.visitor(world.sanne).get(f"/steuntje/{request.id}").status_code == 200
    rows = world.db.exec(select(AuditEvent).where(AuditEvent.family_id == world.family.id)).all()
    assert [(r.object_type, r.object_id, r.actor_id) for r in rows] == [("steunaanvraag", request.id, world.sanne.id)]
    assert world.visitor(world.kees).get(f"/steuntje/{request.id}").status_code == 404
    # The family's own look is not logged.
    world.visitor(world.ayse).text(f"/steuntje/{request.id}")
    assert len(world.db.exec(select(AuditEvent).where(AuditEvent.family_id == world.family.id)).all()) == 1


def test_youth_strangers_and_other_roles_get_404(world: World) -> None:
    request = world.sent()
    outsider_parent = world.visitor(world.other_parent)
    for path in (f"/steuntje/{request.id}", f"/steuntje/{request.id}/wijzigen", f"/steuntje/{request.id}/stoppen"):
        assert outsider_parent.get(path).status_code == 404, path
        assert world.visitor(world.emre).get(path).status_code == 404, path
        assert world.visitor(world.ruud).get(path).status_code == 404, path
    assert outsider_parent.post(f"/steuntje/{request.id}/delen", {"share": "ja"}).status_code == 404
    assert outsider_parent.post(f"/steuntje/{request.id}/stoppen", {"reason": "klik"}).status_code == 404
    assert world.visitor(world.emre).get("/steuntje").status_code == 404
    assert world.visitor(world.sanne).get("/steuntje").status_code == 404
    assert world.visitor(world.ayse).get(f"/steuntje/nieuw?gezin={world.other_family.id}").status_code == 404
    assert world.visitor(world.ayse).get("/steuntje/999999").status_code == 404
    assert _fresh(world.db, request.id).status == "nieuw"


def test_steuntje_lists_the_family_requests_or_a_start_button(world: World) -> None:
    ayse = world.visitor(world.ayse)
    text = page_text(ayse.text("/steuntje"))
    assert "Een steungezin is een gezin uit de buurt" in text and "Vraag een steungezin aan" in text
    assert "nog geen steungezin aangevraagd" in text
    request = world.sent()
    text = page_text(ayse.text("/steuntje"))
    assert "Elif" in text and "Verstuurd" in text and f"/steuntje/{request.id}" in ayse.text("/steuntje")


# --- the regisseur and the sharing question ---------------------------------------------------------------------------


def test_the_regisseur_sees_the_request_only_when_the_family_shares_it(world: World) -> None:
    request = world.sent()
    petra = world.visitor(world.petra)
    assert petra.get(f"/steuntje/{request.id}").status_code == 404
    assert f"/steuntje/{request.id}" not in petra.text(f"/steuntje?gezin={world.family.id}")
    ayse = world.visitor(world.ayse)
    page = page_text(ayse.text(f"/steuntje/{request.id}"))
    assert "Mag Petra (uw regisseur) zien hoe het met deze aanvraag gaat?" in page
    assert ayse.post(f"/steuntje/{request.id}/delen", {"share": "ja"}).status_code == 302
    assert _fresh(world.db, request.id).share_with_regisseur is True
    shown = page_text(petra.text(f"/steuntje/{request.id}"))
    assert "Verstuurd" in shown and "door Ayşe Yılmaz" in shown
    assert "Elif wil graag weten" not in shown and "Halal" not in shown  # status and history, not the child's needs
    assert "Aanvraag veranderen" not in shown and "Aanvraag stoppen" not in shown  # read-only
    assert petra.get(f"/steuntje/{request.id}/wijzigen").status_code == 404
    assert f"/steuntje/{request.id}" in petra.text(f"/steuntje?gezin={world.family.id}")
    assert f"/steuntje?gezin={world.family.id}" in petra.text(f"/gezinnen/{world.family.id}")  # from the family page
    # Changeable later: the family says no again, and the regisseur no longer sees it.
    response = ayse.post(f"/steuntje/{request.id}/delen", {"share": "nee"}, htmx=True)
    assert response.status_code == 200 and "Nee: Petra ziet deze aanvraag niet." in page_text(response.get_data(True))
    assert petra.get(f"/steuntje/{request.id}").status_code == 404


def test_only_the_family_answers_the_sharing_question_and_only_after_sending(world: World) -> None:
    draft = world.draft()
    ayse = world.visitor(world.ayse)
    assert ayse.post(f"/steuntje/{draft.id}/delen", {"share": "ja"}).status_code == 409
    assert ayse.post(f"/steuntje/{draft.id}/delen", {}).status_code == 400
    request = world.sent(by=world.petra)
    assert world.visitor(world.petra).post(f"/steuntje/{request.id}/delen", {"share": "ja"}).status_code == 404


def test_a_regisseur_who_fills_it_in_with_the_family_sees_it(world: World) -> None:
    petra = world.visitor(world.petra)
    assert "Vul een aanvraag in met het gezin" in page_text(petra.text(f"/steuntje?gezin={world.family.id}"))
    response = petra.post(f"/steuntje/nieuw?gezin={world.family.id}", _form(world, actie="versturen"))
    assert response.status_code == 302
    (request,) = _requests(world.db)
    assert request.status == "nieuw" and request.created_by_id == world.petra.id
    assert "Elif houdt van vaste tijden." in petra.text(f"/steuntje/{request.id}")
    assert world.visitor(world.ruud).get(f"/steuntje/nieuw?gezin={world.family.id}").status_code == 404
    assert world.visitor(world.ayse).get(f"/steuntje/{request.id}").status_code == 200


# --- changing and stopping ---------------------------------------------------------------------------------------------


def test_a_sent_request_can_be_changed_until_the_intake_and_the_meldpunt_is_told(world: World) -> None:
    request = world.sent()
    ayse = world.visitor(world.ayse)
    response = ayse.post(f"/steuntje/{request.id}/wijzigen", _form(world, woonplaats="Blerick", actie="bewaren"))
    assert response.status_code == 302
    assert _fresh(world.db, request.id).woonplaats == "Blerick"
    assert (
        len(world.db.exec(select(OutboxNotification).where(OutboxNotification.tag == f"steun-{request.id}")).all()) == 2
    )
    # Once sent, it must stay complete.
    response = ayse.post(f"/steuntje/{request.id}/wijzigen", _form(world, woonplaats="", actie="bewaren"))
    assert response.status_code == 400
    assert _fresh(world.db, request.id).woonplaats == "Blerick"


def test_editing_is_refused_after_the_intake_started(world: World) -> None:
    request = world.sent()
    world.run(workflow.move_request, request, workflow.R.INTAKE, Actor.COORDINATOR, world.sanne)
    ayse = world.visitor(world.ayse)
    assert ayse.get(f"/steuntje/{request.id}/wijzigen").status_code == 409
    assert ayse.post(f"/steuntje/{request.id}/wijzigen", _form(world, woonplaats="Tegelen")).status_code == 409
    assert _fresh(world.db, request.id).woonplaats == "Venlo"
    assert "Aanvraag veranderen" not in page_text(ayse.text(f"/steuntje/{request.id}"))


def test_the_family_stops_its_request_with_a_reason(world: World) -> None:
    request = world.sent()
    ayse = world.visitor(world.ayse)
    assert "Waarom stop je?" in page_text(ayse.text(f"/steuntje/{request.id}/stoppen"))
    response = ayse.post(f"/steuntje/{request.id}/stoppen", {"reason": "anders", "note": ""})
    assert response.status_code == 400
    assert "Schrijf in een paar woorden waarom je stopt." in page_text(response.get_data(as_text=True))
    response = ayse.post(f"/steuntje/{request.id}/stoppen", {})
    assert response.status_code == 400 and "Kies waarom je stopt." in page_text(response.get_data(as_text=True))
    response = ayse.post(f"/steuntje/{request.id}/stoppen", {"reason": "andere_hulp", "note": "Oma helpt nu."})
    assert response.status_code == 302
    world.db.expire_all()
    stopped = _fresh(world.db, request.id)
    assert stopped.status == "gestopt" and stopped.end_reason == "andere_hulp" and stopped.ended_at == NOW
    assert stopped.end_note == "Oma helpt nu."
    last = world.db.exec(
        select(RespiteRequestEvent)
        .where(RespiteRequestEvent.request_id == request.id)
        .order_by(RespiteRequestEvent.id.desc())
    ).first()
    assert (last.to_status, last.actor_id, last.note) == ("gestopt", world.ayse.id, "Oma helpt nu.")
    text = page_text(ayse.text(f"/steuntje/{request.id}"))
    assert "Gestopt" in text and "Andere hulp gevonden of nodig" in text and "Oma helpt nu." in text
    assert _notified(world.db, request.id) == {world.sanne.id}
    # A second stop is a step out of order.
    assert ayse.post(f"/steuntje/{request.id}/stoppen", {"reason": "klik"}).status_code == 409
    assert ayse.get(f"/steuntje/{request.id}/stoppen").status_code == 409


def test_a_draft_cannot_be_stopped_but_can_be_thrown_away(world: World) -> None:
    draft = world.draft()
    ayse = world.visitor(world.ayse)
    assert ayse.post(f"/steuntje/{draft.id}/stoppen", {"reason": "klik"}).status_code == 409
    assert world.visitor(world.other_parent).post(f"/steuntje/{draft.id}/weggooien").status_code == 404
    assert ayse.post(f"/steuntje/{draft.id}/weggooien").status_code == 302
    assert _requests(world.db) == []
    sent = world.sent()
    assert ayse.post(f"/steuntje/{sent.id}/weggooien").status_code == 409


def test_sending_twice_is_a_step_out_of_order(world: World) -> None:
    request = world.sent()
    with pytest.raises(workflow.StepNotAllowed):
        world.run(services.submit, world.ayse, request)


# --- the home page summary -----------------------------------------------------------------------------------------------


def test_home_summary_lists_the_open_requests_the_user_may_see(world: World) -> None:
    request = world.sent()
    (summary,) = world.run(services.home_summary, world.ayse)
    assert (summary.id, summary.status, summary.children, summary.url) == (
        request.id, "nieuw", ("Elif",), f"/steuntje/{request.id}",
    )  # fmt: skip
    assert summary.status_label == "Verstuurd" and summary.family_name == "Yılmaz"
    assert world.run(services.home_summary, world.petra) == []  # not shared
    assert world.run(services.home_summary, world.emre) == []
    assert world.run(services.home_summary, world.other_parent) == []
    world.run(services.stop, world.ayse, request.id, "klik", "")
    assert world.run(services.home_summary, world.ayse) == []


def test_status_labels_and_next_steps_cover_every_status() -> None:
    assert set(services.STATUS_LABELS) == set(workflow.R) == set(services.NEXT_STEPS)


def test_page_urls_in_notifications_carry_no_personal_data(world: World) -> None:
    request = world.sent()
    for row in world.db.exec(select(OutboxNotification)).all():
        assert re.fullmatch(r"/meldpunt/aanvraag/\d+", row.url)
    assert request.child_needs not in str([r.model_dump() for r in world.db.exec(select(OutboxNotification))])


# --- the demo story ------------------------------------------------------------------------------------------------------


def test_ayse_and_petra_see_the_demo_request(app, db) -> None:
    with app.app_context():
        seed(db)
        db.commit()
    people = {u.email.split("@")[0]: u for u in db.exec(select(User)).all() if u.email}
    people["ayse"].language = "nl"  # her OnsPlan is Turkish in the story; the words are checked in Dutch here
    db.add(people["ayse"])
    db.commit()
    ayse = sign_in(app, people["ayse"])
    overview = page_text(ayse.text("/steuntje"))
    assert "Elif" in overview and "Het meldpunt zoekt een steungezin" in overview
    path = re.search(r'href="(/steuntje/\d+)"', ayse.text("/steuntje")).group(1)
    page = page_text(ayse.text(path))
    assert "Een weekend per maand" in page and "door Sanne de Vries, coördinator" in page
    assert ayse.get(path + "/wijzigen").status_code == 409  # past the intake
    petra = sign_in(app, people["petra"])
    shared = page_text(petra.text(path))  # Ayşe shares the status with her regisseur in the story
    assert "Het meldpunt zoekt een steungezin" in shared and "Een weekend per maand" not in shared
    assert path in petra.text("/steuntje")


def test_a_carer_in_two_families_chooses_the_family_first(world: World) -> None:
    world.other_family.members.append(FamilyMember(user_id=world.ayse.id, relation=Relation.PLEEGOUDER))
    world.db.add(world.other_family)
    world.db.commit()
    ayse = world.visitor(world.ayse)
    response = ayse.get("/steuntje/nieuw")
    assert response.status_code == 302 and response.headers["Location"] == "/steuntje"
    text = page_text(ayse.text("/steuntje"))
    assert "Gezin Yılmaz" in text and "Gezin Bakker" in text
    assert "Mila (10 jaar)" in page_text(ayse.text(f"/steuntje/nieuw?gezin={world.other_family.id}"))
