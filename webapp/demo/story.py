"""The demo story: two families in Venlo and the people around them (see README, 'Demo logins').

Idempotent: running it again changes nothing. Birth dates are relative to today, so Samira always turns 18 in about
three months and Emre is 15.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, time, timedelta

from flask_babel import lazy_gettext as _l
from sqlmodel import Session, select

from webapp.appointments import services as appointments
from webapp.auth import passwords
from webapp.clock import today
from webapp.demo import peers, respite
from webapp.intake import handover
from webapp.mentors import services as mentors
from webapp.messages import services as messages
from webapp.models import (
    Answer,
    Appointment,
    AppointmentKind,
    Family,
    FamilyMember,
    FutureDomain,
    GoalStatus,
    MentorRelation,
    Organisation,
    OrganisationKind,
    Relation,
    Role,
    User,
    UserRole,
    ZrmDomain,
)
from webapp.plans import drafting, translations
from webapp.sharing import services as sharing
from webapp.toekomstplan import services as future

DEMO_PASSWORD = "onsplan-demo"  # noqa: S105 - the documented demo password, only ever seeded with DEMO=1


def _years_ago(years: int, shift_days: int = 0) -> date:
    day = today()
    try:
        anchor = day.replace(year=day.year - years)
    except ValueError:  # 29 February
        anchor = day.replace(year=day.year - years, day=28)
    return anchor + timedelta(days=shift_days)


@dataclass(frozen=True)
class DemoPerson:
    key: str
    name: str
    email: str | None
    roles: tuple[Role, ...]
    label: object  # lazy translated description for the login page
    language: str = "nl"
    organisation: str | None = None
    job_title: str = ""
    phone: str = ""
    totp_secret: str | None = None  # fixed, so testers can add it to an authenticator once

    def birth_date(self) -> date | None:
        return {
            "samira": _years_ago(18, shift_days=90),  # turns 18 in about three months
            "emre": _years_ago(15, shift_days=-100),
            "elif": _years_ago(8, shift_days=-40),
            "daan": _years_ago(9, shift_days=-120),
            "noor": _years_ago(6, shift_days=-30),
        }.get(self.key)


DEMO_PEOPLE: tuple[DemoPerson, ...] = (
    DemoPerson(
        "samira",
        "Samira Haddou",
        "samira@example.org",
        (Role.JONGERE,),
        _l("jongere, 17, woont bij pleeggezin Hendriks"),
    ),
    DemoPerson(
        "hendriks",
        "Marleen Hendriks",
        "hendriks@example.org",
        (Role.PLEEGOUDER,),
        _l("pleegouder van Samira"),
        phone="06 1234 5001",
    ),
    DemoPerson(
        "karim", "Karim Haddou", "karim@example.org", (), _l("oom van Samira, haar JIM-mentor"), phone="06 1234 5002"
    ),
    DemoPerson("emre", "Emre Yılmaz", "emre@example.org", (Role.JONGERE,), _l("jongere, 15, woont thuis")),
    DemoPerson(
        "ayse",
        "Ayşe Yılmaz",
        "ayse@example.org",
        (Role.OUDER,),
        _l("moeder van Emre en Elif"),
        language="tr",
        phone="06 1234 5003",
    ),
    DemoPerson("elif", "Elif Yılmaz", None, (), _l("8 jaar, heeft geen account")),
    DemoPerson(
        "petra",
        "Petra Jansen",
        "petra@example.org",
        (Role.REGISSEUR,),
        _l("regisseur (gezinscoach) van beide gezinnen"),
        organisation="venlo",
        job_title="Gezinscoach",
        phone="077 359 6000",
        totp_secret="PETRAJANSENDEMO2FAONSPLANVENLO23",  # noqa: S106 - demo-only, documented secret
    ),
    DemoPerson(
        "smits",
        "Linda Smits",
        "smits@example.org",
        (Role.OUDER,),
        _l("moeder van Daan, heeft een steungezin in de proefperiode"),
        phone="06 1234 5006",
    ),
    DemoPerson("daan", "Daan Smits", None, (), _l("9 jaar, heeft geen account")),
    DemoPerson(
        "jeroen",
        "Jeroen Willems",
        "jeroen@example.org",
        (Role.REGISSEUR,),
        _l("regisseur (gezinscoach) van gezin Smits"),
        organisation="venlo",
        job_title="Gezinscoach",
        phone="077 359 6001",
        totp_secret="JEROENWILLEMSDEMO2FAONSPLANVENLO",  # noqa: S106 - demo-only, documented secret
    ),
    DemoPerson(
        "karin",
        "Karin Vos",
        "karin@example.org",
        (Role.COORDINATOR,),
        _l("coördinator bij de gemeente Venlo: geeft een gezin aan een andere regisseur"),
        organisation="venlo",
        job_title="Coördinator jeugd",
        totp_secret="KARINVOSDEMO2FAONSPLANGEMEENTEVL",  # noqa: S106 - demo-only, documented secret
    ),
    DemoPerson("anouk", "Anouk Bos", None, (), _l("moeder van Noor, nog zonder account")),
    DemoPerson("noor", "Noor Bos", None, (), _l("6 jaar, heeft geen account")),
    DemoPerson(
        "peeters",
        "Ria Peeters",
        "peeters@example.org",
        (Role.STEUNGEZIN,),
        _l("steungezin Peeters, vrijwilligers in Venlo"),
        phone="06 1234 5004",
    ),
    DemoPerson(
        "coordinator",
        "Sanne de Vries",
        "coordinator@example.org",
        (Role.COORDINATOR,),
        _l("meldpunt Steuntje in de rug"),
        organisation="meldpunt",
        job_title="Coördinator",
        totp_secret="COORDINATORDEMO2FAONSPLANSTEUNTJ",  # noqa: S106 - demo-only, documented secret
    ),
    DemoPerson(
        "moderator",
        "Mo Bakker",
        "moderator@example.org",
        (Role.MODERATOR,),
        _l("moderator van de vragen van pleegouders"),
        organisation="meldpunt",
        totp_secret="MODERATORDEMO2FAONSPLANFORUMHULP",  # noqa: S106 - demo-only, documented secret
    ),
    DemoPerson(
        "redacteur",
        "Fatima El Amrani",
        "redacteur@example.org",
        (Role.REDACTEUR,),
        _l("redacteur: schrijft, vertaalt en publiceert de artikelen van Informatie"),
        organisation="venlo",
        job_title="Redacteur",
        totp_secret="REDACTEURDEMO2FAONSPLANINFORMATI",  # noqa: S106 - demo-only, documented secret
    ),
    DemoPerson(
        "beheer",
        "Beheer OnsPlan",
        "beheer@example.org",
        (Role.BEHEERDER,),
        _l("beheerder"),
        organisation="venlo",
        totp_secret="BEHEERDERDEMO2FAONSPLANACCOUNTSX",  # noqa: S106 - demo-only, documented secret
    ),
)

ORGANISATIONS = {
    "venlo": ("Gemeente Venlo", OrganisationKind.GEMEENTE, "Noord-Limburg"),
    "meldpunt": ("Meldpunt Steuntje in de rug Venlo", OrganisationKind.MELDPUNT, "Noord-Limburg"),
}

# (family name, regisseur key, [(person key, relation, has parental authority)])
FAMILIES = (
    ("Haddou", "petra", [("samira", Relation.JONGERE, False), ("hendriks", Relation.PLEEGOUDER, False)]),
    (
        "Yılmaz",
        "petra",
        [("ayse", Relation.OUDER, True), ("emre", Relation.JONGERE, False), ("elif", Relation.JONGERE, False)],
    ),
    ("Smits", "jeroen", [("smits", Relation.OUDER, True), ("daan", Relation.JONGERE, False)]),
    # New in Jeroen's caseload, no plan yet; Jeroen moves to another wijkteam and asked Karin for a new regisseur.
    ("Bos", "jeroen", [("anouk", Relation.OUDER, True), ("noor", Relation.JONGERE, False)]),
)


def is_seeded(db: Session) -> bool:
    return db.exec(select(User).where(User.email == "samira@example.org")).first() is not None


def seed(db: Session, *, with_mentor: bool = True) -> bool:
    """Create the demo story; False (and no change) when it is already there. `with_mentor=False` leaves Samira
    without a mentor (the e2e journey in which she picks one)."""
    if is_seeded(db):
        return False
    organisations = {}
    for key, (name, kind, region) in ORGANISATIONS.items():
        organisations[key] = Organisation(name=name, kind=kind, region=region)
        db.add(organisations[key])
    db.flush()
    password_hash = passwords.hash_password(DEMO_PASSWORD)  # one argon2 run for everybody
    people: dict[str, User] = {}
    for person in DEMO_PEOPLE:
        user = User(
            name=person.name,
            email=person.email,
            password_hash=password_hash if person.email else None,
            language=person.language,
            birth_date=person.birth_date(),
            phone=person.phone,
            job_title=person.job_title,
            organisation_id=organisations[person.organisation].id if person.organisation else None,
            totp_secret=person.totp_secret,
            roles=[UserRole(role=role) for role in person.roles],
        )
        db.add(user)
        people[person.key] = user
    db.flush()
    families: dict[str, Family] = {}
    for name, regisseur, members in FAMILIES:
        family = Family(name=name, gemeente_id=organisations["venlo"].id, regisseur_id=people[regisseur].id)
        family.members = [
            FamilyMember(user_id=people[key].id, relation=relation, has_authority=authority)
            for key, relation, authority in members
        ]
        db.add(family)
        families[name] = family
    db.flush()
    _seed_plans(db, people, families)
    _seed_smits_plan(db, people, families["Smits"])
    _seed_conversations(db, people)
    if with_mentor:
        _seed_mentor(db, people, families["Haddou"])
    handover.ask_for_handover(
        db,
        people["jeroen"],
        families["Bos"].id,
        "Ik werk vanaf januari in een ander wijkteam. Gezin Bos heeft een nieuwe regisseur nodig.",
    )
    respite.seed(db, people, families, organisations)
    peers.seed(db, people, families, organisations)
    db.flush()
    return True


# --- the plans of the demo families ------------------------------------------------------------------------------


def _seed_plans(db: Session, people: dict[str, User], families: dict[str, Family]) -> None:
    """Realistic plans, written the way Petra would: through the same services the app uses."""
    petra, day = people["petra"], today()
    haddou, yilmaz = families["Haddou"], families["Yılmaz"]

    drafting.update_basics(
        db,
        petra,
        haddou.id,
        situation="Samira woont sinds drie jaar bij Marleen Hendriks.",
        agreements="We praten elke twee maanden samen over het plan.",
        next_evaluation=day + timedelta(days=21),
        about_people={  # what is about Samira herself: she decides (17) whether Marleen sees it
            people["samira"].id: (
                "Het gaat goed op school (mbo Zorg en Welzijn). Over een paar maanden wordt ze 18. "
                "Ze wil graag zelfstandig wonen, maar niet te snel.",
                "Samira mag altijd zelf Petra bellen of mailen.",
            )
        },
    )
    school = drafting.save_goal(
        db,
        petra,
        haddou.id,
        None,
        title="Ik haal mijn diploma mbo niveau 3",
        about_user_id=people["samira"].id,
        status=GoalStatus.BUSY,
        target_date=day + timedelta(days=200),
    )
    living = drafting.save_goal(
        db,
        petra,
        haddou.id,
        None,
        title="Ik weet waar ik ga wonen na mijn 18e",
        about_user_id=people["samira"].id,
        status=GoalStatus.NEW,
        target_date=day + timedelta(days=120),
    )
    drafting.save_goal(
        db,
        petra,
        haddou.id,
        None,
        title="Thuis hebben we minder ruzie over geld en uitgaan",
        about_user_id=None,
        status=GoalStatus.BUSY,
        target_date=day + timedelta(days=90),
    )
    drafting.add_action(
        db,
        petra,
        haddou.id,
        what="Stage zoeken voor het tweede jaar",
        who="Samira",
        due_date=day + timedelta(days=30),
        goal_id=school.id,
    )
    drafting.add_action(
        db,
        petra,
        haddou.id,
        what="Inschrijven bij de woningcorporatie",
        who="Samira en Marleen",
        due_date=day + timedelta(days=14),
        goal_id=living.id,
    )
    drafting.add_action(
        db,
        petra,
        haddou.id,
        what="Gesprek over verlengde pleegzorg tot 21",
        who="Petra (regisseur)",
        due_date=day - timedelta(days=3),
        goal_id=living.id,
    )
    drafting.add_involved(
        db,
        petra,
        haddou.id,
        name="Pleegzorg Limburg",
        role="pleegzorgbegeleiding",
        organisation="Pleegzorg Limburg",
        contact="088 123 4567",
    )
    drafting.add_involved(
        db,
        petra,
        haddou.id,
        name="Mevrouw Bos",
        role="mentor op school",
        organisation="Gilde Opleidingen",
        contact="",
        about_user_id=people["samira"].id,
    )
    _zrm(db, petra, haddou.id, day - timedelta(days=120), (3, 3, 4, 3, 3, 4, 5, 4, 3, 3, 5), people["samira"])
    drafting.publish(db, petra, haddou.id, "Het eerste plan, samen gemaakt op 12 september.")
    drafting.add_note(db, petra, haddou.id, school.id, "Samira heeft alle toetsen van periode 1 gehaald.")
    drafting.save_goal(
        db,
        petra,
        haddou.id,
        living.id,
        title=living.title,
        about_user_id=people["samira"].id,
        status=GoalStatus.BUSY,
        target_date=living.target_date,
    )
    _zrm(db, petra, haddou.id, day - timedelta(days=20), (3, 4, 4, 4, 3, 4, 5, 4, 4, 3, 5), people["samira"])
    drafting.publish(
        db,
        petra,
        haddou.id,
        "Samira is begonnen met zoeken naar een woning. Nieuwe ZRM-scores.",
        summary_about_user_id=people["samira"].id,
    )

    drafting.update_basics(
        db,
        petra,
        yilmaz.id,
        situation="Ayşe zorgt alleen voor Emre en Elif. Ayşe is vaak moe.",
        agreements="Een steungezin helpt één weekend per maand. Ayşe belt Petra als het thuis te zwaar wordt.",
        next_evaluation=day + timedelta(days=45),
        about_people={  # Elif (8): her mother sees it, her brother does not; Emre (15): he and his mother
            people["elif"].id: ("Elif (8) heeft autisme en heeft veel zorg nodig.", ""),
            people["emre"].id: ("Emre helpt thuis veel mee.", ""),
        },
    )
    rest = drafting.save_goal(
        db,
        petra,
        yilmaz.id,
        None,
        title="Ayşe heeft elke maand een weekend rust",
        about_user_id=people["ayse"].id,
        status=GoalStatus.BUSY,
        target_date=day + timedelta(days=60),
    )
    drafting.save_goal(
        db,
        petra,
        yilmaz.id,
        None,
        title="Elif gaat met plezier naar school",
        about_user_id=people["elif"].id,
        status=GoalStatus.BUSY,
        target_date=day + timedelta(days=150),
    )
    drafting.save_goal(
        db,
        petra,
        yilmaz.id,
        None,
        title="Emre heeft tijd voor voetbal en vrienden",
        about_user_id=people["emre"].id,
        status=GoalStatus.NEW,
        target_date=day + timedelta(days=90),
    )
    drafting.add_action(
        db,
        petra,
        yilmaz.id,
        what="Steungezin zoeken via Steuntje in de rug",
        who="Petra (regisseur)",
        due_date=day + timedelta(days=10),
        goal_id=rest.id,
    )
    _zrm(db, petra, yilmaz.id, day - timedelta(days=30), (2, 3, 4, 3, 2, 4, 5, 3, 2, 3, 5), people["ayse"])
    drafting.publish(db, petra, yilmaz.id, "Het eerste plan van jullie gezin.")
    # Ayşe reads Turkish: Petra typed the Turkish of Ayşe's goal that the interpreter gave her.
    translations.save(
        db,
        petra,
        yilmaz.id,
        "doel",
        str(rest.id),
        "tr",
        text="Ayşe'nin her ay bir hafta sonu dinlenme zamanı var",
        interpreter="Hatice Demir",
    )

    samira = people["samira"]
    sharing.set_choice(db, samira, goals=True, toekomstplan=True)
    future.save_domain(
        db, samira, samira.id, FutureDomain.WONEN, want_text="Een kamer in Venlo, dicht bij school.", now_text=None
    )
    future.save_domain(
        db,
        samira,
        samira.id,
        FutureDomain.SCHOOL,
        want_text="Mijn diploma halen en daarna werken in de zorg.",
        now_text=None,
    )
    future.add_step(
        db,
        samira,
        samira.id,
        FutureDomain.WONEN,
        what="Kamers bekijken met Marleen",
        owner="Samira",
        due=day + timedelta(days=40),
    )
    for key in ("digid", "berichtenbox", "woningzoekende"):
        future.set_checklist_item(db, samira, samira.id, key, True)


def _seed_smits_plan(db: Session, people: dict[str, User], smits: Family) -> None:
    """Jeroen's family: a short first plan, with the steungezin among the people involved."""
    jeroen, day = people["jeroen"], today()
    drafting.update_basics(
        db,
        jeroen,
        smits.id,
        situation="Linda zorgt alleen voor Daan (9). Daan heeft veel beweging en structuur nodig.",
        agreements="We kijken elke drie maanden samen hoe het gaat.",
        next_evaluation=day + timedelta(days=60),
    )
    rest = drafting.save_goal(
        db,
        jeroen,
        smits.id,
        None,
        title="Linda heeft elke week een middag voor zichzelf",
        about_user_id=None,
        status=GoalStatus.BUSY,
        target_date=day + timedelta(days=90),
    )
    drafting.add_action(
        db,
        jeroen,
        smits.id,
        what="Proefperiode met steungezin Peeters afronden",
        who="Linda en het meldpunt",
        due_date=day + timedelta(days=28),
        goal_id=rest.id,
    )
    drafting.publish(db, jeroen, smits.id, "Het eerste plan van jullie gezin.")


