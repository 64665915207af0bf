"""Two families, A and B, built alike through the real services: every role and every kind of object.

Every person and text of a family carries words of its own (B: the Zwanenburgs and their first names), collected in
`Family.secrets`, so a test can prove that no personal string of the other family reaches a page. A third family C
only gives "a regisseur of another family" a caseload of her own. Each side also has its own Steuntje in de rug
meldpunt, coordinator, volunteer households, requests and match (tests/authz/respite_world.py), and its peer members,
posts in every status, identity requests and plan translations (tests/authz/peers_world.py); side B has a moderator
of its own, A's is the matrix's moderator.

A youth under 12 has no account here (as in real life): she cannot make a request, so her name and the goal about
her are among the secrets; `youth-11` is a child of the same age band who was given an account, and acts.
"""

from __future__ import annotations

import itertools
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta
from typing import Any

import pyotp
from flask import Flask
from flask.testing import FlaskClient
from sqlmodel import Session, select

from tests.authz import peers_world, respite_world
from tests.conftest import CSRF_PATTERN, browser
from tests.factories import make_family, make_user
from tests.plan_factories import born, call, open_session
from webapp.appointments import calendar
from webapp.appointments import services as appointments
from webapp.auth.tokens import new_token
from webapp.families import services as families
from webapp.mentors import services as mentors
from webapp.messages import services as messages
from webapp.models import (
    Answer,
    Attachment,
    Conversation,
    ConversationKind,
    Family,
    Goal,
    GoalStatus,
    Invitation,
    Involved,
    Mentorship,
    Message,
    PasswordReset,
    PlanResponse,
    Relation,
    Role,
    User,
    ZrmDomain,
)
from webapp.models.toekomstplan import FutureDomain, FutureStep
from webapp.notify import services as notify
from webapp.owndata import services as owndata
from webapp.plans import drafting
from webapp.plans import services as plans
from webapp.sharing import services as sharing
from webapp.toekomstplan import services as toekomstplan
from webapp.toekomstplan.checklist import ITEMS

NOW = datetime(2027, 3, 1, 10, 0, tzinfo=UTC)  # a Monday; the clock is frozen here while the world exists
PNG = b"\x89PNG\r\n\x1a\n" + b"\x00\x00\x00\rIHDR" + b"\x00" * 64

# The words of each family: surname, then the first names of its people (all distinctive, none a Dutch word the
# pages use). A mentor and an invited person come from outside the family and get a surname of their own.
NAMES = {
    "A": {
        "surname": "Koperslager",
        "child": "Abeltje",
        "youth_11": "Aukelien",
        "youth_14": "Adriaan",
        "youth_17_sharing": "Annefleur",
        "youth_17_private": "Arendina",
        "parent": "Agaath",
        "foster": "Aletta",
        "mentor_active": "Ambrosius Appelhof",
        "mentor_ended": "Alwin Akkerstee",
        "mentor_pending": "Anselm Arendsoog",
        "invited": "Antonia Abspoel",
        "regisseur": "Adelheid Aalbersberg",
        "place": "Buurthuis Appelgaard",
    },
    "B": {
        "surname": "Zwanenburg",
        "child": "Bartholomea",
        "youth_11": "Berendina",
        "youth_14": "Bonifaas",
        "youth_17_sharing": "Brechtje",
        "youth_17_private": "Benthe",
        "parent": "Bertiena",
        "foster": "Baukje",
        "mentor_active": "Bastiaan Brouwerkamp",
        "mentor_ended": "Bram Bleekveld",
        "mentor_pending": "Boudewijn Bakkerstee",
        "invited": "Bruno Blokzijl",
        "regisseur": "Bernadette Bolkestein",
        "place": "Buurthuis Zwanenhof",
    },
}


