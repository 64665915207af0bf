"""Steuntje in de rug in the authorization world: each side (A and B) gets its own meldpunt with a coordinator, and
everything a family, a volunteer household and a coordinator make there, built through the parts' own services.

Per side:
- a meldpunt (an organisation of kind meldpunt) for the region of the family's gemeente, with its coordinator, and a
  foster care organisation of that region (where pleeggezin sign-ups are sent; the beheerder keeps that list);
- an approved volunteer household (signed up on the aanmeldpunt, screened, approved) whose account is the side's
  steungezin; its account link was used (a dead link);
- a household in screening with two adults (VOG requested) and two references, whose first account link was replaced
  by a second one and that second one used (two dead links), linked to an account of its own (a second household);
- the family's requests: a draft, one in zoeken with an intake note (not shared with the regisseur), and one whose
  proposal of the approved household both sides accepted: an afsprakenkaart both agreed to, the trial started three
  weeks ago and the week-2 check-ins answered with a note by each side.

Every text carries the side's words (B: Zwanenburg, Biesterveld, Brakkee), kept as secrets of the side.
"""

from __future__ import annotations

from datetime import date, timedelta
from typing import TYPE_CHECKING

import pyotp
from sqlmodel import select

from tests.factories import make_user
from webapp.clock import today
from webapp.models import CheckIn, HouseholdAdult, HouseholdReference, Organisation, RespiteRequest, Role, User
from webapp.models import Household as VolunteerHousehold
from webapp.models.people import OrganisationKind
from webapp.respite.followup import services as followup
from webapp.respite.households import services as households
from webapp.respite.matches import services as matches
from webapp.respite.matching import services as matching
from webapp.respite.meldpunt import services as meldpunt
from webapp.respite.requests import services as requests
from webapp.respite.signup import services as signup

if TYPE_CHECKING:
    from tests.authz.world import Household, World

NAMES = {
    "A": {
        "region": "Noorderkwartier",
        "marker": "Appelvink",  # in the request's texts (a proposal shows them before names: no surname there)
        "town": "Noorderveld",
        "coordinator": "Coco Meldpunt",  # the matrix's coordinator actor (her name was there before)
        "steungezin": "Stijn Steunhuis",  # the matrix's steungezin actor
        "steungezin_partner": "Aagje Steunhuis",
        "screening": "Alida Akkerhuis",
        "screening_partner": "Arnout Akkerhuis",
        "references": ("Anneke Aardewerk", "Ate Apeldoorn"),
        "street": "Appelgaardlaan 3",
        "phone": "06 1111 0001",
        "parent_phone": "06 1111 0009",
    },
    "B": {
        "region": "Zuiderkwartier",
        "marker": "Zwaluwstaart",
        "town": "Zuiderveld",
        "coordinator": "Bauke Bijlsma",
        "steungezin": "Bouwina Biesterveld",
        "steungezin_partner": "Barend Biesterveld",
        "screening": "Benedikta Brakkee",
        "screening_partner": "Bertus Brakkee",
        "references": ("Bonne Bruinsma", "Brecht Beukema"),
        "street": "Biesterlaan 17",
        "phone": "06 2222 0002",
        "parent_phone": "06 2222 0009",
    },
}

SIGNED_UP = date(2026, 9, 1)  # the world's clock stands at 1 March 2027


def build_side(world: World, f: Household, coordinator: User | None, steungezin: User | None) -> None:
    """The side's meldpunt, households, requests and match (see the module). `coordinator` and `steungezin` are the
    matrix's actors for side A; side B gets new ones."""
    db, names = world.db, NAMES[f.letter]
    # Public names (the aanmeldpunt lists the gemeenten to everyone): none of the family's words.
    gemeente = Organisation(name=f"Gemeente {names['town']}", kind=OrganisationKind.GEMEENTE, region=names["region"])
    office = Organisation(name=f"Meldpunt {names['town']}", kind=OrganisationKind.MELDPUNT, region=names["region"])
    foster_care = Organisation(
        name=f"Pleegzorg {names['town']}", kind=OrganisationKind.PLEEGZORG, region=names["region"]
    )
    db.add_all([gemeente, office, foster_care])
    db.flush()
    f.family.gemeente_id = gemeente.id
    if coordinator is None:
        coordinator = make_user(db, Role.COORDINATOR, name=names["coordinator"], totp_secret=pyotp.random_base32())
    if steungezin is None:
        steungezin = make_user(db, Role.STEUNGEZIN, name=names["steungezin"])
    coordinator.organisation_id = office.id
    parent = f.people["parent"]
    parent.phone = names["parent_phone"]
    db.add_all([f.family, coordinator, parent])
    db.commit()
    f.people["coordinator"], f.people["steungezin"] = coordinator, steungezin
    f.ids["meldpunt"], f.ids["gemeente"], f.ids["foster_care"] = office.id, gemeente.id, foster_care.id
    f.keep(coordinator.name, coordinator.email or "", steungezin.name, steungezin.email or "", names["parent_phone"])

    approved = _approved_household(world, f, coordinator, steungezin, gemeente)
    screening = _screening_household(world, f, coordinator, gemeente)
    f.ids["households"] = [approved, screening]
    _requests(world, f, coordinator, steungezin, approved)


