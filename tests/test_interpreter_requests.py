"""Interpreters (tolk) for appointments, after Pharos: never a child as interpreter for a parent.

Where appointments are made (the new-appointment form, the edit form, the meldpunt's intake planning) the notice
"Laat nooit een kind tolken voor een ouder" stands beside a choice of interpreter language, the family's own languages
first; the choice is stored. A parent or a youth from 16 who takes part asks for a tolk on the appointment page; the
organiser is told with a generic push and can change or remove it; every participant sees it; strangers get 404 and
learn nothing; calendars say only "met tolk", never the language.
"""

from __future__ import annotations

import re
from datetime import date, datetime, timedelta

import pyotp
import pytest
from sqlmodel import Session, select
from werkzeug.exceptions import NotFound

from tests.conftest import freeze_time
from tests.factories import make_family, make_regisseur, make_user
from tests.mentor_factories import FEED_LINK, NOW, JimWorld, build_jim_world
from tests.plan_factories import page_text, sign_in
from webapp.appointments import services
from webapp.appointments.forms import interpreter_choices
from webapp.auth import policy
from webapp.models import (
    Appointment,
    Organisation,
    OutboxNotification,
    Relation,
    RespiteRequest,
    RespiteRequestChild,
    Role,
)
from webapp.models.respite import RequestStatus
from webapp.notify.payload import BODIES
from webapp.respite import workflow
from webapp.respite.meldpunt import services as meldpunt_services
from webapp.respite.workflow import Actor

NOTICE = "Laat nooit een kind tolken voor een ouder."
FORM = {"kind": "jim_overleg", "day": "2027-03-10", "start": "15:00", "duration": "60", "place": "Buurthuis De Brug"}


@pytest.fixture
def world(app, db) -> JimWorld:
    world = build_jim_world(app, db)
    world.tom.language = "tr"  # Tom reads OnsPlan in Turkish (the pages asserted on here are read in Dutch)
    db.add(world.tom)
    db.commit()
    return world


def _family_meeting(world: JimWorld, **details) -> Appointment:
    """Petra's family meeting with Eva (parent), Sara (17), Noah (14) and Ingrid (pleegouder); Tom is not invited."""
    return world.propose(world.petra, [world.eva, world.sara, world.noah, world.ingrid], kind="kennismaking", **details)


def _told(world: JimWorld, appointment: Appointment) -> list[int]:
    return [r.user_id for r in world.outbox("afspraken", f"afspraak-{appointment.id}")]


def _select_options(html: str, name: str) -> list[tuple[str | None, str]]:
    """(optgroup label, value) of each option of the select `name`, in order."""
    body = re.search(rf'<select[^>]*name="{name}"[^>]*>(.*?)</select>', html, re.S).group(1)
    options, group = [], None
    for token in re.finditer(r'<optgroup label="([^"]*)">|</optgroup>|<option[^>]*value="([^"]*)"', body):
        if token.group(0).startswith("<optgroup"):
            group = token.group(1)
        elif token.group(0) == "</optgroup>":
            group = None
        else:
            options.append((group, token.group(2)))
    return options


# --- where appointments are made ----------------------------------------------------------------------------------


def test_the_new_appointment_form_shows_the_notice_and_offers_the_familys_languages_first(app, world) -> None:
    html = sign_in(app, world.petra).text(f"/afspraken/nieuw?gezin={world.family.id}")
    assert NOTICE in page_text(html)
    options = _select_options(html, "interpreter_language")
    assert options[0] == (None, "")  # "Geen tolk" first, and chosen
    assert options[1] == ("Talen van het gezin", "tr")  # Tom reads Turkish
    others = [value for group, value in options if group == "Andere talen"]
    assert {"ar", "pl", "uk", "fa", "ti", "en", "so", "dse"} <= set(others) and "tr" not in others
    assert "nl" not in [value for _group, value in options]  # Dutch needs no interpreter


def test_the_interpreter_language_chosen_when_planning_is_saved(app, world) -> None:
    petra = sign_in(app, world.petra)
    data = {**FORM, "participants": [world.eva.id, world.sara.id], "interpreter_language": "tr"}
    response = petra.post(f"/afspraken/nieuw?gezin={world.family.id}", data)
    assert response.status_code == 302
    appointment = world.db.exec(select(Appointment)).one()
    assert (appointment.interpreter_language, appointment.interpreter_requested_by_id) == ("tr", None)
    page = page_text(sign_in(app, world.sara).text(f"/afspraken/{appointment.id}"))
    assert "Er komt een tolk Turks." in page and "gevraagd door" not in page