@dataclass
class Household:
    """One family and everything in it; `secrets` are the strings no outsider may ever read."""

    letter: str
    family: Family
    people: dict[str, User]
    secrets: list[str] = field(default_factory=list)
    goals: dict[str, Goal] = field(default_factory=dict)
    ids: dict[str, Any] = field(default_factory=dict)  # object ids (and the version number), by name
    tokens: dict[str, str] = field(default_factory=dict)  # the family's secret links that no longer work
    # Secrets a moderator reads by design (peer posts not published, notes, reasons): nobody else ever does.
    moderated: list[str] = field(default_factory=list)

    def keep(self, *texts: str) -> None:
        self.secrets.extend(t for t in texts if t)

    def leaked(self, text: str, *, moderator: bool = False) -> list[str]:
        secrets = [t for t in self.secrets if t not in self.moderated] if moderator else self.secrets + self.moderated
        return sorted({secret for secret in secrets if secret in text})


@dataclass
class Actor:
    """A role that makes requests: its account (None: anonymous) and the saved browser session to start from."""

    role: str
    user: User | None
    cookie: dict[str, Any] = field(default_factory=dict)
    csrf: str = ""

    def client(self, app: Flask) -> FlaskClient:
        return browser(app, self.cookie)


@dataclass
class World:
    app: Flask
    db: Session
    families: dict[str, Household]
    professionals: dict[str, User]
    actors: dict[str, Actor] = field(default_factory=dict)
    connection: Any = None  # the test connection, for a savepoint per test
    insiders: dict[str, Actor] = field(default_factory=dict)  # family B's own people, to prove the secrets show

    @property
    def a(self) -> Household:
        return self.families["A"]

    @property
    def b(self) -> Household:
        return self.families["B"]

    def run(self, function, *args: Any, **kwargs: Any) -> Any:
        return call(self.app, self.db, function, *args, **kwargs)


# The roles of the matrix, each from family A's side (the objects attacked are family B's). None: anonymous.
ROLES: dict[str, str | None] = {
    "anonymous": None,
    "youth-11": "youth_11",
    "youth-14": "youth_14",
    "youth-17-sharing": "youth_17_sharing",
    "youth-17-not-sharing": "youth_17_private",
    "parent-with-authority": "parent",
    "foster-parent": "foster",
    "mentor-active": "mentor_active",
    "mentor-ended": "mentor_ended",
    "steungezin": "steungezin",
    "regisseur-of-this-family": "regisseur_a",
    "regisseur-of-another-family": "regisseur_c",
    "coordinator": "coordinator",
    "moderator": "moderator",
    "redacteur": "redacteur",
    "beheerder": "beheerder",
}


# Side B's own Steuntje in de rug people (tests/authz/respite_world.py), logged in as insiders.
RESPITE_INSIDERS = ("coordinator", "steungezin", "second_household")


