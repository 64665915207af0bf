"""JIM mentorship use-cases. Access goes through webapp/auth/policy.py; steps through webapp/mentors/workflow.py.

Plain functions taking the database session; the caller commits. Errors the user can fix raise `MentorError` with
a translated message; objects the user may not see raise 404; a step out of order raises `StepNotAllowed` (409).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import timedelta

from flask import current_app, url_for
from flask_babel import force_locale
from flask_babel import gettext as _
from itsdangerous import BadData
from sqlalchemy.orm import lazyload
from sqlmodel import Session, select
from werkzeug.exceptions import NotFound

from webapp.appointments import services as appointments
from webapp.auth import passwords, policy
from webapp.auth.forms import EMAIL_PATTERN
from webapp.auth.services import check_new_password, normalise_email, user_by_email
from webapp.auth.tokens import hash_token, new_token, signed_serializer
from webapp.clock import age_on, today, utcnow
from webapp.mail import mail_is_configured, send_mail
from webapp.mentors import reads, reviews, workflow
from webapp.mentors.workflow import Actor
from webapp.models import (
    OPEN_STATUSES,
    Family,
    FamilyMember,
    GoalSharing,
    MentorInvite,
    MentorRelation,
    Mentorship,
    MentorshipEvent,
    MentorshipStatus,
    Relation,
    Role,
    User,
    UserRole,
)
from webapp.notify import outbox
from webapp.plans.services import current_version, plan_of
from webapp.sharing.services import set_goal_sharing

S = MentorshipStatus
EMAIL_SHAPE = re.compile(EMAIL_PATTERN)
PHONE_SHAPE = re.compile(r"^\+?[0-9 ()-]{8,20}$")


class MentorError(ValueError):
    """A problem the user can fix; the message is translated. `field`: the form field it belongs to, if one."""

    def __init__(self, message: str, field: str | None = None) -> None:
        super().__init__(message)
        self.field = field


class LinkInvalid(Exception):
    """The invitation link does not exist, was used, or expired (answered 410 with `problem`)."""

    def __init__(self, problem: str) -> None:
        super().__init__(problem)
        self.problem = problem


@dataclass
class MentorshipView:
    mentorship: Mentorship
    family: Family
    youth: User
    mentor: User | None


# --- finding ---------------------------------------------------------------------------------------------------


def youth_family(db: Session, youth: User) -> Family | None:
    """The family in which this person is the youth (a youth belongs to one family in OnsPlan)."""
    return db.exec(
        select(Family)
        .join(FamilyMember, FamilyMember.family_id == Family.id)
        .where(FamilyMember.user_id == youth.id, FamilyMember.relation == Relation.JONGERE)
        .order_by(Family.id)
    ).first()


def open_for_youth(db: Session, youth: User) -> Mentorship | None:
    """Her mentorship in progress (nominated up to active), if any: there is at most one."""
    return db.exec(
        select(Mentorship).where(Mentorship.youth_id == youth.id, Mentorship.status.in_(OPEN_STATUSES))
    ).first()


def latest_for_youth(db: Session, youth: User) -> Mentorship | None:
    return db.exec(select(Mentorship).where(Mentorship.youth_id == youth.id).order_by(Mentorship.id.desc())).first()


def history(db: Session, mentorship: Mentorship) -> list[MentorshipEvent]:
    return list(
        db.exec(
            select(MentorshipEvent).where(MentorshipEvent.mentorship_id == mentorship.id).order_by(MentorshipEvent.id)
        )
    )


def get(db: Session, user: User, mentorship_id: int) -> MentorshipView:
    """The mentorship if this user may see it, else 404 (the same answer whether it exists or not)."""
    mentorship = db.get(Mentorship, mentorship_id)
    family = db.get(Family, mentorship.family_id) if mentorship else None
    youth = db.get(User, mentorship.youth_id) if mentorship else None
    if family is None or youth is None or not policy.can_view_mentorship(user, family, mentorship, youth, today()):
        raise NotFound()
    mentor = db.get(User, mentorship.mentor_id) if mentorship.mentor_id else None
    return MentorshipView(mentorship, family, youth, mentor)


def for_regisseur(
    db: Session, regisseur: User, statuses: tuple[MentorshipStatus, ...] = OPEN_STATUSES
) -> list[MentorshipView]:
    """Mentorships in the regisseur's families that are in progress: those waiting for a decision first.
    Lists show the family's name only, so its members are not loaded."""
    if not regisseur.has_role(Role.REGISSEUR):
        return []
    rows = db.exec(
        select(Mentorship, Family, User)
        .join(Family, Family.id == Mentorship.family_id)
        .join(User, User.id == Mentorship.youth_id)
        .where(Family.regisseur_id == regisseur.id, Mentorship.status.in_(statuses))
        .options(lazyload(Family.members), lazyload(Family.regisseur), lazyload(Family.gemeente))
        .order_by(Mentorship.status != S.GEACCEPTEERD, Mentorship.nominated_at)
    ).all()
    mentors = _users(db, {m.mentor_id for m, _f, _y in rows if m.mentor_id})
    return [MentorshipView(m, f, y, mentors.get(m.mentor_id)) for m, f, y in rows]


