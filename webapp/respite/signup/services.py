"""The public aanmeldpunt: people who want to help sign up without an account; the account comes last.

- `create_household(db, data)`: a sign-up becomes a Household (status aangemeld) with its adults, for the meldpunt
  that serves the chosen gemeente (the organisation of kind meldpunt whose region is the gemeente's region). A
  pleeggezin or gezinshuis sign-up is sent on to an organisation of that kind (status doorgestuurd); OnsPlan only
  keeps where it went. The meldpunt's coordinators get a notification (kind "steun": no details on a lock screen).
- `issue_account_link(db, household)`: a steungezin or steunouder makes the account at the end, like an invitation,
  through a link mailed to the address they typed (14 days, works once; only the hash of its token is kept).
- `create_account` / `link_account`: a new address chooses a password; an address that already has an account never
  gets its password set through the link: that person logs in and says yes to linking.

Plain functions taking the database session; the caller commits. Errors the person can fix raise `SignupError`
with a translated message and the field it belongs to.
"""

from __future__ import annotations

import secrets
from dataclasses import dataclass, field
from datetime import timedelta

from flask import current_app, request
from flask_babel import force_locale
from flask_babel import gettext as _
from itsdangerous import BadData
from sqlmodel import Session, select

from webapp.auth import passwords
from webapp.auth.services import check_new_password, normalise_email, user_by_email
from webapp.auth.tokens import hash_token, signed_serializer
from webapp.mail import send_mail
from webapp.models import Household, HouseholdAdult, Organisation, Role, User, UserRole
from webapp.models.people import OrganisationKind
from webapp.models.respite import HouseholdKind, HouseholdStatus
from webapp.notify import outbox
from webapp.respite import choices
from webapp.respite.workflow import Actor, move_household

K = HouseholdKind
ACCOUNT_LINK_VALID_FOR = timedelta(days=14)
VOLUNTEER_KINDS = (K.STEUNGEZIN, K.STEUNOUDER)  # they get an account; the others are sent on
ROUTED_KINDS = {K.PLEEGGEZIN: OrganisationKind.PLEEGZORG, K.GEZINSHUIS: OrganisationKind.GEZINSHUIS}
MAX_ADULTS = 4
ACCOUNT_PATH = "/aanmelden/account/"  # the route in views.py (a path, so the demo seed can make one too)


class SignupError(ValueError):
    """A problem the person can fix; the message is translated. `field`: the form field it belongs to, if one."""

    def __init__(self, message: str, field: str | None = None) -> None:
        super().__init__(message)
        self.field = field


class LinkInvalid(Exception):
    """The account link does not exist, was used, or expired (answered 410 with `problem`)."""

    def __init__(self, problem: str) -> None:
        super().__init__(problem)
        self.problem = problem


@dataclass
class Adult:
    name: str
    birth_year: int | None = None


@dataclass
class SignupData:
    """Everything a sign-up holds, already checked for shape (the form does that; the demo seed builds it
    directly). Codes are those of webapp/respite/choices.py."""

    kind: str
    contact_name: str
    email: str
    gemeente_id: int
    adults: list[Adult]
    phone: str = ""
    street: str = ""
    postcode: str = ""
    woonplaats: str = ""
    children_ages: list[int] = field(default_factory=list)
    help_kinds: list[str] = field(default_factory=list)
    days: list[str] = field(default_factory=list)
    parts_of_day: list[str] = field(default_factory=list)
    capacity: int = 1
    age_min: int = 0
    age_max: int = 17
    siblings_ok: bool = True
    pick_up: bool = False
    max_distance_km: int | None = None
    languages: list[str] = field(default_factory=list)
    values_choices: list[str] = field(default_factory=list)
    culture_note: str = ""
    food_choices: list[str] = field(default_factory=list)
    has_pets: bool = False
    pets_note: str = ""
    smoking: bool = False
    experience: list[str] = field(default_factory=list)
    experience_note: str = ""
    motivation: str = ""