def test_planning_without_an_interpreter_stores_none(app, world) -> None:
    petra = sign_in(app, world.petra)
    response = petra.post(f"/afspraken/nieuw?gezin={world.family.id}", {**FORM, "participants": [world.eva.id]})
    assert response.status_code == 302
    appointment = world.db.exec(select(Appointment)).one()
    assert appointment.interpreter_language == ""
    assert "Er komt een tolk" not in page_text(petra.text(f"/afspraken/{appointment.id}"))


def test_an_unknown_interpreter_language_is_refused_next_to_the_field_with_everything_kept(app, world) -> None:
    petra = sign_in(app, world.petra)
    data = {**FORM, "place": "Het Kwartier, Venlo", "participants": [world.eva.id], "interpreter_language": "xx"}
    response = petra.post(f"/afspraken/nieuw?gezin={world.family.id}", data)
    assert response.status_code == 400
    html = response.get_data(as_text=True)
    assert re.search(r'id="interpreter_language-error">Kies de taal van de tolk uit de lijst.<', html)
    assert 'value="Het Kwartier, Venlo"' in html
    assert world.db.exec(select(Appointment)).first() is None
    with pytest.raises(services.AppointmentError):  # the service checks it too
        world.propose(world.petra, [world.eva], interpreter_language="nl")


def test_the_edit_form_shows_the_notice_and_the_organiser_changes_or_removes_the_interpreter(app, world) -> None:
    appointment = _family_meeting(world, interpreter_language="tr")
    petra = sign_in(app, world.petra)
    html = petra.text(f"/afspraken/{appointment.id}/wijzigen")
    assert NOTICE in page_text(html)
    assert re.search(r'<option selected value="tr">|<option value="tr" selected', html)
    before = len(_told(world, appointment))
    assert (
        petra.post(f"/afspraken/{appointment.id}/wijzigen", {**FORM, "interpreter_language": "ar"}).status_code == 302
    )
    assert world.fresh(appointment).interpreter_language == "ar"
    assert petra.post(f"/afspraken/{appointment.id}/wijzigen", {**FORM, "interpreter_language": ""}).status_code == 302
    assert world.fresh(appointment).interpreter_language == ""
    told = _told(world, appointment)[before:]
    assert set(told) == {world.eva.id, world.sara.id, world.noah.id, world.ingrid.id}


def test_changing_only_the_place_keeps_the_interpreter_a_family_member_asked_for(app, world) -> None:
    appointment = _family_meeting(world)
    world.run(services.request_interpreter, world.eva, appointment.id, "tr")
    data = {**FORM, "kind": "kennismaking", "place": "Bij Eva thuis"}
    details = services.Details(
        kind="kennismaking", starts_local=datetime(2027, 3, 10, 15, 0), place=data["place"]
    )  # a caller that says nothing about the interpreter
    world.run(services.change, world.petra, appointment.id, details)
    fresh = world.fresh(appointment)
    assert (fresh.interpreter_language, fresh.interpreter_requested_by_id) == ("tr", world.eva.id)
    response = sign_in(app, world.petra).post(
        f"/afspraken/{appointment.id}/wijzigen", {**data, "interpreter_language": "tr"}
    )
    assert response.status_code == 302
    fresh = world.fresh(appointment)
    assert (fresh.place, fresh.interpreter_language, fresh.interpreter_requested_by_id) == (
        "Bij Eva thuis",
        "tr",
        world.eva.id,
    )


# --- a family member asks ----------------------------------------------------------------------------------------