def for_mentor(db: Session, mentor: User) -> list[MentorshipView]:
    """The youths this person mentors (accepted or active)."""
    rows = db.exec(
        select(Mentorship, Family, User)
        .join(Family, Family.id == Mentorship.family_id)
        .join(User, User.id == Mentorship.youth_id)
        .where(Mentorship.mentor_id == mentor.id, Mentorship.status.in_((S.GEACCEPTEERD, S.ACTIEF)))
        .order_by(Mentorship.id)
    ).all()
    return [MentorshipView(m, f, y, mentor) for m, f, y in rows]


def to_support(db: Session, parent: User) -> list[MentorshipView]:
    """Nominations of youths under 16 whose choice this parent or foster parent is asked to support."""
    day = today()
    rows = db.exec(
        select(Mentorship, Family, User)
        .join(Family, Family.id == Mentorship.family_id)
        .join(FamilyMember, (FamilyMember.family_id == Family.id) & (FamilyMember.user_id == parent.id))
        .join(User, User.id == Mentorship.youth_id)
        .where(Mentorship.status.in_(OPEN_STATUSES), Mentorship.youth_id != parent.id)
    ).all()
    return [MentorshipView(m, f, y, None) for m, f, y in rows if policy.can_support_mentorship(parent, f, y, day)]


def _users(db: Session, ids: set[int]) -> dict[int, User]:
    if not ids:
        return {}
    return {u.id: u for u in db.exec(select(User).where(User.id.in_(ids)))}


# --- the youth: nominate, invite, withdraw ---------------------------------------------------------------------


def check_contact(contact: str) -> str:
    contact = contact.strip()
    if EMAIL_SHAPE.match(contact):
        return normalise_email(contact)
    if PHONE_SHAPE.match(contact) and sum(c.isdigit() for c in contact) >= 8:
        return contact
    raise MentorError(_("Vul een telefoonnummer (bijvoorbeeld 06 12345678) of een e-mailadres in."), "contact")