def build(app: Flask, db: Session) -> World:
    """The whole world, then one saved login per role."""
    professionals = {
        "regisseur_a": make_user(db, Role.REGISSEUR, name=NAMES["A"]["regisseur"], totp_secret=pyotp.random_base32()),
        "regisseur_b": make_user(db, Role.REGISSEUR, name=NAMES["B"]["regisseur"], totp_secret=pyotp.random_base32()),
        "regisseur_c": make_user(db, Role.REGISSEUR, name="Cornelia Cuypers", totp_secret=pyotp.random_base32()),
        "coordinator": make_user(db, Role.COORDINATOR, name="Coco Meldpunt", totp_secret=pyotp.random_base32()),
        "moderator": make_user(db, Role.MODERATOR, name="Mo Moderatie", totp_secret=pyotp.random_base32()),
        "beheerder": make_user(db, Role.BEHEERDER, name="Ben Beheer", totp_secret=pyotp.random_base32()),
        "redacteur": make_user(db, Role.REDACTEUR, name="Rita Redactie", totp_secret=pyotp.random_base32()),
    }
    make_family(
        db,
        professionals["regisseur_c"],
        (make_user(db, Role.JONGERE, name="Cas Cuypersveld", birth_date=born(15)), Relation.JONGERE),
        name="Cuypersveld",
    )
    world = World(app, db, {}, professionals)
    for letter in ("A", "B"):
        world.families[letter] = _family(world, letter, professionals[f"regisseur_{letter.lower()}"])
    steungezin = make_user(db, Role.STEUNGEZIN, name="Stijn Steunhuis")
    # Steuntje in de rug: A's coordinator and steungezin are the matrix's; B gets its own meldpunt and people.
    respite_world.build_side(world, world.a, professionals["coordinator"], steungezin)
    respite_world.build_side(world, world.b, None, None)
    # Vraag het een andere pleegouder and Informatie (tests/authz/peers_world.py): A's moderator is the matrix's.
    moderator_b = peers_world.build_moderator_b(world)
    peers_world.build_side(world, world.a, professionals["moderator"], moderator_b)
    peers_world.build_side(world, world.b, moderator_b, professionals["moderator"])
    peers_world.build_content(world)
    people = {**world.a.people, **professionals, "steungezin": steungezin}
    for role, key in ROLES.items():
        world.actors[role] = _login(app, role, people[key] if key else None)
    for key in ("regisseur_b", "moderator_b", "youth_17_sharing", "parent", "mentor_active", "foster", "peer_expert"):
        user = professionals[key] if key in professionals else world.b.people[key]
        world.insiders[key] = _login(app, f"{key} of B", user)
    for letter, key in itertools.product("ab", RESPITE_INSIDERS):
        if (letter, key) != ("a", "coordinator"):  # A's coordinator is the matrix's coordinator actor
            user = world.families[letter.upper()].people[key]
            world.insiders[f"{key}_{letter}"] = _login(app, f"{key} of {letter.upper()}", user)
    # Professionals with only their password: B's own regisseur (enrolled, no code given yet) and a beheerder who
    # never enrolled. The gate must hold them back even from what they may see once the second factor is done.
    world.insiders["regisseur_b_password_only"] = _login(
        app, "regisseur of B, password only", professionals["regisseur_b"], second_factor=False
    )
    unenrolled = make_user(db, Role.BEHEERDER, name="Bo Zonder")
    world.insiders["beheerder_not_enrolled"] = _login(app, "beheerder not enrolled", unenrolled, second_factor=False)
    return world


def _family(world: World, letter: str, regisseur: User) -> Household:
    db, names = world.db, NAMES[letter]
    surname = names["surname"]
    domain = f"{surname.lower()}.test"

    def member(key: str, role: Role, birth: date | None = None, *, account: bool = True) -> User:
        return make_user(
            db,
            role,
            name=f"{names[key]} {surname}",
            email=f"{key}@{domain}" if account else None,
            birth_date=birth,
        )

    people = {
        "child": member("child", Role.JONGERE, born(9), account=False),
        "youth_11": member("youth_11", Role.JONGERE, born(11)),
        "youth_14": member("youth_14", Role.JONGERE, born(14)),
        "youth_17_sharing": member("youth_17_sharing", Role.JONGERE, born(17)),
        "youth_17_private": member("youth_17_private", Role.JONGERE, born(17, days=200)),
        "parent": member("parent", Role.OUDER),
        "foster": make_user(
            db, Role.PLEEGOUDER, name=f"{names['foster']} Pleegzorg{surname}", email=f"foster@{domain}"
        ),
        "invited": make_user(db, Role.OUDER, name=names["invited"], email=f"invited@{domain}", with_password=False),
    }
    for key in ("mentor_active", "mentor_ended", "mentor_pending"):
        people[key] = make_user(db, name=names[key], email=f"{key}@{domain}")
    relations = {"parent": Relation.OUDER, "foster": Relation.PLEEGOUDER, "invited": Relation.OUDER}
    family = make_family(
        db,
        regisseur,
        *((people[k], relations.get(k, Relation.JONGERE)) for k in people if not k.startswith("mentor")),
        name=surname,
    )
    found = Household(letter, family, people)
    found.keep(surname, names["place"], names["regisseur"])
    for person in people.values():
        found.keep(person.name, person.name.split()[0], person.email or "")
    _plan(world, found, regisseur)
    _toekomstplan(world, found)
    _mentorships(world, found, regisseur)
    _appointments(world, found, regisseur)
    _conversations(world, found, regisseur)
    _dead_links(world, found, regisseur)
    device = world.run(
        notify.save_subscription,
        people["parent"],
        notify.Subscription(f"https://fcm.googleapis.com/fcm/send/{letter}-device", "p" * 87, "a" * 22),
        "Telefoon",
    )
    found.ids["device"] = device.id
    about, text = f"Het verslag over {NAMES[letter]['youth_14']}", f"In het plan van {surname} staat een fout adres"
    request = world.run(
        owndata.submit_request, people["parent"], family_id=family.id, kind="correctie", about=about, text=text
    )
    found.ids["data_request"] = request.id
    found.keep(about, text)
    return found