def test_a_parent_who_takes_part_asks_for_an_interpreter_and_only_the_organiser_is_told(app, world) -> None:
    appointment = _family_meeting(world)
    before = len(_told(world, appointment))
    eva = sign_in(app, world.eva)
    page = page_text(eva.text(f"/afspraken/{appointment.id}"))
    assert "Ik wil een tolk" in page and NOTICE in page
    response = eva.post(f"/afspraken/{appointment.id}/tolk", {"language": "tr"})
    assert response.status_code == 302 and response.headers["Location"].endswith(f"/afspraken/{appointment.id}#tolk")
    fresh = world.fresh(appointment)
    assert (fresh.interpreter_language, fresh.interpreter_requested_by_id) == ("tr", world.eva.id)
    assert fresh.sequence == 1  # calendars learn "met tolk"
    assert _told(world, appointment)[before:] == [world.petra.id]
    for person in (world.sara, world.noah, world.ingrid, world.petra):
        page = page_text(sign_in(app, person).text(f"/afspraken/{appointment.id}"))
        assert "Er komt een tolk Turks." in page and "Tolk gevraagd door Eva." in page, person.name
    assert "U hebt de tolk gevraagd." in page_text(eva.text(f"/afspraken/{appointment.id}"))
    assert "met tolk" in page_text(sign_in(app, world.ingrid).text("/afspraken"))  # in the agenda list too


def test_when_the_regisseur_did_not_organise_she_is_not_told_but_the_organiser_is(app, world) -> None:
    world.active_mentorship()  # Sara (17) and her JIM mentor Karim
    appointment = world.propose(world.sara, [world.karim, world.eva])  # Sara organises her JIM-overleg
    before = len(_told(world, appointment))
    world.run(services.request_interpreter, world.eva, appointment.id, "tr")
    assert _told(world, appointment)[before:] == [world.sara.id]


def test_a_youth_of_16_or_more_may_ask_a_younger_one_may_not(app, world) -> None:
    appointment = _family_meeting(world)
    noah = sign_in(app, world.noah)  # 14
    assert "Ik wil een tolk" not in page_text(noah.text(f"/afspraken/{appointment.id}"))
    assert noah.post(f"/afspraken/{appointment.id}/tolk", {"language": "tr"}).status_code == 404
    assert noah.post(f"/afspraken/{appointment.id}/tolk/weghalen").status_code == 404
    assert world.fresh(appointment).interpreter_language == ""
    sara = sign_in(app, world.sara)  # 17
    assert sara.post(f"/afspraken/{appointment.id}/tolk", {"language": "ar"}).status_code == 302
    assert world.fresh(appointment).interpreter_requested_by_id == world.sara.id


def test_strangers_and_people_who_do_not_take_part_get_404_and_change_nothing(app, world) -> None:
    world.active_mentorship()
    appointment = _family_meeting(world)
    world.run(services.request_interpreter, world.eva, appointment.id, "tr")
    # Tom is a parent of the family but not invited; Karim is Sara's mentor but not invited; the others are strangers.
    for person in (world.tom, world.karim, world.outsider, world.mila, world.anouk, world.ruud):
        visitor = sign_in(app, person)
        assert visitor.get(f"/afspraken/{appointment.id}").status_code == 404, person.name
        assert visitor.post(f"/afspraken/{appointment.id}/tolk", {"language": "pl"}).status_code == 404, person.name
        assert visitor.post(f"/afspraken/{appointment.id}/tolk/weghalen").status_code == 404, person.name
    fresh = world.fresh(appointment)
    assert (fresh.interpreter_language, fresh.interpreter_requested_by_id) == ("tr", world.eva.id)
    assert world.fresh(appointment).sequence == 1


def test_a_mentor_who_takes_part_does_not_ask_for_the_family(app, world) -> None:
    world.active_mentorship()
    appointment = world.propose(world.petra, [world.sara, world.karim])
    karim = sign_in(app, world.karim)
    assert karim.get(f"/afspraken/{appointment.id}").status_code == 200
    assert karim.post(f"/afspraken/{appointment.id}/tolk", {"language": "tr"}).status_code == 404
    with pytest.raises(NotFound):
        world.run(services.request_interpreter, world.karim, appointment.id, "tr")


def test_asking_needs_a_language_from_the_list(app, world) -> None:
    appointment = _family_meeting(world)
    eva = sign_in(app, world.eva)
    for data, message in (({"language": ""}, "Kies een taal."), ({"language": "xx"}, "Kies de taal van de tolk")):
        response = eva.post(f"/afspraken/{appointment.id}/tolk", data)
        assert response.status_code == 400
        assert message in page_text(response.get_data(as_text=True))
    assert world.fresh(appointment).interpreter_language == ""