def _signup(world: World, f: Household, gemeente: Organisation, name: str, partner: str, email: str, **extra):
    names = NAMES[f.letter]
    data = signup.SignupData(
        kind="steungezin",
        contact_name=name,
        email=email,
        gemeente_id=gemeente.id,
        adults=[signup.Adult(name, 1975), signup.Adult(partner, 1973)],
        phone=names["phone"],
        street=names["street"],
        postcode="5911 AB",
        woonplaats="Venlo",
        children_ages=[12],
        help_kinds=["weekend_maand", "dag_week"],
        days=["vr", "za", "zo"],
        parts_of_day=["middag", "nacht"],
        capacity=2,
        age_min=4,
        age_max=14,
        languages=["nl", "tr"],
        experience=["autisme"],
        experience_note=f"Ervaring {name}: twintig jaar in het speciaal onderwijs",
        motivation=f"Motivatie {name}: onze kinderen zijn groot",
        **extra,
    )
    household = world.run(signup.create_household, data)
    f.keep(name, partner, names["street"], names["phone"], email, data.experience_note, data.motivation)
    return household


def _screen(world: World, f: Household, coordinator: User, household_id: int, *, references: tuple[str, ...]):
    """Intake talks, screening, a VOG asked for each adult, the references (checked, good)."""
    world.run(households.record_intake, coordinator, household_id, SIGNED_UP + timedelta(days=10), None)
    world.run(households.start_screening, coordinator, household_id)
    adults = world.db.exec(select(HouseholdAdult.id).where(HouseholdAdult.household_id == household_id)).all()
    for adult_id in adults:
        world.run(households.record_vog, coordinator, household_id, adult_id, SIGNED_UP + timedelta(days=14), None)
    for name, context in zip(references, ("buurt", "vereniging"), strict=False):
        world.run(
            households.add_reference,
            coordinator,
            household_id,
            name=name,
            context=context,
            known_years=8,
            is_relative=False,
            checked_on=SIGNED_UP + timedelta(days=30),
            positive=True,
        )
        f.keep(name)
    note = f"Screening {f.family.name}: een warm huis, de VOG is aangevraagd"
    world.run(households.add_note, coordinator, household_id, note)
    f.keep(note)


def _approved_household(world: World, f: Household, coordinator: User, steungezin: User, gemeente) -> int:
    names = NAMES[f.letter]
    email = steungezin.email or f"steungezin@{f.family.name.lower()}.test"
    household = _signup(world, f, gemeente, steungezin.name, names["steungezin_partner"], email)
    household_id = household.id
    _screen(world, f, coordinator, household_id, references=names["references"])
    world.run(
        households.record_intake,
        coordinator,
        household_id,
        SIGNED_UP + timedelta(days=10),
        SIGNED_UP + timedelta(days=24),
    )
    adults = world.db.exec(select(HouseholdAdult.id).where(HouseholdAdult.household_id == household_id)).all()
    for adult_id in adults:
        world.run(
            households.record_vog,
            coordinator,
            household_id,
            adult_id,
            SIGNED_UP + timedelta(days=14),
            SIGNED_UP + timedelta(days=40),
        )
    world.run(households.record_training, coordinator, household_id, SIGNED_UP + timedelta(days=50))
    world.run(households.approve, coordinator, household_id, age_min=4, age_max=14, children=2)
    household = world.run(lambda db, i: db.get(VolunteerHousehold, i), household_id)
    path = world.run(signup.issue_account_link, household)
    world.run(signup.link_account, path.rsplit("/", 1)[1], steungezin)
    f.tokens["aanmeld_used"] = path.rsplit("/", 1)[1]
    return household_id


