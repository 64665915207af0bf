"""The fuzzer's world: the demo story seeded inside the test transaction, every demo person logged in once.

Time stands still at the moment the world is built (sessions never go idle during a long run, and the TOTP code of
that moment logs each professional in once). Secret links (a JIM invitation, a family invitation, a password
reset, an e-mail confirmation) are made fresh for every example by `LINKS`, inside the example's savepoint.
"""

from __future__ import annotations

import base64
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, time, timedelta

import pyotp
from flask import Flask
from flask.testing import FlaskClient
from sqlalchemy import Connection
from sqlmodel import Session, select

from tests.conftest import browser
from tests.fuzz.pages import parse
from webapp.appointments import calendar
from webapp.appointments import services as appointments
from webapp.auth import email_change
from webapp.auth import services as auth_services
from webapp.content import sources as content_sources
from webapp.content.articles import services as articles
from webapp.demo.story import DEMO_PASSWORD, DEMO_PEOPLE, seed
from webapp.extensions import limiter
from webapp.families import joining
from webapp.families import services as families
from webapp.mail import mailer
from webapp.mentors import services as mentors
from webapp.messages import services as messages
from webapp.models import (
    Answer,
    Appointment,
    AppointmentKind,
    Family,
    Household,
    IdentityRequest,
    MentorRelation,
    Organisation,
    OrganisationKind,
    PeerMember,
    PeerWord,
    Plan,
    PlanVersion,
    Relation,
    RequestKind,
    RespiteMatch,
    RespiteRequest,
    Role,
    User,
    UserRole,
    ZrmDomain,
    ZrmScore,
)
from webapp.models.content import Article
from webapp.models.peers import PeerExpertInvite
from webapp.notify import services as notify
from webapp.owndata import services as owndata
from webapp.plans import services as plans
from webapp.respite.followup import services as followup
from webapp.respite.matches import services as respite_matches
from webapp.respite.matching import services as matching
from webapp.respite.requests import services as respite_requests
from webapp.respite.signup import services as signup


@dataclass
class Actor:
    """A person with a logged-in browser (or a visitor who is not logged in: `user_id` None)."""

    key: str
    user_id: int | None
    language: str
    cookie: dict = field(default_factory=dict)
    csrf: str = ""

    def client(self, app: Flask) -> FlaskClient:
        return browser(app, self.cookie)


@dataclass
class World:
    app: Flask
    db: Session
    connection: Connection
    now: datetime
    actors: dict[str, Actor]
    users: dict[str, User]
    families: dict[str, Family]


def _remember(app: Flask, client: FlaskClient, actor: Actor) -> Actor:
    page = client.get("/account" if actor.user_id else "/login")
    actor.csrf = parse("/", page.get_data(as_text=True)).csrf
    assert actor.csrf, f"no CSRF token for {actor.key}"
    with client.session_transaction() as session:
        actor.cookie = dict(session)
    return actor


def log_in(app: Flask, user: User, key: str, now: datetime) -> Actor:
    limiter.reset()  # every demo person logs in from the same test address, more often than the login limit allows
    client = app.test_client()
    token = parse("/login", client.get("/login").get_data(as_text=True)).csrf
    response = client.post("/login", data={"email": user.email, "password": DEMO_PASSWORD, "csrf_token": token})
    assert response.status_code == 302, f"{key} could not log in: {response.status_code}"
    if user.totp_secret:
        code = pyotp.TOTP(user.totp_secret).at(now)
        token = parse("/", client.get("/tweestaps/controle").get_data(as_text=True)).csrf  # a new one after login
        response = client.post("/tweestaps/controle", data={"code": code, "csrf_token": token})
        assert response.status_code == 302, f"{key} did not pass the two-step check: {response.status_code}"
    return _remember(app, client, Actor(key, user.id, user.language))