def _plan(world: World, f: Household, regisseur: User) -> None:
    p, surname, family_id = f.people, NAMES[f.letter]["surname"], f.family.id
    first = {key: NAMES[f.letter][key] for key in ("child", "youth_14", "youth_17_sharing", "youth_17_private")}
    titles = {
        "family": (f"Gezin {surname} eet elke zondag samen", None),
        "parent": (f"{NAMES[f.letter]['parent']} vindt werk in de buurt", p["parent"]),
        "child": (f"{first['child']} leert zwemmen", p["child"]),
        "youth_14": (f"{first['youth_14']} gaat weer naar school", p["youth_14"]),
        "youth_17_sharing": (f"{first['youth_17_sharing']} kiest een opleiding", p["youth_17_sharing"]),
        "youth_17_private": (f"{first['youth_17_private']} praat over haar zorgen", p["youth_17_private"]),
    }
    for key, (title, about) in titles.items():
        f.goals[key] = world.run(
            drafting.save_goal,
            regisseur,
            family_id,
            None,
            title=title,
            about_user_id=about.id if about else None,
            status=GoalStatus.BUSY,
            target_date=None,
        )
        f.keep(title)
    situation = f"Situatie {surname}: de verhuizing was zwaar"
    agreements = f"Afspraak {surname}: elke maand een gesprek"
    world.run(
        drafting.update_basics, regisseur, family_id, situation=situation, agreements=agreements, next_evaluation=None
    )
    note = f"Notitie {surname}: vader is uit beeld"
    world.run(drafting.add_note, regisseur, family_id, f.goals["youth_14"].id, note)
    action = f"Weekrooster {surname} ophangen"
    f.ids["action"] = world.run(
        drafting.add_action,
        regisseur,
        family_id,
        what=action,
        who=first["youth_14"],
        due_date=None,
        goal_id=f.goals["youth_14"].id,
    ).id
    involved = f"Jeugdarts {surname}veld"
    world.run(
        drafting.add_involved, regisseur, family_id, name=involved, role="jeugdarts", organisation="GGD", contact=""
    )
    world.run(drafting.record_zrm, regisseur, family_id, {ZrmDomain.FINANCIEN: 2, ZrmDomain.JUSTITIE: 1}, NOW.date())
    summary = f"Eerste plan van gezin {surname}"
    f.ids["version"] = world.run(drafting.publish, regisseur, family_id, summary).number
    comment = f"{NAMES[f.letter]['parent']} is het niet eens met het rooster"
    world.run(plans.answer, p["parent"], family_id, f.ids["version"], agrees=False, comment=comment)
    f.ids["response"] = world.db.exec(select(PlanResponse.id).where(PlanResponse.user_id == p["parent"].id)).one()
    f.ids["involved"] = world.db.exec(select(Involved.id).where(Involved.name == involved)).one()
    f.keep(situation, agreements, note, action, involved, summary, comment)
    world.run(sharing.set_choice, p["youth_17_sharing"], goals=True, toekomstplan=True)
    world.run(sharing.set_choice, p["youth_17_private"], goals=False, toekomstplan=False)