def _zrm(db: Session, petra: User, family_id: int, day: date, scores: tuple[int, ...], about: User) -> None:
    drafting.record_zrm(db, petra, family_id, dict(zip(ZrmDomain, scores, strict=True)), day, about.id)


def _seed_conversations(db: Session, people: dict[str, User]) -> None:
    """A little history in the conversations, sent through the same service the app uses."""
    petra, samira, ayse, hendriks = people["petra"], people["samira"], people["ayse"], people["hendriks"]

    def conversation_id(user: User, private: bool, family_name: str) -> int:
        for summary in messages.conversations(db, user):
            if summary.family.name == family_name and (summary.conversation.kind == "prive") == private:
                return summary.conversation.id
        raise LookupError(family_name)

    history = (
        (samira, True, "Haddou", "Hoi Petra, ik wil graag praten over waar ik ga wonen na mijn 18e. Kan dat?"),
        (
            petra,
            True,
            "Haddou",
            "Natuurlijk Samira. Zullen we dinsdag na school bellen? Dan kijken we samen naar je toekomstplan.",
        ),
        (
            hendriks,
            False,
            "Haddou",
            "Goedemorgen Petra, de school vraagt of Samira in januari stage mag lopen in Venlo.",
        ),
        (petra, False, "Haddou", "Dank je, Marleen. Ik zet het in het plan bij het doel over school."),
        (
            ayse,
            False,
            "Yılmaz",
            "Merhaba Petra, Elif slaapt slecht. Kunnen we praten? (Hallo Petra, Elif slaapt slecht.)",
        ),
    )
    for number, (author, private, family_name, text) in enumerate(history, start=1):
        messages.send(db, author, conversation_id(author, private, family_name), text, f"demo-{number}")