def nominate(
    db: Session, youth: User, *, name: str, relation: str, contact: str, motivation: str
) -> tuple[Mentorship, str]:
    """The youth names her mentor: the nomination and its first invitation link (the token, shown once)."""
    if not policy.can_nominate_mentor(youth, today()):
        raise NotFound()
    family = youth_family(db, youth)
    if family is None or family.regisseur_id is None:
        raise MentorError(_("Je hebt nog geen regisseur. Een regisseur moet je mentor goedkeuren."))
    if open_for_youth(db, youth) is not None:
        raise MentorError(_("Je hebt al een mentor, of er loopt al een uitnodiging. Stop die eerst."))
    if relation not in set(MentorRelation):
        raise MentorError(_("Kies wie deze persoon voor je is."), "relation")
    mentorship = Mentorship(
        youth_id=youth.id,
        family_id=family.id,
        gemeente_id=family.gemeente_id,
        status=S.GENOMINEERD,
        nominee_name=name.strip(),
        relation=relation,
        contact=check_contact(contact),
        motivation=motivation.strip(),
    )
    db.add(mentorship)
    db.flush()
    workflow.start(db, mentorship, youth)
    if policy.parents_must_support(youth, today()):
        carers = [m.user_id for m in family.members if policy.can_support_mentorship(m.user, family, youth, today())]
        outbox.enqueue(db, carers, "mentor", f"/mentoren/{mentorship.id}", f"mentor-{mentorship.id}")
    return mentorship, invite(db, youth, mentorship.id)


def invite(db: Session, youth: User, mentorship_id: int) -> str:
    """A new invitation link for her nominee (older links stop working). Mailed too when the contact is an e-mail
    address and mail is configured. Returns the token (only its hash is stored)."""
    mentorship = _own(db, youth, mentorship_id)
    workflow.move(db, mentorship, S.UITGENODIGD, Actor.YOUTH, youth)
    _expire_links(db, mentorship)
    token, token_hash = new_token()
    db.add(
        MentorInvite(
            mentorship_id=mentorship.id,
            token_hash=token_hash,
            expires_at=utcnow() + current_app.config["INVITE_VALID_FOR"],
        )
    )
    if EMAIL_SHAPE.match(mentorship.contact) and mail_is_configured():
        _mail_invitation(mentorship, youth, token)
    return token


def _mail_invitation(mentorship: Mentorship, youth: User, token: str) -> None:
    link = url_for("mentors.invitation", token=token, _external=True)
    with force_locale(current_app.config["BABEL_DEFAULT_LOCALE"]):
        send_mail(
            mentorship.contact,
            _("%(name)s vraagt of jij JIM-mentor wilt zijn", name=youth.first_name),
            _(
                "Hoi %(nominee)s,\n\n%(name)s heeft jou gekozen als JIM-mentor: een volwassene die %(name)s vertrouwt."
                "\nLees wat dat betekent en zeg ja of nee via deze link (7 dagen geldig, werkt één keer):\n\n%(link)s"
                "\n\nDe pagina is ook in het Engels, Arabisch, Turks, Pools en Oekraïens te lezen.",
                nominee=mentorship.nominee_name,
                name=youth.first_name,
                link=link,
            ),
        )


def withdraw(db: Session, youth: User, mentorship_id: int) -> Mentorship:
    """The youth stops before the mentorship started (no reason asked; nothing is held against her)."""
    mentorship = _own(db, youth, mentorship_id)
    workflow.move(db, mentorship, S.INGETROKKEN, Actor.YOUTH, youth)
    _expire_links(db, mentorship)
    return mentorship


def _own(db: Session, youth: User, mentorship_id: int) -> Mentorship:
    mentorship = db.get(Mentorship, mentorship_id)
    if mentorship is None or mentorship.youth_id != youth.id or not youth.active:
        raise NotFound()
    return mentorship


def _expire_links(db: Session, mentorship: Mentorship) -> None:
    now = utcnow()
    for link in db.exec(select(MentorInvite).where(MentorInvite.mentorship_id == mentorship.id)):
        if link.used_at is None and link.expires_at > now:
            link.expires_at = now
            db.add(link)


# --- the nominee: open the link, accept or decline -------------------------------------------------------------