def test_a_request_does_not_override_what_the_organiser_arranged(app, world) -> None:
    appointment = _family_meeting(world, interpreter_language="ar")
    eva = sign_in(app, world.eva)
    assert "Er is al een tolk geregeld." in page_text(eva.text(f"/afspraken/{appointment.id}"))
    response = eva.post(f"/afspraken/{appointment.id}/tolk", {"language": "tr"})
    assert response.status_code == 400
    assert "Er is al een tolk geregeld." in page_text(response.get_data(as_text=True))
    assert eva.post(f"/afspraken/{appointment.id}/tolk", {"language": "ar"}).status_code == 302  # the same: fine
    fresh = world.fresh(appointment)
    assert (fresh.interpreter_language, fresh.interpreter_requested_by_id, fresh.sequence) == ("ar", None, 0)
    assert eva.post(f"/afspraken/{appointment.id}/tolk/weghalen").status_code == 400  # not hers to withdraw
    assert world.fresh(appointment).interpreter_language == "ar"


def test_the_one_who_asked_changes_the_language_or_withdraws_and_the_organiser_is_told(app, world) -> None:
    appointment = _family_meeting(world)
    eva = sign_in(app, world.eva)
    before = len(_told(world, appointment))
    assert eva.post(f"/afspraken/{appointment.id}/tolk", {"language": "tr"}).status_code == 302
    assert "Andere taal vragen" in page_text(eva.text(f"/afspraken/{appointment.id}"))
    assert eva.post(f"/afspraken/{appointment.id}/tolk", {"language": "ku"}).status_code == 302
    assert world.fresh(appointment).interpreter_language == "ku"
    assert sign_in(app, world.sara).post(f"/afspraken/{appointment.id}/tolk", {"language": "tr"}).status_code == 400
    assert "Ik heb geen tolk meer nodig" in page_text(eva.text(f"/afspraken/{appointment.id}"))
    assert eva.post(f"/afspraken/{appointment.id}/tolk/weghalen").status_code == 302
    fresh = world.fresh(appointment)
    assert (fresh.interpreter_language, fresh.interpreter_requested_by_id) == ("", None)
    assert _told(world, appointment)[before:] == [world.petra.id] * 3


def test_the_organiser_changes_or_removes_a_requested_interpreter_and_the_others_are_told(app, world) -> None:
    appointment = _family_meeting(world)
    world.run(services.request_interpreter, world.eva, appointment.id, "tr")
    petra = sign_in(app, world.petra)
    page = page_text(petra.text(f"/afspraken/{appointment.id}"))
    assert "Tolk gevraagd door Eva." in page and "Tolk weghalen" in page
    before = len(_told(world, appointment))
    assert petra.post(f"/afspraken/{appointment.id}/tolk", {"language": "ar"}).status_code == 302
    fresh = world.fresh(appointment)
    assert (fresh.interpreter_language, fresh.interpreter_requested_by_id) == ("ar", None)
    assert petra.post(f"/afspraken/{appointment.id}/tolk/weghalen").status_code == 302
    assert world.fresh(appointment).interpreter_language == ""
    everyone_else = {world.eva.id, world.sara.id, world.noah.id, world.ingrid.id}
    assert set(_told(world, appointment)[before:]) == everyone_else
    assert len(_told(world, appointment)[before:]) == 2 * len(everyone_else)


def test_no_interpreter_can_be_asked_on_a_cancelled_or_past_appointment(app, world) -> None:
    cancelled = _family_meeting(world)
    world.run(services.cancel, world.petra, cancelled.id)
    eva = sign_in(app, world.eva)
    assert "Ik wil een tolk" not in page_text(eva.text(f"/afspraken/{cancelled.id}"))
    response = eva.post(f"/afspraken/{cancelled.id}/tolk", {"language": "tr"})
    assert response.status_code == 400
    assert "Deze afspraak gaat niet door." in page_text(response.get_data(as_text=True))
    soon = _family_meeting(world, local=datetime(2027, 3, 2, 9, 0))
    freeze_time(app, NOW + timedelta(days=2))
    with pytest.raises(services.AppointmentError):
        world.run(services.request_interpreter, world.eva, soon.id, "tr")
    with pytest.raises(services.AppointmentError):
        world.run(services.set_interpreter, world.petra, soon.id, "tr")
    assert world.fresh(soon).interpreter_language == "" and world.fresh(cancelled).interpreter_language == ""