@dataclass(frozen=True)
class Outcome:
    """What the thank-you page needs: the kind, and where a pleeggezin or gezinshuis sign-up went."""

    kind: str
    routed_to: Organisation | None = None


# --- reading ---------------------------------------------------------------------------------------------------


def gemeenten(db: Session) -> list[Organisation]:
    """The gemeenten a person can choose on the form (public: names only)."""
    return list(
        db.exec(select(Organisation).where(Organisation.kind == OrganisationKind.GEMEENTE).order_by(Organisation.name))
    )


def meldpunt_for(db: Session, gemeente: Organisation) -> Organisation | None:
    """The meldpunt that serves this gemeente: the organisation of kind meldpunt in the gemeente's region."""
    if not gemeente.region:
        return None
    return db.exec(
        select(Organisation)
        .where(Organisation.kind == OrganisationKind.MELDPUNT, Organisation.region == gemeente.region)
        .order_by(Organisation.id)
    ).first()


def route_for(db: Session, kind: str, gemeente: Organisation | None) -> Organisation | None:
    """Where a pleeggezin or gezinshuis sign-up goes: an organisation of that kind in the gemeente's region, else one
    without a region (working everywhere); None for a steungezin or when the beheerder has listed none."""
    target = ROUTED_KINDS.get(kind)
    if target is None:
        return None
    rows = list(db.exec(select(Organisation).where(Organisation.kind == target).order_by(Organisation.id)))
    region = gemeente.region if gemeente else ""
    return next((o for o in rows if region and o.region == region), None) or next(
        (o for o in rows if not o.region), None
    )


def outcome_for(db: Session, kind: str, routed_to_id: int | None) -> Outcome:
    """The thank-you page's facts, from what the session remembered of the sign-up."""
    if kind not in set(K):
        kind = K.STEUNGEZIN
    routed = db.get(Organisation, routed_to_id) if routed_to_id else None
    if routed is not None and routed.kind not in (OrganisationKind.PLEEGZORG, OrganisationKind.GEZINSHUIS):
        routed = None
    return Outcome(kind, routed)


def _coordinators(db: Session, meldpunt_id: int) -> list[int]:
    return list(
        db.exec(
            select(User.id)
            .join(UserRole, UserRole.user_id == User.id)
            .where(User.organisation_id == meldpunt_id, User.active, UserRole.role == Role.COORDINATOR)
        )
    )


# --- signing up ------------------------------------------------------------------------------------------------


def _check(db: Session, data: SignupData) -> Organisation:
    if data.kind not in set(K):
        raise SignupError(_("Kies hoe u wilt helpen."), "kind")
    gemeente = db.get(Organisation, data.gemeente_id)
    if gemeente is None or gemeente.kind != OrganisationKind.GEMEENTE:
        raise SignupError(_("Kies uw gemeente."), "gemeente")
    adults = [a for a in data.adults if a.name.strip()]
    if not adults:
        raise SignupError(_("Vul de naam in van minstens één volwassene in uw huis."), "adults")
    if len(adults) > MAX_ADULTS:
        raise SignupError(_("Vul hoogstens vier volwassenen in."), "adults")
    if data.age_min > data.age_max:
        raise SignupError(_("De jongste leeftijd moet lager zijn dan de oudste."), "age_max")
    for codes, table, name in (
        (data.help_kinds, choices.HELP_KINDS, "help_kinds"),
        (data.days, choices.DAYS, "days"),
        (data.parts_of_day, choices.PARTS_OF_DAY, "parts_of_day"),
        (data.languages, choices.LANGUAGES, "languages"),
        (data.values_choices, choices.VALUES, "values_choices"),
        (data.food_choices, choices.FOOD, "food_choices"),
        (data.experience, choices.EXPERIENCE, "experience"),
    ):
        if not set(codes) <= set(table):
            raise SignupError(_("Kies uit de lijst."), name)
    return gemeente