def _toekomstplan(world: World, f: Household) -> None:
    youth, first = f.people["youth_17_sharing"], NAMES[f.letter]["youth_17_sharing"]
    want = f"{first} wil op kamers in {NAMES[f.letter]['surname']}stad"
    step = f"{first} vraagt DigiD aan"
    world.run(toekomstplan.save_domain, youth, youth.id, FutureDomain.WONEN, want_text=want, now_text=None)
    world.run(toekomstplan.add_step, youth, youth.id, FutureDomain.WONEN, what=step, owner=first, due=None)
    world.run(toekomstplan.set_checklist_item, youth, youth.id, ITEMS[0].key, True)
    f.ids["step"] = world.db.exec(select(FutureStep.id).where(FutureStep.what == step)).one()
    f.keep(want, step)


def _mentorships(world: World, f: Household, regisseur: User) -> None:
    """Active (the sharing 17-year-old), ended (the private one) and waiting for the parents (the 14-year-old)."""
    p = f.people

    def nominate(youth: str, mentor: str) -> tuple[Mentorship, str]:
        motivation = f"{NAMES[f.letter][youth]} vertrouwt deze persoon"
        f.keep(motivation)
        return world.run(
            mentors.nominate,
            p[youth],
            name=p[mentor].name,
            relation="oom_tante",
            contact=p[mentor].email,
            motivation=motivation,
        )

    active, token = nominate("youth_17_sharing", "mentor_active")
    world.run(mentors.accept, token, p["mentor_active"])
    world.run(mentors.approve, regisseur, active.id)
    f.tokens["jim_link"] = token  # used at acceptance: a dead link
    world.run(mentors.share_goal_with_mentor, p["youth_17_sharing"], f.goals["youth_17_sharing"].id, True)
    ended, token = nominate("youth_17_private", "mentor_ended")
    world.run(mentors.accept, token, p["mentor_ended"])
    world.run(mentors.approve, regisseur, ended.id)
    world.run(mentors.end, p["youth_17_private"], ended.id)
    pending, token = nominate("youth_14", "mentor_pending")
    world.run(mentors.accept, token, p["mentor_pending"])
    f.ids.update(mentorship=active.id, mentorship_ended=ended.id, mentorship_pending=pending.id)


def _appointments(world: World, f: Household, regisseur: User) -> None:
    p, place = f.people, NAMES[f.letter]["place"]
    jim = world.run(
        appointments.propose,
        regisseur,
        f.family.id,
        appointments.Details(kind="jim_overleg", starts_local=datetime(2027, 3, 10, 15, 0), place=place),
        [p["youth_17_sharing"].id, p["mentor_active"].id],
    )
    world.run(appointments.answer, p["youth_17_sharing"], jim.id, Answer.ANDERE_TIJD, datetime(2027, 3, 11, 16, 0))
    title = f"Gesprek met {NAMES[f.letter]['surname']} over school"
    other = world.run(
        appointments.propose,
        regisseur,
        f.family.id,
        appointments.Details(kind="anders", starts_local=datetime(2027, 3, 12, 9, 0), title=title, place=place),
        [p["parent"].id, p["foster"].id],
    )
    f.ids.update(appointment=jim.id, appointment_family=other.id, proposer=p["youth_17_sharing"].id)
    f.keep(title)