# --- what others learn -------------------------------------------------------------------------------------------


def test_calendars_say_met_tolk_and_never_the_language(app, world) -> None:
    appointment = _family_meeting(world)
    world.run(services.request_interpreter, world.eva, appointment.id, "tr")
    eva = sign_in(app, world.eva)
    body = eva.get(f"/afspraken/{appointment.id}/agenda.ics").get_data(as_text=True)
    unfolded = body.replace("\r\n ", "")
    assert "SUMMARY:Kennismaking met tolk (OnsPlan)" in unfolded
    assert "Turks" not in unfolded and "Türk" not in unfolded and "Eva" not in unfolded
    link = FEED_LINK.search(eva.post("/agenda/link").get_data(as_text=True)).group(0)
    feed = app.test_client().get(link).get_data(as_text=True).replace("\r\n ", "")
    assert "met tolk" in feed and "Turks" not in feed and "Eva" not in feed
    assert "SEQUENCE:1" in feed  # the calendar app takes the change


def test_the_push_is_generic_and_strangers_learn_nothing(app, world) -> None:
    appointment = _family_meeting(world)
    world.run(services.request_interpreter, world.eva, appointment.id, "tr")
    row = world.outbox("afspraken", f"afspraak-{appointment.id}")[-1]
    assert (row.user_id, row.url) == (world.petra.id, f"/afspraken/{appointment.id}")
    assert "tolk" not in str(BODIES["afspraken"]).lower()
    for person in (world.tom, world.outsider, world.ruud):
        assert services.agenda(world.db, person).upcoming == [], person.name
        html = sign_in(app, person).text("/afspraken")
        assert "tolk" not in page_text(html).lower(), person.name


def test_who_may_ask_for_an_interpreter(app, world) -> None:
    day = NOW.date()
    everyone = {u.id for u in (world.eva, world.tom, world.sara, world.noah, world.lina, world.ingrid, world.mila)}
    assert policy.can_request_interpreter(world.eva, world.family, everyone, day)  # parent
    assert policy.can_request_interpreter(world.ingrid, world.family, everyone, day)  # pleegouder
    assert policy.can_request_interpreter(world.sara, world.family, everyone, day)  # 17
    assert not policy.can_request_interpreter(world.noah, world.family, everyone, day)  # 14
    assert not policy.can_request_interpreter(world.lina, world.family, everyone, day)  # 10
    assert not policy.can_request_interpreter(world.mila, world.family, everyone, day)  # another family
    assert not policy.can_request_interpreter(world.eva, world.family, everyone - {world.eva.id}, day)  # not invited
    sixteenth = world.noah.birth_date.replace(year=world.noah.birth_date.year + 16)
    assert policy.can_request_interpreter(world.noah, world.family, everyone, sixteenth)  # from his 16th birthday
    assert not policy.can_request_interpreter(world.noah, world.family, everyone, sixteenth - timedelta(days=1))
    world.eva.active = False
    assert not policy.can_request_interpreter(world.eva, world.family, everyone, day)


def test_the_choices_put_the_familys_languages_first_and_keep_none_on_top(app) -> None:
    with app.test_request_context():
        choices = interpreter_choices(["ar", "nl", "tr", "ar"])
        assert [c.value for c in choices[:3]] == ["", "ar", "tr"]
        assert {c.optgroup for c in choices[1:3]} == {"Talen van het gezin"}
        assert [c.value for c in interpreter_choices()][:1] == [""]
        assert all(c.optgroup is None for c in interpreter_choices())
        assert interpreter_choices(none_label="Kies een taal")[0].label == "Kies een taal"


# --- the meldpunt's intake ---------------------------------------------------------------------------------------