def build(app: Flask, db: Session, connection: Connection) -> World:
    now = datetime.now(UTC).replace(microsecond=0)
    app.config["ONSPLAN_FROZEN_NOW"] = now
    with app.app_context():
        seed(db)
    db.commit()
    users = {p.key: db.exec(select(User).where(User.name == p.name)).one() for p in DEMO_PEOPLE}
    found = {f.name: f for f in db.exec(select(Family)).unique().all()}
    actors = {key: log_in(app, user, key, now) for key, user in users.items() if user.email}
    actors["anonymous"] = _remember(app, app.test_client(), Actor("anonymous", None, "nl"))
    db.commit()
    world = World(app, db, connection, now, actors, users, found)
    _more_story(world)
    _informatie(world)
    return world


_P256DH = base64.urlsafe_b64encode(b"\x04" + bytes(range(64))).decode().rstrip("=")
_AUTH = base64.urlsafe_b64encode(bytes(range(16))).decode().rstrip("=")
PUSH_SUBSCRIPTION = {
    "endpoint": "https://fcm.googleapis.com/fcm/send/fuzz-1",
    "keys": {"p256dh": _P256DH, "auth": _AUTH},
}

# --- the world's state -------------------------------------------------------------------------------------------


def _more_story(world: World) -> None:
    """What the demo leaves out but some forms need: a proposed other time, a calendar feed, a push device, a
    'niet akkoord' to handle, a correction request, an open family invitation."""
    db, u = world.db, world.users
    with world.app.test_request_context():
        overleg = db.exec(select(Appointment).where(Appointment.kind == AppointmentKind.JIM_OVERLEG)).one()
        appointments.answer(
            db,
            u["karim"],
            overleg.id,
            Answer.ANDERE_TIJD,
            datetime.combine(overleg.starts_at.date() + timedelta(days=1), time(17, 0)),
        )
        calendar.new_feed(db, u["samira"])
        notify.save_subscription(db, u["samira"], notify.parse_subscription(PUSH_SUBSCRIPTION), "Firefox op Android")
        yilmaz = world.families["Yılmaz"]
        version = max(v.number for v in db.exec(select(PlanVersion).join(Plan).where(Plan.family_id == yilmaz.id)))
        plans.answer(db, u["ayse"], yilmaz.id, version, agrees=False, comment="Elif slaapt nog steeds slecht.")
        owndata.submit_request(
            db,
            u["samira"],
            family_id=world.families["Haddou"].id,
            kind=RequestKind.CORRECTIE.value,
            about="Mijn school",
            text="Ik zit niet meer op het ROC in Venlo.",
        )
        _invite(world, "Yılmaz", "Tante Yılmaz", "tante@example.test", Relation.OTHER, language="tr")
    db.commit()


def _informatie(world: World) -> None:
    """The articles of content/ (as `make run` loads them), and one 'Ik begrijp dit niet' for the redacteur to
    mark as read."""
    db = world.db
    with world.app.test_request_context():
        result = content_sources.sync_directory(db)
        slug = db.exec(select(Article.slug).order_by(Article.slug)).first()
        assert slug, result
        articles.article_not_understood(db, slug, "tr", "Bu cümleyi anlamadım")
    db.commit()


# --- scenarios: a state made fresh for every example ------------------------------------------------------------

# Forms that appear only in a state a one-time step ends (a secret link, a nomination waiting for its answer, an
# invitation to say yes to): per endpoint, who sees the form and a function that makes the state and returns the
# page the form is on. It runs inside the example's savepoint, so each example finds the state new.
Scenario = tuple[str, Callable[[World], str]]


def _nominate(world: World) -> tuple[int, str]:
    """Emre (15, no mentor yet) nominates his neighbour Ria Peeters: the mentorship and her invitation link."""
    mentorship, token = mentors.nominate(
        world.db,
        world.users["emre"],
        name="Ria Peeters",
        relation=MentorRelation.BUUR.value,
        contact="peeters@example.org",
        motivation="Zij helpt mij altijd met mijn fiets.",
    )
    return mentorship.id, token