def check_link(db: Session, token: str) -> tuple[MentorInvite, Mentorship, User]:
    link = db.exec(select(MentorInvite).where(MentorInvite.token_hash == hash_token(token))).first()
    if link is None:
        raise LinkInvalid(_("Deze uitnodiging bestaat niet. Controleer de link of vraag om een nieuwe."))
    mentorship = db.get(Mentorship, link.mentorship_id)
    if link.used_at is not None:
        raise LinkInvalid(_("Deze uitnodiging is al gebruikt. Heb je ja gezegd? Log dan in met je account."))
    if link.expires_at <= utcnow() or mentorship is None or mentorship.status != S.UITGENODIGD:
        raise LinkInvalid(_("Deze uitnodiging werkt niet meer. Vraag de jongere om een nieuwe link."))
    return link, mentorship, db.get(User, mentorship.youth_id)


def accept(db: Session, token: str, mentor: User) -> Mentorship:
    """The nominee says yes with an account (existing, or just made by `create_mentor_account`)."""
    link, mentorship, _youth = check_link(db, token)
    family = db.get(Family, mentorship.family_id)
    if mentor.id == mentorship.youth_id or family.member_for(mentor.id) is not None:
        raise MentorError(_("Je hoort bij het gezin van deze jongere. Een JIM-mentor komt van buiten het gezin."))
    if mentor.is_professional:
        raise MentorError(_("Een JIM-mentor komt uit het eigen netwerk, niet uit de hulpverlening."))
    if mentor.has_role(Role.JONGERE) or (mentor.birth_date and age_on(mentor.birth_date, today()) < 18):
        raise MentorError(_("Een JIM-mentor is een volwassene. Met een account voor jongeren kun je geen mentor zijn."))
    link.used_at = utcnow()
    db.add(link)
    mentorship.mentor_id = mentor.id
    if not mentor.has_role(Role.MENTOR):
        mentor.roles.append(UserRole(user_id=mentor.id, role=Role.MENTOR))
    workflow.move(db, mentorship, S.GEACCEPTEERD, Actor.NOMINEE, mentor)
    outbox.enqueue(db, [mentorship.youth_id], "mentor", "/mentor", f"mentor-{mentorship.id}")
    outbox.enqueue(db, [family.regisseur_id], "mentor", f"/mentoren/{mentorship.id}", f"mentor-{mentorship.id}")
    return mentorship


SIGNUP_VALID_FOR = timedelta(days=1)


@dataclass(frozen=True)
class Signup:
    """What a nominee without a login typed, carried by the link mailed to that address."""

    name: str
    email: str
    language: str


def _signups():
    return signed_serializer(current_app.config["SECRET_KEY"], "mentor-signup")


def ask_for_account(db: Session, token: str, *, name: str, email: str, language: str) -> str:
    """A nominee without a login said yes: mail the address typed, and answer the same whatever it holds.

    A free address gets a link to choose a password (the account is made only then, so it is a real address
    of the nominee); an address that already has an account gets a notice to log in instead (without the
    invitation: whoever typed it may not own it). Returns the normalised address for the answer."""
    link, _mentorship, youth = check_link(db, token)
    email = normalise_email(email)
    if user_by_email(db, email) is None:
        signup = _signups().dumps({"i": link.id, "n": name.strip(), "e": email, "l": language})
        url = url_for("mentors.new_account", token=token, signup=signup, _external=True)
        send_mail(
            email,
            _("Maak je account bij OnsPlan"),
            _(
                "Je zei ja tegen %(name)s: je wilt JIM-mentor zijn. Open deze link om een wachtwoord te kiezen. "
                "Dan is je ja klaar. De link werkt één dag:\n%(link)s\n\nHeb jij dit niet gedaan? Dan hoef je "
                "niets te doen.",
                name=youth.first_name,
                link=url,
            ),
        )
    else:
        send_mail(
            email,
            _("Je account bij OnsPlan"),
            _(
                "Iemand wilde met dit e-mailadres een account maken bij OnsPlan. Er is al een account met dit adres, "
                "dus er is niets veranderd.\n\nWas jij dit, omdat je JIM-mentor wilt worden? Open de uitnodiging "
                "dan opnieuw en kies 'Log dan eerst in'. Was jij het niet? Dan hoef je niets te doen."
            ),
        )
    return email


