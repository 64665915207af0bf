"""The demo story's Steuntje in de rug: every respite role lands on real work.

- Ayşe asked for a steungezin for Elif (a weekend a month, Turkish at home, autism); Sanne did the intake and the
  request waits in "zoeken": the shortlist ranks the Peeters household first (Turkish, autism, weekends, close by).
- The Peeters household (Ria) is approved and already helps the Smits family: the trial period started four weeks
  ago, the week-2 check-ins are answered and the week-4 check-ins are due today.
- The Janssen household is in screening (intake done, VOG requested, one reference still missing).
- The Vermeulen household signed up three days ago and waits for its intake.
"""

from __future__ import annotations

from datetime import date, datetime, time, timedelta

from sqlmodel import Session

from webapp.clock import from_local, today, utcnow
from webapp.models import (
    AgreementCard,
    CheckIn,
    Family,
    Household,
    HouseholdAdult,
    HouseholdEvent,
    HouseholdReference,
    IntakeNote,
    Organisation,
    RespiteMatch,
    RespiteRequest,
    RespiteRequestChild,
    RespiteRequestEvent,
    User,
)
from webapp.models.respite import HouseholdStatus, MatchStatus, RequestStatus

R, H = RequestStatus, HouseholdStatus


def _at(day: date, hour: int = 10) -> datetime:
    return from_local(datetime.combine(day, time(hour, 0)))


def seed(db: Session, people: dict[str, User], families: dict[str, Family], organisations: dict) -> None:
    meldpunt: Organisation = organisations["meldpunt"]
    venlo: Organisation = organisations["venlo"]
    day = today()
    sanne, ria = people["coordinator"], people["peeters"]
    peeters = _household(
        db,
        meldpunt,
        venlo,
        user=ria,
        status=H.GOEDGEKEURD,
        kind="steungezin",
        contact_name="Ria Peeters",
        email="peeters@example.org",
        phone="06 1234 5004",
        street="Kaldenkerkerweg 88",
        postcode="5913 AE",
        woonplaats="Blerick",
        adults=[("Ria Peeters", 1971), ("Jan Peeters", 1969)],
        children=[{"age": 19}],
        help_kinds=["weekend_maand", "dag_week", "vakantie"],
        days=["vr", "za", "zo"],
        parts_of_day=["middag", "avond", "nacht"],
        capacity=2,
        age_min=4,
        age_max=14,
        languages=["nl", "tr", "li"],
        values_choices=["geloof"],
        food_choices=["halal", "geen_varkensvlees"],
        experience=["autisme", "adhd"],
        experience_note="Ria werkte twintig jaar in het speciaal onderwijs. We hebben een rustig huis met een tuin.",
        motivation="Onze eigen kinderen zijn groot. We hebben tijd en ruimte, en we weten hoe zwaar het soms is.",
        culture_note="Jan is opgegroeid in Turkije en spreekt Turks; we vieren het Suikerfeest met de buren mee.",
        signed_up=day - timedelta(days=240),
        screening_done=day - timedelta(days=150),
        sanne=sanne,
    )
    janssen = _household(
        db,
        meldpunt,
        venlo,
        user=None,
        status=H.SCREENING,
        kind="steungezin",
        contact_name="Mieke Janssen",
        email="janssen@example.org",
        phone="06 1234 5007",
        street="Kerkstraat 3",
        postcode="5931 NM",
        woonplaats="Tegelen",
        adults=[("Mieke Janssen", 1984), ("Tom Janssen", 1982)],
        children=[{"age": 7}, {"age": 10}],
        help_kinds=["weekend_maand", "dagdeel_week"],
        days=["wo", "za"],
        parts_of_day=["middag", "nacht"],
        capacity=1,
        age_min=5,
        age_max=12,
        languages=["nl", "en"],
        experience=[],
        motivation="Onze kinderen vinden het leuk als er iemand komt spelen. We willen graag iets betekenen.",
        signed_up=day - timedelta(days=35),
        screening_done=None,
        sanne=sanne,
    )
    _household(
        db,
        meldpunt,
        venlo,
        user=None,
        status=H.AANGEMELD,
        kind="steunouder",
        contact_name="Henk Vermeulen",
        email="vermeulen@example.org",
        phone="06 1234 5008",
        street="Venrayseweg 140",
        postcode="5928 RH",
        woonplaats="Venlo",
        adults=[("Henk Vermeulen", 1958)],
        children=[],
        help_kinds=["dagdeel_week", "dag_twee_weken"],
        days=["ma", "di", "do"],
        parts_of_day=["ochtend", "middag"],
        capacity=1,
        age_min=6,
        age_max=16,
        languages=["nl", "de"],
        experience=["beperking"],
        motivation="Ik ben net met pensioen en was vrijwilliger bij de voetbalclub. Ik wil graag een kind helpen.",
        signed_up=day - timedelta(days=3),
        screening_done=None,
        sanne=sanne,
    )
    _janssen_screening(db, janssen, sanne, day)
    _elif_request(db, people, families["Yılmaz"], meldpunt, venlo, sanne, day)
    _smits_match(db, people, families["Smits"], meldpunt, venlo, sanne, peeters, day)