@pytest.fixture
def meldpunt(app, db: Session):
    organisation = Organisation(name="Meldpunt Venlo", kind="meldpunt", region="Noord-Limburg")
    gemeente = Organisation(name="Gemeente Venlo", kind="gemeente", region="Noord-Limburg")
    db.add_all([organisation, gemeente])
    db.commit()
    sanne = make_user(db, Role.COORDINATOR, name="Sanne de Vries", totp_secret=pyotp.random_base32())
    sanne.organisation_id = organisation.id
    petra = make_regisseur(db, name="Petra Jansen")
    ayse = make_user(db, Role.OUDER, name="Ayşe Yılmaz", language="tr")
    emre = make_user(db, Role.JONGERE, name="Emre Yılmaz", birth_date=date(2011, 5, 1))
    elif_ = make_user(db, name="Elif Yılmaz", email=None, birth_date=date(2018, 3, 1))
    family = make_family(
        db, petra, (ayse, Relation.OUDER), (emre, Relation.JONGERE), (elif_, Relation.JONGERE), name="Yılmaz"
    )
    request = RespiteRequest(
        family_id=family.id,
        meldpunt_id=organisation.id,
        gemeente_id=gemeente.id,
        created_by_id=ayse.id,
        help_kinds=["weekend_maand"],
        home_languages=["ar", "nl"],
    )
    db.add(request)
    db.flush()
    db.add(RespiteRequestChild(request_id=request.id, user_id=elif_.id))
    workflow.move_request(db, request, RequestStatus.NIEUW, Actor.FAMILY, ayse)
    db.commit()
    return sanne, ayse, emre, request


def test_the_intake_planning_form_shows_the_notice_and_saves_the_interpreter(app, db, meldpunt) -> None:
    sanne, ayse, _emre, request = meldpunt
    coordinator = sign_in(app, sanne)
    html = coordinator.text(f"/meldpunt/aanvraag/{request.id}")
    assert NOTICE in page_text(html)
    options = _select_options(html, "interpreter_language")
    assert options[:3] == [(None, ""), ("Talen van het gezin", "tr"), ("Talen van het gezin", "ar")]  # read, at home
    day = (datetime.now() + timedelta(days=7)).date().isoformat()
    data = {"kind": "intake", "day": day, "start": "14:00", "duration": "60", "place": "Bij het gezin thuis"}
    response = coordinator.post(
        f"/meldpunt/aanvraag/{request.id}/afspraak", {**data, "participants": [ayse.id], "interpreter_language": "tr"}
    )
    assert response.status_code == 302
    appointment = db.exec(select(Appointment).where(Appointment.respite_request_id == request.id)).one()
    assert (appointment.interpreter_language, appointment.organiser_id) == ("tr", sanne.id)
    assert "Er komt een tolk Turks." in page_text(coordinator.text(f"/afspraken/{appointment.id}"))
    assert "met tolk" in page_text(coordinator.text(f"/meldpunt/aanvraag/{request.id}"))
    bad = coordinator.post(
        f"/meldpunt/aanvraag/{request.id}/afspraak", {**data, "participants": [ayse.id], "interpreter_language": "xx"}
    )
    assert bad.status_code == 400
    assert "Kies de taal van de tolk uit de lijst." in page_text(bad.get_data(as_text=True))
    assert len(db.exec(select(Appointment)).all()) == 1


def test_a_parent_asks_for_an_interpreter_at_the_intake_and_the_coordinator_is_told(app, db, meldpunt) -> None:
    sanne, ayse, emre, request = meldpunt
    with app.test_request_context():
        appointment = meldpunt_services.plan_appointment(
            db, sanne, request, "intake", datetime.now() + timedelta(days=7), "Bij het gezin thuis", [ayse.id, emre.id]
        )
        db.commit()
    parent = sign_in(app, ayse)
    assert parent.post(f"/afspraken/{appointment.id}/tolk", {"language": "ar"}).status_code == 302
    assert sign_in(app, emre).post(f"/afspraken/{appointment.id}/tolk", {"language": "tr"}).status_code == 404
    db.expire_all()
    assert db.get(Appointment, appointment.id).interpreter_requested_by_id == ayse.id
    rows = db.exec(
        select(OutboxNotification)
        .where(OutboxNotification.tag == f"afspraak-{appointment.id}")
        .order_by(OutboxNotification.id)
    ).all()
    assert sorted(r.user_id for r in rows) == sorted([ayse.id, emre.id, sanne.id])  # planned: the family; asked: Sanne
    assert rows[-1].user_id == sanne.id