def _screening_household(world: World, f: Household, coordinator: User, gemeente) -> int:
    """In screening, with its own account (the second household of the side): two links issued, the second used."""
    names = NAMES[f.letter]
    email = f"screening@{f.family.name.lower()}.test"
    household = _signup(world, f, gemeente, names["screening"], names["screening_partner"], email)
    household_id = household.id
    _screen(world, f, coordinator, household_id, references=(*names["references"][:1], f"{names['screening']} Ref"))
    first = world.run(signup.issue_account_link, household)
    second = world.run(signup.issue_account_link, world.run(lambda db, i: db.get(VolunteerHousehold, i), household_id))
    user = make_user(world.db, Role.STEUNGEZIN, name=names["screening"], email=email)
    world.run(signup.link_account, second.rsplit("/", 1)[1], user)
    f.people["second_household"] = user
    f.tokens["aanmeld_replaced"] = first.rsplit("/", 1)[1]
    f.tokens["aanmeld_used_screening"] = second.rsplit("/", 1)[1]
    f.ids["adults"] = list(
        world.db.exec(select(HouseholdAdult.id).where(HouseholdAdult.household_id == household_id)).all()
    )
    f.ids["references"] = list(
        world.db.exec(select(HouseholdReference.id).where(HouseholdReference.household_id == household_id)).all()
    )
    return household_id


def _request(world: World, f: Household, label: str) -> int:
    marker = NAMES[f.letter]["marker"]
    texts = {
        "child_needs": f"Zorgwens {marker} {label}: vaste tijden en een stille kamer",
        "values_note": f"Waarden {marker} {label}: wij eten geen varkensvlees",
        "times_note": f"Tijden {marker} {label}: van zaterdag tot zondag",
        "allergies": f"Allergie {marker} {label}: pinda",
    }
    data = {
        "children": [f.people["child"].id],
        "help_kinds": ["weekend_maand"],
        "days": ["za", "zo"],
        "parts_of_day": ["nacht"],
        "woonplaats": "Venlo",
        "transport": "eigen",
        "max_distance_km": 20,
        "needs_choices": ["autisme"],
        "home_languages": ["tr", "nl"],
        **texts,
    }
    request = world.run(requests.create_request, f.people["parent"], f.family, data)
    f.keep(*texts.values())
    return request.id


def _send_and_intake(world: World, f: Household, coordinator: User, request_id: int) -> None:
    parent = f.people["parent"]
    world.run(lambda db, u, i: requests.submit(db, u, db.get(RespiteRequest, i)), parent, request_id)
    world.run(meldpunt.take_step, coordinator, request_id, "intake")
    world.run(meldpunt.take_step, coordinator, request_id, "zoeken")
    note = f"Intake {f.family.name} {request_id}: moeder is erg moe, Turks met tolk"
    world.run(meldpunt.add_note, coordinator, request_id, note)
    f.keep(note)


def _requests(world: World, f: Household, coordinator: User, steungezin: User, approved: int) -> None:
    parent, surname = f.people["parent"], f.family.name
    f.ids["respite_draft"] = _request(world, f, "concept")
    searching = _request(world, f, "zoeken")
    _send_and_intake(world, f, coordinator, searching)
    f.ids["respite_searching"] = searching
    matched = _request(world, f, "koppeling")
    _send_and_intake(world, f, coordinator, matched)
    world.run(requests.set_sharing, parent, matched, True)
    f.ids["respite_matched"] = matched
    match = world.run(matching.propose, coordinator, matched, approved)
    match_id = match.id
    world.run(matches.answer, steungezin, match_id, yes=True)
    world.run(matches.answer, parent, match_id, yes=True)
    sections = {
        "days_times": f"Kaart {surname}: elke derde zaterdag van tien tot vijf",
        "emergency": f"Nood {surname}: eerst moeder bellen",
    }
    card = world.run(matches.write_card, coordinator, match_id, sections)
    world.run(matches.agree, parent, match_id, card.version)
    world.run(matches.agree, steungezin, match_id, card.version)
    f.keep(*sections.values())
    three_weeks_ago = world.run(lambda db: today()) - timedelta(weeks=3)
    world.run(followup.start_trial, coordinator, match_id, three_weeks_ago)
    checkins = world.db.exec(
        select(CheckIn).where(CheckIn.match_id == match_id, CheckIn.moment == "week2").order_by(CheckIn.side)
    ).all()
    by_side = {c.side: c.id for c in checkins}
    notes = {
        "gezin": (parent, f"Checkin {surname}: ze komt blij thuis"),
        "steungezin": (steungezin, f"Checkin {NAMES[f.letter]['steungezin']}: het zwemmen ging goed"),
    }
    for side, (who, note) in notes.items():
        world.run(followup.answer_checkin, who, by_side[side], face=3, note=note)
        f.keep(note)
    f.ids.update(match=match_id, card_version=card.version, checkins=sorted(by_side.values()))
    f.ids["checkin_household"], f.ids["checkin_family"] = by_side["steungezin"], by_side["gezin"]