def _jim_link(world: World) -> str:
    return f"/jim/{_nominate(world)[1]}"


def _jim_nominated(world: World) -> str:
    _nominate(world)
    return "/mentor"


def _jim_accepted(world: World) -> str:
    mentorship_id, token = _nominate(world)
    mentors.accept(world.db, token, world.users["peeters"])
    return f"/mentoren/{mentorship_id}"


def _jim_signup(world: World) -> str:
    """The link a nominee without an account gets by mail, to choose a password."""
    _id, token = _nominate(world)
    mentors.ask_for_account(world.db, token, name="Nieuwe Buur", email="buur@example.test", language="nl")
    found = re.search(r"/jim/[^/\s]+/account/\S+", mailer().sent[-1].body)
    assert found, "no sign-up link in the nominee's mail"
    return found.group(0)


def _invite(world: World, family: str, name: str, email: str, relation: Relation, language: str = "nl"):
    """Petra invites `name` into `family` (no birth date)."""
    return families.invite_to_family(
        world.db,
        world.users["petra"],
        world.families[family],
        name=name,
        email=email,
        relation=relation,
        birth_date=None,
        language=language,
    )


def _family_link(world: World) -> str:
    """Petra invites a new grandmother into the Yılmaz family."""
    result = _invite(world, "Yılmaz", "Oma Yılmaz", "oma@example.test", Relation.OTHER, language="tr")
    return f"/uitnodiging/{result.token}"


def _family_invitation(world: World) -> str:
    """Petra invites Karim (who has an account) into the Yılmaz family: he says yes or no on his page."""
    _invite(world, "Yılmaz", "Karim Haddou", "karim@example.org", Relation.OTHER)
    return "/uitnodigingen"


def _family_consent(world: World) -> str:
    """Emre (15) is invited into the Haddou family and says yes: his mother must agree."""
    _invite(world, "Haddou", "Emre Yılmaz", "emre@example.org", Relation.JONGERE)
    view = next(iter(joining.invitations_for(world.db, world.users["emre"])))
    joining.answer(world.db, world.users["emre"], view.invitation.id, yes=True)
    return "/uitnodigingen"


def _reset_link(world: World) -> str:
    return f"/wachtwoord-herstellen/{auth_services.password_reset_token(world.db, world.users['hendriks'])}"


def _email_link(world: World) -> str:
    """The link Samira gets at a new address she asked for (signed, no table: made as the app makes it)."""
    samira = world.users["samira"]
    token = email_change._serializer().dumps(
        {"u": samira.id, "e": "samira.nieuw@example.test", "f": email_change._fingerprint(samira)}
    )
    return f"/account/email/bevestigen/{token}"


def _earlier_zrm(world: World) -> str:
    """ZRM scores from before plan parts said whom they are about: the editor asks Petra to say it."""
    haddou = world.families["Haddou"]
    plan = world.db.exec(select(Plan).where(Plan.family_id == haddou.id)).first()
    for domain in ZrmDomain:
        world.db.add(
            ZrmScore(
                plan_id=plan.id,
                domain=domain.value,
                score=3,
                assessed_on=date(2024, 1, 10),
                assessed_by_id=world.users["petra"].id,
                about_unknown=True,
            )
        )
    return f"/gezinnen/{haddou.id}/plan/bewerken"


# --- Steuntje in de rug: the demo's respite story one step on -----------------------------------------------------


def _respite(db: Session, model, **where):
    return db.exec(select(model).filter_by(**where)).one()


def _elif_request(world: World) -> RespiteRequest:
    return _respite(world.db, RespiteRequest, family_id=world.families["Yılmaz"].id, status="zoeken")


def _smits_match(world: World) -> RespiteMatch:
    return _respite(world.db, RespiteMatch, status="akkoord")


def _proposed(world: World) -> int:
    """Sanne proposes the Peeters household for Elif (the shortlist's first)."""
    peeters = _respite(world.db, Household, contact_name="Ria Peeters")
    return matching.propose(world.db, world.users["coordinator"], _elif_request(world).id, peeters.id).id