def _conversations(world: World, f: Household, regisseur: User) -> None:
    p, surname = f.people, NAMES[f.letter]["surname"]
    youth = p["youth_17_sharing"]
    world.run(messages.conversations, youth)
    world.run(messages.conversations, p["mentor_active"])
    mentorship = world.db.get(Mentorship, f.ids["mentorship"])
    world.run(messages.for_mentorship, youth, mentorship, f.family)
    rows = world.db.exec(
        select(Conversation).where(
            (Conversation.family_id == f.family.id) | (Conversation.mentorship_id == mentorship.id)
        )
    ).all()
    by_kind = {(c.kind, c.person_id): c.id for c in rows}
    f.ids["conversations"] = sorted(set(by_kind.values()))
    f.ids["family_conversation"] = by_kind[(ConversationKind.FAMILY, None)]
    writers = {
        ConversationKind.FAMILY: (p["parent"], f"Gezinsbericht {surname}: de auto is kapot"),
        ConversationKind.PRIVATE: (youth, f"Prive {surname}: ik wil niet naar huis"),
        ConversationKind.MENTOR: (p["mentor_active"], f"Mentorbericht {surname}: het gaat beter"),
        ConversationKind.JIM: (youth, f"Jim-bericht {surname}: zullen we bellen"),
    }
    for (kind, person_id), conversation_id in by_kind.items():
        author, body = writers[ConversationKind(kind)]
        if kind == ConversationKind.PRIVATE and person_id != youth.id:
            continue
        upload = (f"rapport-{surname}.png", PNG) if kind == ConversationKind.PRIVATE else None
        world.run(messages.send, author, conversation_id, body, f"{kind}-{f.letter}", upload)
        f.keep(body)
    f.keep(f"rapport-{surname}.png")
    f.ids["attachment"] = world.db.exec(
        select(Attachment.id)
        .join(Message, Message.id == Attachment.message_id)
        .where(Message.conversation_id.in_(f.ids["conversations"]))
    ).one()


def _dead_links(world: World, f: Household, regisseur: User) -> None:
    """Links that once worked and no longer do: a used invitation, a used reset link, a revoked calendar feed."""
    db, invited = world.db, f.people["invited"]
    token, token_hash = new_token()
    db.add(
        Invitation(
            token_hash=token_hash,
            family_id=f.family.id,
            created_by_id=regisseur.id,
            email=invited.email,
            name=invited.name,
            relation=Relation.OUDER,
            user_id=invited.id,
            expires_at=NOW - timedelta(days=1),
        )
    )
    f.tokens["invitation"] = token
    db.commit()
    invitee = f"{NAMES[f.letter]['invited']} Tweede"
    world.run(
        families.invite_to_family,
        regisseur,
        f.family,
        name=invitee,
        email=f"second-invite@{NAMES[f.letter]['surname'].lower()}.test",
        relation=Relation.PLEEGOUDER,
        birth_date=None,
        language="nl",
    )
    f.ids["invitations"] = sorted(db.exec(select(Invitation.id).where(Invitation.family_id == f.family.id)).all())
    f.keep(invitee)
    token, token_hash = new_token()
    db.add(PasswordReset(token_hash=token_hash, user_id=f.people["parent"].id, expires_at=NOW, used_at=NOW))
    f.tokens["reset"] = token
    db.commit()
    f.tokens["feed"] = world.run(calendar.new_feed, f.people["youth_17_sharing"])
    world.run(calendar.revoke, f.people["youth_17_sharing"])


def _login(app: Flask, role: str, user: User | None, *, second_factor: bool = True) -> Actor:
    """A server-side session opened the way the login form does (by default with the second factor done), and its
    CSRF token."""
    actor = Actor(role, user)
    client = app.test_client()
    if user is not None:
        open_session(app, client, user, NOW, second_factor=second_factor)
    page = client.get("/hulp")  # public: works for every role, and sets the CSRF secret in the cookie
    assert page.status_code == 200, (role, page.status_code)
    found = CSRF_PATTERN.search(page.get_data(as_text=True))
    assert found, f"no CSRF token for {role}"
    actor.csrf = found.group(1)
    with client.session_transaction() as cookie:
        actor.cookie = dict(cookie)
    return actor


__all__ = ["NOW", "ROLES", "Actor", "Household", "World", "build"]