def _link_problem() -> LinkInvalid:
    return LinkInvalid(_("Deze link werkt niet meer. Open de uitnodiging opnieuw en vul je gegevens nog een keer in."))


def signup_for(db: Session, token: str, signup: str) -> Signup:
    """The details a mailed link carries, while the invitation is open and the address still free."""
    link, _mentorship, _youth = check_link(db, token)
    try:
        data = _signups().loads(signup, max_age=int(SIGNUP_VALID_FOR.total_seconds()))
    except BadData as error:
        raise _link_problem() from error
    if not isinstance(data, dict) or data.get("i") != link.id:
        raise _link_problem()
    name, email, language = data.get("n"), data.get("e"), data.get("l")
    if not all(isinstance(value, str) and value for value in (name, email, language)):
        raise _link_problem()
    if user_by_email(db, email) is not None:
        raise _link_problem()
    if language not in current_app.config["LANGUAGES"]:
        language = current_app.config["BABEL_DEFAULT_LOCALE"]
    return Signup(name=name, email=email, language=language)


def create_mentor_account(db: Session, details: Signup, *, password: str, confirm: str) -> User:
    """The account of a nominee who opened the mailed link (`details` from `signup_for`; the password is checked
    against the same rules as everyone's)."""
    user = User(name=details.name, email=details.email, language=details.language)
    check_new_password(password, confirm, user)
    user.password_hash = passwords.hash_password(password)
    db.add(user)
    db.flush()
    return user


def decline_invitation(db: Session, token: str) -> Mentorship:
    """The nominee says no; the youth hears it kindly and may choose someone else."""
    link, mentorship, _youth = check_link(db, token)
    link.used_at = utcnow()
    db.add(link)
    workflow.move(db, mentorship, S.AFGEWEZEN, Actor.NOMINEE, None)
    outbox.enqueue(db, [mentorship.youth_id], "mentor", "/mentor", f"mentor-{mentorship.id}")
    return mentorship


# --- parents and regisseur ---------------------------------------------------------------------------------------


def support(db: Session, parent: User, mentorship_id: int, supports: bool) -> Mentorship:
    view = get(db, parent, mentorship_id)
    if not policy.can_support_mentorship(parent, view.family, view.youth, today()):
        raise NotFound()
    if view.mentorship.status not in OPEN_STATUSES or view.mentorship.status == S.ACTIEF:
        raise workflow.StepNotAllowed("support after the decision")
    view.mentorship.parents_support = supports
    view.mentorship.parents_answered_by_id = parent.id
    db.add(view.mentorship)
    outbox.enqueue(db, [view.family.regisseur_id], "mentor", f"/mentoren/{mentorship_id}", f"mentor-{mentorship_id}")
    return view.mentorship


def _decidable(db: Session, regisseur: User, mentorship_id: int) -> MentorshipView:
    view = get(db, regisseur, mentorship_id)
    if not policy.can_decide_mentorship(regisseur, view.family):
        raise NotFound()
    return view


def approve(db: Session, regisseur: User, mentorship_id: int) -> Mentorship:
    """The regisseur approves: the mentorship is active and its first review is proposed two months ahead."""
    view = _decidable(db, regisseur, mentorship_id)
    mentorship = view.mentorship
    if policy.parents_must_support(view.youth, today()) and mentorship.parents_support is not True:
        raise MentorError(_("De ouders steunen deze keuze nog niet. Praat eerst met het gezin."))
    workflow.move(db, mentorship, S.ACTIEF, Actor.REGISSEUR, regisseur)
    db.flush()
    reviews.plan_next_review(db, mentorship)
    _tell(db, mentorship, [mentorship.youth_id, mentorship.mentor_id])
    return mentorship