def _proposal(world: World) -> str:
    return f"/steuntje/koppeling/{_proposed(world)}"


def _both_said_yes(world: World) -> str:
    """Both sides said yes to the proposal: the kennismaking, after which Sanne starts the trial."""
    match_id = _proposed(world)
    respite_matches.answer(world.db, world.users["peeters"], match_id, yes=True)
    respite_matches.answer(world.db, world.users["ayse"], match_id, yes=True)
    return f"/steuntje/verloop/{match_id}"


def _new_card(world: World) -> str:
    """Sanne changes the Smits family's afsprakenkaart: both must agree again."""
    match = _smits_match(world)
    respite_matches.write_card(
        world.db, world.users["coordinator"], match.id, {"days_times": "Elke vrijdag van 15.00 tot 20.00 uur."}
    )
    return f"/steuntje/koppeling/{match.id}/afspraken"


def _plan_suggested(world: World) -> str:
    """Linda taps "Toevoegen aan ons plan": Jeroen (the regisseur) takes the suggestion in."""
    match = _smits_match(world)
    respite_matches.add_to_plan(world.db, world.users["smits"], match.id)
    return f"/steuntje/koppeling/{match.id}/plan"


def _going_on(world: World) -> str:
    """The Smits trial's evaluation says go on (lopend): the six-monthly review comes next."""
    match = _smits_match(world)
    followup.record_evaluation(world.db, world.users["coordinator"], match.id, "doorgaan")
    return f"/steuntje/verloop/{match.id}"


def _draft(world: World) -> int:
    """Ayşe starts a second request and keeps it as a draft."""
    yilmaz = world.families["Yılmaz"]
    data = {"children": [world.users["emre"].id], "help_kinds": ["vakantie"], "times_note": "In de zomer"}
    return respite_requests.create_request(world.db, world.users["ayse"], yilmaz, data).id


def _draft_page(world: World) -> str:
    return f"/steuntje/{_draft(world)}"


def _draft_form(world: World) -> str:
    return f"/steuntje/{_draft(world)}/wijzigen"


def _account_link(world: World) -> str:
    """The link the Vermeulen sign-up gets to make its account (or link one)."""
    vermeulen = _respite(world.db, Household, contact_name="Henk Vermeulen")
    return signup.issue_account_link(world.db, vermeulen)


def _routing_organisation(world: World) -> str:
    """The beheerder's list of organisations that take pleeggezin sign-ups, with one in it."""
    world.db.add(Organisation(name="Pleegzorg Limburg", kind=OrganisationKind.PLEEGZORG, region="Noord-Limburg"))
    return "/beheer/organisaties"


def _second_moderator(world: World) -> User:
    other = User(name="Mila Tweede", email="mila.moderator@example.test", roles=[UserRole(role=Role.MODERATOR)])
    world.db.add(other)
    world.db.flush()
    return other


def _some_member(world: World) -> PeerMember:
    return world.db.exec(select(PeerMember).order_by(PeerMember.id)).first()


def _identity_asked_by_another(world: World) -> str:
    """A look-up another moderator asked for: the demo's moderator decides."""
    reason = "Zij noemde de school en de leeftijd van haar pleegdochter"
    asker = _second_moderator(world)
    world.db.add(IdentityRequest(member_id=_some_member(world).id, requested_by_id=asker.id, reason=reason))
    return "/moderatie/identiteit"


def _identity_approved(world: World) -> str:
    """The demo moderator's own look-up, approved by a second moderator: she may look once."""
    decider = _second_moderator(world)
    world.db.add(
        IdentityRequest(
            member_id=_some_member(world).id,
            requested_by_id=world.users["moderator"].id,
            reason="Hij schreef over weglopen en noemde zijn woonplaats",
            approved=True,
            decided_by_id=decider.id,
            decided_at=world.now,
        )
    )
    return "/moderatie/identiteit"