def _household(db: Session, meldpunt, venlo, *, user, status, adults, signed_up, screening_done, sanne, **fields):
    household = Household(
        meldpunt_id=meldpunt.id,
        gemeente_id=venlo.id,
        user_id=user.id if user else None,
        status=H.AANGEMELD,
        adults=[{"name": name, "birth_year": year} for name, year in adults],
        created_at=_at(signed_up),
        **fields,
    )
    db.add(household)
    db.flush()
    db.add(HouseholdEvent(household_id=household.id, to_status=H.AANGEMELD, at=_at(signed_up)))
    for name, year in adults:
        db.add(
            HouseholdAdult(
                household_id=household.id,
                name=name,
                birth_year=year,
                vog_requested_on=signed_up + timedelta(days=14) if status != H.AANGEMELD else None,
                vog_received_on=screening_done,
            )
        )
    if status in (H.SCREENING, H.GOEDGEKEURD):
        household.intake_done_on = signed_up + timedelta(days=10)
        household.second_intake_on = signed_up + timedelta(days=24) if screening_done else None
        _step(db, household, H.AANGEMELD, H.SCREENING, sanne, signed_up + timedelta(days=10))
    if status is H.GOEDGEKEURD:
        household.training_done_on = screening_done - timedelta(days=7)
        household.approved_on = screening_done
        household.approved_age_min, household.approved_age_max = fields["age_min"], fields["age_max"]
        household.approved_children = fields["capacity"]
        for name, context in (("Ellen Hermans", "buurt"), ("Pieter Claessens", "vereniging")):
            db.add(
                HouseholdReference(
                    household_id=household.id,
                    name=name,
                    context=context,
                    known_years=8,
                    checked_on=screening_done - timedelta(days=20),
                    positive=True,
                )
            )
        _step(db, household, H.SCREENING, H.GOEDGEKEURD, sanne, screening_done)
    household.status = status
    db.add(household)
    return household


def _step(db: Session, household: Household, old, new, sanne: User, on: date) -> None:
    db.add(HouseholdEvent(household_id=household.id, from_status=old, to_status=new, actor_id=sanne.id, at=_at(on)))


def _janssen_screening(db: Session, janssen: Household, sanne: User, day: date) -> None:
    db.add(
        HouseholdReference(
            household_id=janssen.id,
            name="Anouk Verbeek",
            context="werk",
            known_years=6,
            checked_on=day - timedelta(days=9),
            positive=True,
        )
    )
    db.add(
        IntakeNote(
            household_id=janssen.id,
            author_id=sanne.id,
            text="Eerste gesprek thuis: warm gezin, kinderen van 7 en 10. VOG voor Mieke en Tom aangevraagd. "
            "Nog één referentie nodig (niet van het werk).",
            created_at=_at(day - timedelta(days=25)),
        )
    )


def _request(db: Session, family: Family, meldpunt, venlo, by: User, children: list[User], **fields) -> RespiteRequest:
    request = RespiteRequest(
        family_id=family.id, meldpunt_id=meldpunt.id, gemeente_id=venlo.id, created_by_id=by.id, **fields
    )
    db.add(request)
    db.flush()
    for child in children:
        db.add(RespiteRequestChild(request_id=request.id, user_id=child.id))
    return request


def _history(db: Session, request: RespiteRequest, steps: list[tuple[str, str, User | None, date, str]]) -> None:
    """The request's steps; an actor None is OnsPlan's own step (both sides said yes)."""
    for old, new, actor, on, note in steps:
        db.add(
            RespiteRequestEvent(
                request_id=request.id,
                from_status=old,
                to_status=new,
                actor_id=actor.id if actor else None,
                note=note,
                at=_at(on),
            )
        )


def _elif_request(db: Session, people, yilmaz: Family, meldpunt, venlo, sanne: User, day: date) -> None:
    ayse = people["ayse"]
    sent, intake = day - timedelta(days=23), day - timedelta(days=12)
    request = _request(
        db,
        yilmaz,
        meldpunt,
        venlo,
        ayse,
        [people["elif"]],
        status=R.ZOEKEN,
        help_kinds=["weekend_maand"],
        days=["za", "zo"],
        parts_of_day=["nacht"],
        times_note="Van zaterdagochtend tot zondag na het eten, één keer per maand.",
        woonplaats="Venlo",
        transport="eigen",
        max_distance_km=15,
        child_needs=(
            "Elif houdt van vaste tijden en weet graag van tevoren wat er gaat gebeuren. Harde geluiden zijn moeilijk "
            "voor haar. Ze tekent graag en houdt van dieren."
        ),
        needs_choices=["autisme"],
        home_languages=["tr", "nl"],
        values_choices=["halal", "geen_varkensvlees"],
        values_note="We zijn moslim. Elif eet halal.",
        pets_ok=True,
        siblings_together=False,
        share_with_regisseur=True,
        created_at=_at(sent - timedelta(days=1)),
        updated_at=_at(intake),
        submitted_at=_at(sent),
    )
    _history(
        db,
        request,
        [
            (R.CONCEPT, R.NIEUW, ayse, sent, ""),
            (R.NIEUW, R.INTAKE, sanne, sent + timedelta(days=2), ""),
            (R.INTAKE, R.ZOEKEN, sanne, intake, ""),
        ],
    )
    db.add(
        IntakeNote(
            request_id=request.id,
            author_id=sanne.id,
            text="Intake bij Ayşe thuis, met tolk Turks. Ze zorgt alleen voor Emre en Elif en is erg moe. "
            "Een weekend per maand rust is het doel. Liefst een gezin dat Turks spreekt en ervaring heeft met autisme.",
            created_at=_at(intake),
        )
    )


