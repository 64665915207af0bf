"""The demo story: two families in Venlo and the people around them (see README, 'Demo logins').

Idempotent: running it again changes nothing. Birth dates are relative to today, so Samira always turns 18 in about
three months and Emre is 15.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

from flask_babel import lazy_gettext as _l
from sqlmodel import Session, select

from webapp.auth import passwords
from webapp.clock import today
from webapp.models import Family, FamilyMember, Organisation, OrganisationKind, Relation, Role, User, UserRole

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
    DemoPerson("karim", "Karim Haddou", "karim@example.org", (), _l("oom van Samira"), phone="06 1234 5002"),
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
    "meldpunt": ("Meldpunt Steuntje in de rug Venlo", OrganisationKind.AANBIEDER, "Noord-Limburg"),
}

# (family name, [(person key, relation, has parental authority)])
FAMILIES = (
    ("Haddou", [("samira", Relation.JONGERE, False), ("hendriks", Relation.PLEEGOUDER, False)]),
    ("Yılmaz", [("ayse", Relation.OUDER, True), ("emre", Relation.JONGERE, False), ("elif", Relation.JONGERE, False)]),
)


def is_seeded(db: Session) -> bool:
    return db.exec(select(User).where(User.email == "samira@example.org")).first() is not None


def seed(db: Session) -> bool:
    """Create the demo story; False (and no change) when it is already there."""
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
    for name, members in FAMILIES:
        family = Family(name=name, gemeente_id=organisations["venlo"].id, regisseur_id=people["petra"].id)
        family.members = [
            FamilyMember(user_id=people[key].id, relation=relation, has_authority=authority)
            for key, relation, authority in members
        ]
        db.add(family)
    db.flush()
    return True