def create_household(db: Session, data: SignupData) -> Household:
    """A sign-up from the aanmeldpunt: the household (aangemeld) and its adults, for the meldpunt of its gemeente.

    A pleeggezin or gezinshuis sign-up is sent to its organisation at once (doorgestuurd, by OnsPlan itself); the
    meldpunt still sees where it went. A steungezin or steunouder needs a meldpunt for its gemeente. The meldpunt's
    coordinators are told (a generic push). The caller commits."""
    gemeente = _check(db, data)
    meldpunt = meldpunt_for(db, gemeente)
    routed = route_for(db, data.kind, gemeente)
    if meldpunt is None and routed is None:
        raise SignupError(
            _("Voor deze gemeente is er nog geen meldpunt in OnsPlan. Vraag uw gemeente waar u zich kunt aanmelden."),
            "gemeente",
        )
    adults = [Adult(a.name.strip(), a.birth_year) for a in data.adults if a.name.strip()]
    household = Household(
        meldpunt_id=meldpunt.id if meldpunt else None,
        kind=data.kind,
        status=HouseholdStatus.AANGEMELD,
        contact_name=data.contact_name.strip(),
        email=normalise_email(data.email),
        phone=data.phone.strip(),
        street=data.street.strip(),
        postcode=_postcode(data.postcode),
        woonplaats=data.woonplaats.strip(),
        gemeente_id=gemeente.id,
        adults=[{"name": a.name, "birth_year": a.birth_year} for a in adults],
        children=[{"age": age} for age in data.children_ages],
        help_kinds=list(data.help_kinds),
        days=list(data.days),
        parts_of_day=list(data.parts_of_day),
        capacity=data.capacity,
        age_min=data.age_min,
        age_max=data.age_max,
        siblings_ok=data.siblings_ok,
        pick_up=data.pick_up,
        max_distance_km=data.max_distance_km,
        languages=list(data.languages),
        values_choices=list(data.values_choices),
        culture_note=data.culture_note.strip(),
        food_choices=list(data.food_choices),
        has_pets=data.has_pets,
        pets_note=data.pets_note.strip(),
        smoking=data.smoking,
        experience=list(data.experience),
        experience_note=data.experience_note.strip(),
        motivation=data.motivation.strip(),
    )
    db.add(household)
    db.flush()
    db.add_all(HouseholdAdult(household_id=household.id, name=a.name, birth_year=a.birth_year) for a in adults)
    if routed is not None:
        household.routed_to_id = routed.id
        household.routed_at = household.created_at
        move_household(db, household, HouseholdStatus.DOORGESTUURD, Actor.SYSTEM, None, note=routed.name)
    if meldpunt is not None:
        url = f"/meldpunt/vrijwilligers/{household.id}"
        outbox.enqueue(db, _coordinators(db, meldpunt.id), "steun", url, f"steun-aanmelding-{household.id}")
    db.flush()
    return household


def _postcode(value: str) -> str:
    """Dutch postcodes as people write them on letters: 5911 AB."""
    compact = "".join(value.split()).upper()
    if len(compact) == 6 and compact[:4].isdigit() and compact[4:].isalpha():
        return f"{compact[:4]} {compact[4:]}"
    return value.strip()[:10]


# --- the account, at the end -----------------------------------------------------------------------------------


def _links():
    return signed_serializer(current_app.config["SECRET_KEY"], "respite-account")


def issue_account_link(db: Session, household: Household) -> str:
    """A new link (older ones stop working) with which a steungezin or steunouder makes an account or links an
    existing one. The token is signed with its time (it works 14 days) and only its hash is stored (it works once).
    Returns the URL path."""
    if household.kind not in VOLUNTEER_KINDS or household.user_id is not None:
        raise SignupError(_("Deze aanmelding krijgt geen account."))
    token = _links().dumps({"h": household.id, "n": secrets.token_urlsafe(16)})
    household.account_token_hash = hash_token(token)
    db.add(household)
    return ACCOUNT_PATH + token