def _smits_match(db: Session, people, smits: Family, meldpunt, venlo, sanne: User, peeters: Household, day) -> None:
    linda, ria = people["smits"], people["peeters"]
    sent, start = day - timedelta(days=75), day - timedelta(days=28)
    request = _request(
        db,
        smits,
        meldpunt,
        venlo,
        linda,
        [people["daan"]],
        status=R.PROEFPERIODE,
        help_kinds=["dag_week"],
        days=["vr"],
        parts_of_day=["middag", "avond"],
        times_note="Vrijdag na school tot na het eten.",
        woonplaats="Venlo",
        transport="ophalen",
        max_distance_km=10,
        child_needs="Daan is druk en heeft veel beweging nodig. Hij voetbalt graag.",
        needs_choices=["adhd"],
        home_languages=["nl"],
        share_with_regisseur=True,
        created_at=_at(sent),
        updated_at=_at(start),
        submitted_at=_at(sent),
        started_at=_at(start),
    )
    proposed, accepted = day - timedelta(days=45), day - timedelta(days=40)
    _history(
        db,
        request,
        [
            (R.CONCEPT, R.NIEUW, linda, sent, ""),
            (R.NIEUW, R.INTAKE, sanne, sent + timedelta(days=3), ""),
            (R.INTAKE, R.ZOEKEN, sanne, sent + timedelta(days=14), ""),
            (R.ZOEKEN, R.VOORGESTELD, sanne, proposed, ""),
            (R.VOORGESTELD, R.KENNISMAKING, None, accepted, ""),
            (R.KENNISMAKING, R.PROEFPERIODE, sanne, start, ""),
        ],
    )
    match = RespiteMatch(
        request_id=request.id,
        household_id=peeters.id,
        status=MatchStatus.AKKOORD,
        score=70,
        reasons=["kan op vrijdag", "ervaring met druk gedrag", "4 km", "kan ophalen"],
        proposed_by_id=sanne.id,
        proposed_at=_at(proposed),
        family_answer="ja",
        family_answered_at=_at(proposed + timedelta(days=2)),
        household_answer="ja",
        household_answered_at=_at(accepted),
        accepted_at=_at(accepted),
        trial_starts_on=start,
        trial_ends_on=start + timedelta(weeks=8),
    )
    db.add(match)
    db.flush()
    db.add(
        AgreementCard(
            match_id=match.id,
            version=1,
            sections={
                "days_times": "Elke vrijdag van 15.00 tot 19.30 uur.",
                "bringing": "Ria haalt Daan op van school. Linda haalt hem om 19.30 uur op in Blerick.",
                "food": "Daan eet mee. Geen pinda's.",
                "religion": "",
                "medicine": "Geen medicijnen op vrijdag.",
                "screens": "Een half uur tablet na het eten.",
                "photos": "Geen foto's van Daan op sociale media.",
                "emergency": "Eerst Linda bellen (06 1234 5006), dan de huisarts. Bij nood 112.",
                "costs": "Het steungezin krijgt een vrijwilligersvergoeding van het meldpunt voor eten en vervoer.",
                "coordinator": "Sanne de Vries, meldpunt Steuntje in de rug, via OnsPlan-berichten.",
            },
            created_by_id=sanne.id,
            created_at=_at(accepted + timedelta(days=5)),
            family_agreed_at=_at(accepted + timedelta(days=6)),
            family_agreed_by_id=linda.id,
            household_agreed_at=_at(accepted + timedelta(days=6)),
            household_agreed_by_id=ria.id,
        )
    )
    answered = utcnow() - timedelta(days=13)
    for side, by, face, note in (
        ("gezin", linda, 3, "Daan vertelt thuis enthousiast over de tuin en het voetballen."),
        ("steungezin", ria, 2, "Daan moest wennen; de tweede vrijdag ging al beter."),
    ):
        db.add(
            CheckIn(
                match_id=match.id,
                side=side,
                moment="week2",
                due_on=start + timedelta(weeks=2),
                face=face,
                child_face=3 if side == "gezin" else None,
                note=note,
                answered_at=answered,
                answered_by_id=by.id,
            )
        )
        for moment, weeks in (("week4", 4), ("week8", 8)):
            db.add(CheckIn(match_id=match.id, side=side, moment=moment, due_on=start + timedelta(weeks=weeks)))