def decline(db: Session, regisseur: User, mentorship_id: int, reason: str) -> Mentorship:
    """The regisseur declines, with a reason the youth reads (asked in friendly words on the form)."""
    view = _decidable(db, regisseur, mentorship_id)
    reason = reason.strip()
    if not reason:
        raise MentorError(_("Schrijf in een paar vriendelijke woorden waarom. De jongere leest dit."))
    workflow.move(db, view.mentorship, S.AFGEWEZEN, Actor.REGISSEUR, regisseur)
    view.mentorship.decline_reason = reason
    _tell(db, view.mentorship, [view.mentorship.youth_id, view.mentorship.mentor_id])
    return view.mentorship


def end(db: Session, user: User, mentorship_id: int) -> Mentorship:
    """End an active mentorship (the youth at any time; the mentor or the regisseur too). Its future
    appointments are cancelled and their participants told."""
    view = get(db, user, mentorship_id)
    mentorship = view.mentorship
    if not policy.can_end_mentorship(user, view.family, mentorship):
        raise NotFound()
    if user.id == mentorship.youth_id:
        actor = Actor.YOUTH
    elif user.id == mentorship.mentor_id:
        actor = Actor.NOMINEE
    else:
        actor = Actor.REGISSEUR
    workflow.move(db, mentorship, S.BEEINDIGD, actor, user)
    appointments.cancel_for_mentorship(db, mentorship, by=user)
    _tell(db, mentorship, {mentorship.youth_id, mentorship.mentor_id, view.family.regisseur_id} - {user.id})
    return mentorship


def _tell(db: Session, mentorship: Mentorship, user_ids) -> None:
    """Notify these people of a step, each with a link to a page they may open: the youth her own page; the mentor
    the mentorship while he may see it, else his list; anyone else (the regisseur) the mentorship."""
    for user_id in sorted(set(user_ids) - {None}):
        if user_id == mentorship.youth_id:
            url = "/mentor"
        elif user_id == mentorship.mentor_id and mentorship.status not in (S.GEACCEPTEERD, S.ACTIEF):
            url = "/mentoren"
        else:
            url = f"/mentoren/{mentorship.id}"
        outbox.enqueue(db, [user_id], "mentor", url, f"mentor-{mentorship.id}")


# --- what the mentor sees --------------------------------------------------------------------------------------


def shared_goal_ids(db: Session, youth_id: int) -> set[int]:
    rows = db.exec(select(GoalSharing.goal_id).where(GoalSharing.youth_id == youth_id, GoalSharing.with_mentor))
    return set(rows.all())


def goals_for(db: Session, viewer: User, view: MentorshipView) -> list[dict]:
    """The youth's own goals in the current plan version that she shares with her mentor (for the mentor: only
    those; for the youth and the regisseur: the same list, so they see what the mentor sees). The pages read them
    with `reads.goals_for`; both choose with `reads.goals_shared_in`."""
    version = current_version(db, plan_of(db, view.family))
    if version is None:
        return []
    shared = shared_goal_ids(db, view.youth.id)
    return reads.goals_shared_in(version.content, shared, viewer, view.mentorship, view.youth.id)


def own_goals_with_sharing(db: Session, youth: User, family: Family | None = None) -> list[tuple[dict, bool]]:
    """Her goals in the current plan version, each with whether her mentor sees it (for the choices on her page)."""
    family = family or youth_family(db, youth)
    version = current_version(db, plan_of(db, family)) if family else None
    if version is None:
        return []
    return reads.own_goals_in(version.content, youth.id, shared_goal_ids(db, youth.id))


def share_goal_with_mentor(db: Session, youth: User, goal_id: int, shared: bool) -> None:
    if goal_id not in {g["id"] for g, _s in own_goals_with_sharing(db, youth)}:
        raise NotFound()
    set_goal_sharing(db, youth, goal_id, with_mentor=shared)