def mail_account_link(household: Household, path: str) -> None:
    """The mail with the link (in Dutch, the page itself offers every language). Send after the commit, inside the
    request (the link points to the site the sign-up came to)."""
    link = request.url_root.rstrip("/") + path
    with force_locale(current_app.config["BABEL_DEFAULT_LOCALE"]):
        send_mail(
            household.email,
            _("Uw aanmelding bij Steuntje in de rug"),
            _(
                "Beste %(name)s,\n\nDank u wel voor uw aanmelding als steungezin of steunouder. Een coördinator van "
                "het meldpunt belt u binnen twee weken voor een eerste gesprek.\n\nMet deze link maakt u uw account "
                "bij OnsPlan. Daar ziet u hoe het met uw aanmelding gaat. De link werkt 14 dagen en één keer:\n\n"
                "%(link)s\n\nHeeft u zich niet aangemeld? Dan hoeft u niets te doen. Uw gegevens worden dan niet "
                "gebruikt.",
                name=household.contact_name,
                link=link,
            ),
        )


def check_account_link(db: Session, token: str) -> Household:
    """The household behind a link while the link still works; otherwise `LinkInvalid` with the reason."""
    household = db.exec(select(Household).where(Household.account_token_hash == hash_token(token))).first()
    if household is None:
        raise LinkInvalid(
            _(
                "Deze link werkt niet meer: hij is al gebruikt, of er is een nieuwere. Heeft u al een account? Log dan in."
            )
        )
    try:
        data = _links().loads(token, max_age=int(ACCOUNT_LINK_VALID_FOR.total_seconds()))
    except BadData as error:
        raise LinkInvalid(
            _("Deze link is verlopen. Bel of mail het meldpunt, dan krijgt u een nieuwe link.")
        ) from error
    if not isinstance(data, dict) or data.get("h") != household.id or household.user_id is not None:
        raise LinkInvalid(_("Deze link werkt niet meer. Bel of mail het meldpunt, dan krijgt u een nieuwe link."))
    if household.status not in (HouseholdStatus.AANGEMELD, HouseholdStatus.SCREENING, HouseholdStatus.GOEDGEKEURD):
        raise LinkInvalid(_("Deze aanmelding is gestopt. Bel of mail het meldpunt als dat niet klopt."))
    return household


def address_has_account(db: Session, household: Household) -> bool:
    return user_by_email(db, household.email) is not None


def create_account(db: Session, token: str, *, password: str, confirm: str, language: str) -> User:
    """Someone whose address has no account yet chooses a password: a steungezin account, linked to the household.
    An address with an account is refused (log in and link instead): the link never sets an existing password."""
    household = check_account_link(db, token)
    if address_has_account(db, household):
        raise SignupError(_("Er is al een account met dit e-mailadres. Log in, dan kunt u uw aanmelding koppelen."))
    if language not in current_app.config["LANGUAGES"]:
        language = current_app.config["BABEL_DEFAULT_LOCALE"]
    user = User(name=household.contact_name, email=household.email, language=language)
    check_new_password(password, confirm, user)
    user.password_hash = passwords.hash_password(password)
    user.roles.append(UserRole(role=Role.STEUNGEZIN))
    db.add(user)
    db.flush()
    _link(db, household, user)
    return user


def link_account(db: Session, token: str, user: User) -> Household:
    """A logged-in person says yes: the sign-up is linked to this account (it gets the steungezin role). An account
    of a professional can't be a steungezin's account."""
    household = check_account_link(db, token)
    if user.is_professional:
        raise SignupError(
            _("Met een werkaccount kunt u geen steungezin zijn. Log uit en maak een eigen account met de link.")
        )
    if not user.has_role(Role.STEUNGEZIN):
        user.roles.append(UserRole(user_id=user.id, role=Role.STEUNGEZIN))
    _link(db, household, user)
    return household


def _link(db: Session, household: Household, user: User) -> None:
    household.user_id = user.id
    household.account_token_hash = None  # the link works once
    db.add(household)