def _expert_invitation(world: World) -> str:
    """The moderator asked Ria Peeters to be an ervaringsdeskundige: she answers."""
    invite = PeerExpertInvite(
        user_id=world.users["peeters"].id,
        space="pleegouders",
        invited_by_id=world.users["moderator"].id,
        reason="Twintig jaar pleegmoeder",
    )
    world.db.add(invite)
    world.db.flush()
    return f"/moderatie/uitnodiging/{invite.id}"


def _added_word(world: World) -> str:
    world.db.add(
        PeerWord(list_name="crisis", language="nl", phrase="wegloopplan", added_by_id=world.users["moderator"].id)
    )
    return "/moderatie/woorden"


def _interpreter_asked(world: World) -> str:
    """Petra plans a talk with Ayşe next week and Ayşe asks for a Turkish interpreter (so Emre need not translate)."""
    ayse, family = world.users["ayse"], world.families["Yılmaz"]
    next_week = datetime.combine(world.now.date() + timedelta(days=7), time(10, 0))
    details = appointments.Details(kind="anders", starts_local=next_week, title="Gesprek over school", place="Venlo")
    talk = appointments.propose(world.db, world.users["petra"], family.id, details, [ayse.id])
    appointments.request_interpreter(world.db, ayse, talk.id, "tr")
    return f"/afspraken/{talk.id}"


def _push_offer_open(world: World) -> str:
    """Ayşe sent her first message: the family conversation offers notifications on her phone, once."""
    ayse = world.users["ayse"]
    ayse.push_offer = "open"
    world.db.add(ayse)
    family = next(s for s in messages.conversations(world.db, ayse) if s.conversation.kind == "gezin")
    return f"/berichten/{family.conversation.id}"


SCENARIOS: dict[str, Scenario] = {
    "mentors.accept": ("anonymous", _jim_link),
    "mentors.decline_invitation": ("anonymous", _jim_link),
    "mentors.new_account": ("anonymous", _jim_signup),
    "mentors.new_link": ("emre", _jim_nominated),
    "mentors.approve": ("petra", _jim_accepted),
    "mentors.decline": ("petra", _jim_accepted),
    "mentors.support": ("ayse", _jim_accepted),
    "joining.accept": ("anonymous", _family_link),
    "joining.answer": ("karim", _family_invitation),
    "joining.consent": ("ayse", _family_consent),
    "auth.reset_password": ("anonymous", _reset_link),
    "auth.confirm_email": ("samira", _email_link),
    "plan_editor.zrm_earlier": ("petra", _earlier_zrm),
    "admin.rename_organisation": ("beheer", _routing_organisation),
    "aanmelden.account": ("anonymous", _account_link),
    "aanmelden.link": ("karim", _account_link),
    "respite_requests.discard": ("ayse", _draft_page),
    "respite_requests.edit": ("ayse", _draft_form),
    "respite_matches.answer": ("ayse", _proposal),
    "respite_matches.withdraw": ("coordinator", _proposal),
    "respite_matches.agree": ("peeters", _new_card),
    "respite_matches.plan_suggestion": ("jeroen", _plan_suggested),
    "respite_followup.start_trial": ("coordinator", _both_said_yes),
    "respite_followup.review": ("coordinator", _going_on),
    "moderation.decide_identity": ("moderator", _identity_asked_by_another),
    "moderation.reveal_identity": ("moderator", _identity_approved),
    "moderation.answer_invitation": ("peeters", _expert_invitation),
    "moderation.remove_word": ("moderator", _added_word),
    "appointments.remove_interpreter": ("ayse", _interpreter_asked),
    "notify.answer_offer": ("ayse", _push_offer_open),
}


def set_the_scene(world: World, endpoint: str) -> str:
    """Make the scenario of `endpoint` in the current savepoint; the path of the page its form is on."""
    _actor, make = SCENARIOS[endpoint]
    with world.app.test_request_context():
        page = make(world)
    world.db.commit()
    return page
