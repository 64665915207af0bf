"""The public aanmeldpunt of Steuntje in de rug: sign-up, honeypot and rate limit, the meldpunt that gets it, routing
of pleeggezin and gezinshuis sign-ups, the account link at the end, and deletion 12 months after a decision."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

import pyotp
import pytest
from sqlmodel import Session, func, select

from tests.conftest import csrf_token, freeze_time, post_form
from tests.factories import PASSWORD, login, make_user
from webapp.mail import mailer
from webapp.models import (
    Household,
    HouseholdAdult,
    HouseholdReference,
    IntakeNote,
    Organisation,
    OutboxNotification,
    Role,
    User,
)
from webapp.models.people import PROFESSIONAL_ROLES, OrganisationKind
from webapp.models.respite import HouseholdStatus
from webapp.owndata import retention
from webapp.respite.signup import services
from webapp.respite.workflow import Actor, move_household

NOW = datetime(2027, 3, 1, 10, 0, tzinfo=UTC)
LINK = re.compile(r"https?://\S+(/aanmelden/account/\S+)")


@dataclass
class World:
    venlo: Organisation
    maastricht: Organisation
    meldpunt: Organisation
    other_meldpunt: Organisation
    pleegzorg: Organisation
    sanne: User
    other_coordinator: User


@pytest.fixture
def world(db: Session) -> World:
    def org(name: str, kind: OrganisationKind, region: str) -> Organisation:
        organisation = Organisation(name=name, kind=kind, region=region)
        db.add(organisation)
        db.flush()
        return organisation

    venlo = org("Gemeente Venlo (test)", OrganisationKind.GEMEENTE, "Noord-Limburg (test)")
    maastricht = org("Gemeente Maastricht (test)", OrganisationKind.GEMEENTE, "Zuid-Limburg (test)")
    meldpunt = org("Meldpunt Venlo (test)", OrganisationKind.MELDPUNT, "Noord-Limburg (test)")
    other_meldpunt = org("Meldpunt Maastricht (test)", OrganisationKind.MELDPUNT, "Zuid-Limburg (test)")
    pleegzorg = org("Pleegzorg Noord (test)", OrganisationKind.PLEEGZORG, "Noord-Limburg (test)")
    org("Pleegzorg Zuid (test)", OrganisationKind.PLEEGZORG, "Zuid-Limburg (test)")
    sanne = make_user(db, Role.COORDINATOR, name="Sanne de Vries")
    other = make_user(db, Role.COORDINATOR, name="Ander")
    sanne.organisation_id, other.organisation_id = meldpunt.id, other_meldpunt.id
    db.commit()
    return World(venlo, maastricht, meldpunt, other_meldpunt, pleegzorg, sanne, other)


def form_data(world: World, **changes) -> dict:
    data = {
        "kind": "steungezin",
        "contact_name": "Ria Peeters",
        "email": "Ria.Peeters@example.test",
        "phone": "06 12345678",
        "street": "Parade 12",
        "postcode": "5911ab",
        "woonplaats": "Venlo",
        "gemeente": str(world.venlo.id),
        "adults-0-name": "Ria Peeters",
        "adults-0-birth_year": "1975",
        "adults-1-name": "Jan Peeters",
        "adults-1-birth_year": "1973",
        "children-0": "14",
        "help_kinds": ["weekend_maand", "dag_week"],
        "days": ["za", "zo"],
        "parts_of_day": ["ochtend", "middag"],
        "capacity": "2",
        "age_min": "4",
        "age_max": "12",
        "siblings_ok": "y",
        "max_distance_km": "15",
        "languages": ["nl", "tr"],
        "faith_room": "y",
        "culture_note": "Wij vieren Suikerfeest en Kerst.",
        "food_choices": ["halal"],
        "smoking": "nee",
        "experience": ["autisme"],
        "experience_note": "Onze zoon heeft autisme.",
        "motivation": "Onze kinderen zijn groot. We willen graag iets doen voor een gezin.",
        "consent": "y",
        "website": "",
    }
    data.update(changes)
    return {k: v for k, v in data.items() if v is not None}


def sign_up(client, world: World, **changes):
    return post_form(client, "/aanmelden", form_data(world, **changes))


def households(db: Session) -> list[Household]:
    db.expire_all()
    return list(db.exec(select(Household).order_by(Household.id)))


def mails_since(app, count: int):
    with app.app_context():
        return list(mailer().sent[count:])


def mail_count(app) -> int:
    return len(mails_since(app, 0))


def account_path(app, since: int) -> str:
    mails = mails_since(app, since)
    assert len(mails) == 1
    return LINK.search(mails[0].body).group(1)


# --- the form --------------------------------------------------------------------------------------------------


def test_the_aanmeldpunt_opens_without_login_and_explains_each_kind(client, world: World) -> None:
    page = client.get("/aanmelden")
    html = page.get_data(as_text=True)
    assert page.status_code == 200
    for words in ("Steungezin", "Steunouder", "Pleeggezin", "Gezinshuis", "Waarom vragen we dit?"):
        assert words in html
    assert "Alleen de coördinatoren van het meldpunt" in html
    assert "Gemeente Venlo (test)" in html
    # The honeypot is hidden from people, screen readers and the keyboard.
    assert re.search(r'<div class="visually-hidden" aria-hidden="true">\s*<label for="website">', html)
    assert 'name="website" type="text" value="" tabindex="-1" autocomplete="off"' in html


def test_a_steungezin_signs_up_for_the_meldpunt_of_its_gemeente(app, client, db, world: World) -> None:
    before = mail_count(app)
    response = sign_up(client, world)
    assert response.status_code == 302 and response.headers["Location"] == "/aanmelden/bedankt"
    [household] = households(db)
    assert household.status == HouseholdStatus.AANGEMELD
    assert household.meldpunt_id == world.meldpunt.id
    assert household.email == "ria.peeters@example.test"
    assert household.postcode == "5911 AB"
    assert household.adults == [
        {"name": "Ria Peeters", "birth_year": 1975},
        {"name": "Jan Peeters", "birth_year": 1973},
    ]
    assert household.children == [{"age": 14}]
    assert (household.capacity, household.age_min, household.age_max) == (2, 4, 12)
    assert household.languages == ["nl", "tr"] and household.experience == ["autisme"]
    assert set(household.values_choices) == {"halal", "geloof", "rookvrij"}
    assert household.smoking is False and household.siblings_ok is True and household.pick_up is False
    adults = db.exec(select(HouseholdAdult).where(HouseholdAdult.household_id == household.id)).all()
    assert sorted(a.name for a in adults) == ["Jan Peeters", "Ria Peeters"]
    # The meldpunt's coordinator is told, with a link to the household file; the other meldpunt is not.
    told = db.exec(select(OutboxNotification).where(OutboxNotification.kind == "steun")).all()
    assert [(n.user_id, n.url) for n in told] == [(world.sanne.id, f"/meldpunt/vrijwilligers/{household.id}")]
    # A mail with the account link went to the address typed; only the link's hash is stored.
    path = account_path(app, before)
    assert household.account_token_hash and household.account_token_hash not in path
    thanks = client.get("/aanmelden/bedankt").get_data(as_text=True)
    assert "binnen twee weken belt een coördinator" in thanks.lower() and "VOG" in thanks


def test_bad_input_answers_400_with_messages_next_to_the_fields_and_keeps_what_was_typed(client, db, world) -> None:
    response = sign_up(
        client,
        world,
        email="geen-adres",
        postcode="59 11",
        gemeente="",
        **{"adults-0-name": "", "adults-0-birth_year": "2020", "adults-1-birth_year": "abc"},
        age_min="12",
        age_max="4",
        consent=None,
    )
    html = response.get_data(as_text=True)
    assert response.status_code == 400
    assert households(db) == []
    for message in (
        "Dit is geen e-mailadres",
        "Schrijf de postcode zo: 5911 AB.",
        "Kies uw gemeente.",
        "Vul een geboortejaar in van iemand van 18 jaar of ouder",
        "Vul een getal in, bijvoorbeeld 8.",
        "De oudste leeftijd moet hoger zijn dan de jongste.",
        "Zet hier een vinkje.",
    ):
        assert message in html, message
    assert 'id="email-error"' in html and 'aria-invalid="true"' in html
    # Everything typed is still there.
    assert 'value="geen-adres"' in html and 'value="Jan Peeters"' in html
    assert "Onze kinderen zijn groot." in html and "Wij vieren Suikerfeest en Kerst." in html
    assert re.search(r'value="tr"[^>]*checked|checked[^>]*value="tr"', html)


def test_a_household_needs_at_least_one_adult_and_a_steungezin_a_way_to_help(client, db, world) -> None:
    response = sign_up(client, world, help_kinds=[], days=[], **{"adults-0-name": "", "adults-1-name": ""})
    html = response.get_data(as_text=True)
    assert response.status_code == 400 and households(db) == []
    assert "Vul de naam in van minstens één volwassene" in html
    assert "Kies minstens één manier van helpen." in html and "Kies minstens één dag." in html


def test_a_gemeente_without_a_meldpunt_gets_a_clear_message(client, db, world) -> None:
    lonely = Organisation(name="Gemeente Nergens (test)", kind=OrganisationKind.GEMEENTE, region="Nergens (test)")
    db.add(lonely)
    db.commit()
    response = sign_up(client, world, gemeente=str(lonely.id))
    assert response.status_code == 400 and households(db) == []
    assert "Voor deze gemeente is er nog geen meldpunt" in response.get_data(as_text=True)


def test_a_filled_honeypot_shows_the_same_thank_you_page_and_stores_nothing(app, client, db, world) -> None:
    before = mail_count(app)
    response = sign_up(client, world, website="http://spam.example")
    assert response.status_code == 302 and response.headers["Location"] == "/aanmelden/bedankt"
    assert households(db) == [] and mails_since(app, before) == []
    assert db.exec(select(func.count()).select_from(OutboxNotification)).one() == 0
    thanks = client.get("/aanmelden/bedankt")
    assert thanks.status_code == 200 and "Dank u wel voor uw aanmelding!" in thanks.get_data(as_text=True)


def test_signing_up_is_rate_limited_per_address(app, client, db, world) -> None:
    token = csrf_token(client, "/aanmelden")
    answers = [client.post("/aanmelden", data={"csrf_token": token, "contact_name": "x"}).status_code for _ in range(5)]
    assert answers == [400] * 5
    assert client.post("/aanmelden", data={"csrf_token": token}).status_code == 429
    # Another address may still sign up.
    other = app.test_client()
    response = post_form(other, "/aanmelden", form_data(world), environ_base={"REMOTE_ADDR": "10.0.0.9"})
    assert response.status_code == 302


def test_the_thank_you_page_without_a_sign_up_goes_back_to_the_form(client, world) -> None:
    response = client.get("/aanmelden/bedankt")
    assert response.status_code == 302 and response.headers["Location"] == "/aanmelden"


# --- pleeggezin and gezinshuis ---------------------------------------------------------------------------------


def test_a_pleeggezin_sign_up_is_sent_to_the_pleegzorg_of_its_region_and_gets_no_account(app, client, db, world):
    before = mail_count(app)
    response = sign_up(client, world, kind="pleeggezin", help_kinds=[], days=[])
    assert response.status_code == 302
    [household] = households(db)
    assert household.status == HouseholdStatus.DOORGESTUURD
    assert household.routed_to_id == world.pleegzorg.id and household.routed_at is not None
    assert household.decided_at is not None  # the 12-month clock runs from here
    assert household.meldpunt_id == world.meldpunt.id  # the meldpunt sees where it went
    assert household.account_token_hash is None and mails_since(app, before) == []
    thanks = client.get("/aanmelden/bedankt").get_data(as_text=True)
    assert "doorgestuurd naar Pleegzorg Noord (test)" in thanks
    assert "regelt aanmeldingen van pleeggezinnen" in thanks


def test_an_organisation_without_a_region_takes_sign_ups_from_everywhere(db, world) -> None:
    landelijk = Organisation(name="Gezinshuis.com (test)", kind=OrganisationKind.GEZINSHUIS, region="")
    db.add(landelijk)
    db.commit()
    assert services.route_for(db, "gezinshuis", world.maastricht).id == landelijk.id
    assert services.route_for(db, "pleeggezin", world.maastricht).name == "Pleegzorg Zuid (test)"
    assert services.route_for(db, "steungezin", world.venlo) is None


# --- the account link -----------------------------------------------------------------------------------------


def test_the_link_makes_a_steungezin_account_once_and_logs_in(app, client, db, world) -> None:
    before = mail_count(app)
    sign_up(client, world)
    path = account_path(app, before)
    browser = app.test_client()
    page = browser.get(path)
    assert page.status_code == 200 and "Kies een wachtwoord" in page.get_data(as_text=True)
    short = post_form(browser, path, {"language": "tr", "password": "kort", "confirm": "kort"})
    assert short.status_code == 400
    response = post_form(browser, path, {"language": "tr", "password": PASSWORD, "confirm": PASSWORD})
    assert response.status_code == 302 and response.headers["Location"] == "/home"
    [household] = households(db)
    user = db.get(User, household.user_id)
    assert user.email == "ria.peeters@example.test" and user.language == "tr" and user.has_role(Role.STEUNGEZIN)
    assert household.account_token_hash is None
    assert browser.get("/home").status_code == 200  # logged in
    assert app.test_client().get(path).status_code == 410  # works once


def test_the_link_expires_after_14_days(app, client, db, world) -> None:
    freeze_time(app, NOW)
    before = mail_count(app)
    sign_up(client, world)
    path = account_path(app, before)
    freeze_time(app, NOW + timedelta(days=13, hours=23))
    assert app.test_client().get(path).status_code == 200
    freeze_time(app, NOW + timedelta(days=14, minutes=1))
    response = app.test_client().get(path)
    assert response.status_code == 410 and "verlopen" in response.get_data(as_text=True)


def test_a_new_link_makes_the_old_one_stop_working(app, client, db, world) -> None:
    before = mail_count(app)
    sign_up(client, world)
    old = account_path(app, before)
    [household] = households(db)
    with app.app_context():
        new = services.issue_account_link(db, household)
    db.commit()
    assert app.test_client().get(old).status_code == 410
    assert app.test_client().get(new).status_code == 200


def test_an_existing_account_is_never_taken_over_through_the_link(app, client, db, world) -> None:
    ria = make_user(db, name="Ria Peeters", email="ria.peeters@example.test")
    old_hash = ria.password_hash
    before = mail_count(app)
    sign_up(client, world)
    path = account_path(app, before)
    stranger = app.test_client()
    page = stranger.get(path).get_data(as_text=True)
    assert "U heeft al een account" in page and 'name="password"' not in page
    response = post_form(
        stranger,
        path,
        {"language": "nl", "password": "een heel nieuw wachtwoord", "confirm": "een heel nieuw wachtwoord"},
    )
    db.expire_all()
    assert response.status_code != 302 and ria.password_hash == old_hash
    assert households(db)[0].user_id is None
    # Not logged in, "yes" only leads to the login page.
    linked = post_form(stranger, f"{path}/koppelen", {})
    assert linked.status_code == 302 and linked.headers["Location"].startswith("/login")
    assert households(db)[0].user_id is None
    # Ria logs in with her own password and says yes herself.
    login(stranger, ria)
    asked = stranger.get(path).get_data(as_text=True)
    assert "Ja, koppel aan mijn account" in asked
    assert post_form(stranger, f"{path}/koppelen", {}).status_code == 302
    db.expire_all()
    [household] = households(db)
    assert household.user_id == ria.id and ria.has_role(Role.STEUNGEZIN) and ria.password_hash == old_hash
    assert app.test_client().get(path).status_code == 410


def test_a_professional_account_cannot_be_linked(app, client, db, world) -> None:
    before = mail_count(app)
    sign_up(client, world)
    path = account_path(app, before)
    with app.test_request_context(), pytest.raises(services.SignupError):
        services.link_account(db, path.rsplit("/", 1)[-1], world.sanne)
    db.rollback()
    assert households(db)[0].user_id is None


def test_a_routed_or_stopped_sign_up_gets_no_working_link(app, client, db, world) -> None:
    before = mail_count(app)
    sign_up(client, world)
    path = account_path(app, before)
    [household] = households(db)
    move_household(db, household, HouseholdStatus.GESTOPT, Actor.HOUSEHOLD, None)
    db.commit()
    assert app.test_client().get(path).status_code == 410
    routed = services.create_household(
        db,
        services.SignupData(
            kind="pleeggezin",
            contact_name="A",
            email="a@example.test",
            gemeente_id=world.venlo.id,
            adults=[services.Adult("A")],
        ),
    )
    with pytest.raises(services.SignupError):
        services.issue_account_link(db, routed)


def test_an_unknown_link_answers_410(client, world) -> None:
    assert client.get("/aanmelden/account/niet-echt").status_code == 410


# --- deletion after 12 months ----------------------------------------------------------------------------------


def _decided(db: Session, world: World, status: HouseholdStatus, when: datetime) -> Household:
    household = services.create_household(
        db,
        services.SignupData(
            kind="steungezin",
            contact_name="Oud",
            email="oud@example.test",
            gemeente_id=world.venlo.id,
            adults=[services.Adult("Oud", 1970)],
        ),
    )
    db.add(HouseholdReference(household_id=household.id, name="Buurvrouw", known_years=5))
    db.add(IntakeNote(household_id=household.id, author_id=world.sanne.id, text="Eerste gesprek."))
    if status is HouseholdStatus.AFGEWEZEN:
        move_household(db, household, status, Actor.COORDINATOR, world.sanne)
    else:
        move_household(db, household, status, Actor.HOUSEHOLD, None)
    household.decided_at = when
    db.commit()
    return household


@pytest.mark.parametrize("status", [HouseholdStatus.AFGEWEZEN, HouseholdStatus.GESTOPT])
def test_a_declined_or_withdrawn_sign_up_is_deleted_12_months_after_the_decision_and_not_before(
    app, db, world, status
) -> None:
    freeze_time(app, NOW)
    old = _decided(db, world, status, NOW - timedelta(days=366))
    recent = _decided(db, world, status, NOW - timedelta(days=300))
    waiting = _decided(db, world, HouseholdStatus.GESTOPT, NOW)
    waiting.status, waiting.decided_at = HouseholdStatus.AANGEMELD, None  # still waiting: never deleted
    db.commit()
    old_id = old.id
    with app.app_context():
        assert retention.purge_respite_signups(db) == 1
    db.expire_all()
    assert db.get(Household, old_id) is None
    for model in (HouseholdAdult, HouseholdReference, IntakeNote):
        assert db.exec(select(model).where(model.household_id == old_id)).all() == []
    assert {h.id for h in households(db)} == {recent.id, waiting.id}
    assert retention.purge_respite_signups in retention.JOBS


def test_a_routed_sign_up_is_deleted_12_months_after_it_was_sent_on(app, client, db, world) -> None:
    freeze_time(app, NOW - timedelta(days=370))
    sign_up(client, world, kind="pleeggezin", help_kinds=[], days=[])
    freeze_time(app, NOW)
    with app.app_context():
        assert retention.purge_respite_signups(db) == 1
    assert households(db) == []


# --- the beheerder's list of organisations ---------------------------------------------------------------------


def test_the_beheerder_keeps_the_list_of_pleegzorg_and_gezinshuis_organisations(client, db, world) -> None:
    beheerder = make_user(db, Role.BEHEERDER, totp_secret=pyotp.random_base32())
    login(client, beheerder)
    page = client.get("/beheer/organisaties").get_data(as_text=True)
    assert "Pleegzorg Noord (test)" in page and "Meldpunt Venlo (test)" not in page  # only these two kinds
    response = post_form(
        client, "/beheer/organisaties", {"name": "Gezinshuis Noord (test)", "kind": "gezinshuis", "region": ""}
    )
    assert response.status_code == 302
    added = db.exec(select(Organisation).where(Organisation.name == "Gezinshuis Noord (test)")).one()
    assert (added.kind, added.region) == (OrganisationKind.GEZINSHUIS, "")
    bad = post_form(client, "/beheer/organisaties", {"name": "", "kind": "meldpunt", "region": "Mars"})
    html = bad.get_data(as_text=True)
    assert bad.status_code == 400 and "Vul de naam van de organisatie in." in html
    assert "Kies pleeggezin of gezinshuis." in html
    renamed = post_form(client, f"/beheer/organisaties/{world.pleegzorg.id}/naam", {"name": "Pleegzorg Limburg"})
    assert renamed.status_code == 302
    db.expire_all()
    assert db.get(Organisation, world.pleegzorg.id).name == "Pleegzorg Limburg"
    empty = post_form(client, f"/beheer/organisaties/{world.pleegzorg.id}/naam", {"name": " "})
    assert empty.status_code == 400 and 'aria-invalid="true"' in empty.get_data(as_text=True)
    # A meldpunt or gemeente is not renamed through this list.
    assert post_form(client, f"/beheer/organisaties/{world.meldpunt.id}/naam", {"name": "X"}).status_code == 404


@pytest.mark.parametrize("role", [Role.COORDINATOR, Role.REGISSEUR, Role.STEUNGEZIN, Role.OUDER])
def test_only_the_beheerder_sees_or_changes_the_list(app, db, world, role) -> None:
    person = make_user(db, role, totp_secret=pyotp.random_base32() if role in PROFESSIONAL_ROLES else None)
    client = app.test_client()
    login(client, person)
    assert client.get("/beheer/organisaties").status_code == 404
    add = post_form(client, "/beheer/organisaties", {"name": "Nep", "kind": "pleegzorg", "region": ""})
    rename = post_form(client, f"/beheer/organisaties/{world.pleegzorg.id}/naam", {"name": "Nep"})
    assert add.status_code == rename.status_code == 404
    db.expire_all()
    assert db.get(Organisation, world.pleegzorg.id).name == "Pleegzorg Noord (test)"
    assert db.exec(select(Organisation).where(Organisation.name == "Nep")).all() == []