def _seed_mentor(db: Session, people: dict[str, User], haddou: Family) -> None:
    """Samira chose her uncle Karim as JIM mentor; he said yes and Petra approved (the first review, two months on,
    is agreed by all three). She shares her school goal with him, and Petra proposed a JIM-overleg that Samira
    confirmed and Karim has not answered yet."""
    samira, karim, petra = people["samira"], people["karim"], people["petra"]
    mentorship, token = mentors.nominate(
        db,
        samira,
        name="Karim Haddou",
        relation=MentorRelation.OOM_TANTE,
        contact="karim@example.org",
        motivation="Oom Karim luistert altijd naar me en weet veel van werk en school. Hij woont ook in Venlo.",
    )
    mentors.accept(db, token, karim)
    mentors.approve(db, petra, mentorship.id)
    review = db.exec(select(Appointment).where(Appointment.mentorship_id == mentorship.id)).one()
    for person in (samira, karim, petra):  # the first review, agreed by everyone when they started
        appointments.answer(db, person, review.id, Answer.BEVESTIGD)
    for goal, _shared in mentors.own_goals_with_sharing(db, samira):
        if "school" in goal["title"].lower() or "diploma" in goal["title"].lower():
            mentors.share_goal_with_mentor(db, samira, goal["id"], True)
    overleg = appointments.propose(
        db,
        petra,
        haddou.id,
        appointments.Details(
            kind=AppointmentKind.JIM_OVERLEG,
            starts_local=datetime.combine(today() + timedelta(days=6), time(16, 0)),
            place="Wijkteam Venlo, Nassaustraat 12",
        ),
        [samira.id, karim.id],
    )
    appointments.answer(db, samira, overleg.id, Answer.BEVESTIGD)
