"""Builders for the plan tests: one family with a youth in each age band, her parents and a published plan.

Time is frozen at NOW in every test that builds a `PlanWorld`, so ages and due dates are fixed: Sara turns 18 on
2027-06-01, Noah is 14, Lina is 10. Services are called inside a request context (the frozen clock, translated
messages); pages are fetched with a `Visitor`, a logged-in test client that keeps its CSRF token.
"""

from __future__ import annotations

import itertools
import re
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta
from html import unescape
from typing import Any

import pyotp
from flask import Flask
from flask.testing import FlaskClient
from sqlalchemy import event
from sqlmodel import Session

from tests.conftest import csrf_token, freeze_time, post_form
from tests.factories import PASSWORD, make_family, make_regisseur, make_user
from webapp.auth.tokens import new_token
from webapp.db import database
from webapp.models import AuthSession, Family, Goal, GoalStatus, PlanVersion, Relation, Role, User, ZrmDomain
from webapp.plans import drafting, services
from webapp.sharing import services as sharing

NOW = datetime(2027, 3, 1, 10, 0, tzinfo=UTC)
TODAY = NOW.date()
HTMX = {"HX-Request": "true"}

_addresses = itertools.count(1)


def born(years: int, *, days: int = 100, on: date = TODAY) -> date:
    """A birth date: `years` old on `on`, the last birthday `days` ago (negative: the next one is that far away)."""
    try:
        birthday = on.replace(year=on.year - years)
    except ValueError:  # 29 February
        birthday = on.replace(year=on.year - years, day=28)
    return birthday - timedelta(days=days)


@dataclass
class Visitor:
    """A logged-in browser: one login (argon2 is slow), one CSRF token for every form it sends."""

    client: FlaskClient
    user: User
    token: str

    def get(self, path: str, *, htmx: bool = False, **kwargs):
        return self.client.get(path, headers=HTMX if htmx else None, **kwargs)

    def post(self, path: str, data: dict | None = None, *, htmx: bool = False, **kwargs):
        return self.client.post(
            path, data={**(data or {}), "csrf_token": self.token}, headers=HTMX if htmx else None, **kwargs
        )

    def text(self, path: str, *, htmx: bool = False) -> str:
        response = self.get(path, htmx=htmx)
        assert response.status_code == 200, (path, response.status_code)
        return response.get_data(as_text=True)


def open_session(app: Flask, client: FlaskClient, user: User, moment: datetime, *, second_factor: bool = True) -> None:
    """Log `client` in as `user` the way the login form does, without argon2: an `AuthSession` row opened at
    `moment` (the second factor done for a professional unless `second_factor` is False), its token in the cookie."""
    token, token_hash = new_token()
    with database(app).sessionmaker() as session:
        session.add(
            AuthSession(
                token_hash=token_hash,
                user_id=user.id,
                created_at=moment,
                last_seen_at=moment,
                mfa_verified_at=moment if user.is_professional and second_factor else None,
            )
        )
        session.commit()
    with client.session_transaction() as cookie:
        cookie["_user_id"] = token
        cookie["_fresh"] = True


def sign_in(app: Flask, user: User, *, via_form: bool = False, password: str = PASSWORD) -> Visitor:
    """A browser logged in as `user`, from an address of its own (the login limit counts per address).

    By default the server-side session is opened directly, the way the login form does it (an `AuthSession` row,
    its token in flask-login's cookie, the second factor done for professionals): argon2 costs ~0.7 s a login and
    the login forms have their own tests. `via_form=True` goes through /login and /tweestaps/controle instead,
    with the TOTP code of the (possibly frozen) app clock.
    """
    client = app.test_client()
    number = next(_addresses)
    client.environ_base["REMOTE_ADDR"] = f"10.1.{number // 250 % 250}.{number % 250 + 1}"
    moment = app.config.get("ONSPLAN_FROZEN_NOW") or datetime.now(UTC)
    if via_form:
        response = post_form(client, "/login", {"email": user.email, "password": password})
        assert response.status_code == 302, f"login of {user.email} failed"
        if user.is_professional:
            response = post_form(client, "/tweestaps/controle", {"code": pyotp.TOTP(user.totp_secret).at(moment)})
            assert response.status_code == 302, f"second factor of {user.email} failed"
    else:
        open_session(app, client, user, moment)
    return Visitor(client, user, csrf_token(client, "/account"))  # /account needs the login: proves it worked


def call(app: Flask, db: Session, function: Callable[..., Any], *args: Any, **kwargs: Any) -> Any:
    """Call a service with the test's session in a request context (frozen clock, translated messages), commit."""
    db.expire_all()  # pages may have changed rows since this session last looked
    with app.test_request_context():
        result = function(db, *args, **kwargs)
        db.commit()
    return result


@contextmanager
def counted_queries(app: Flask) -> Iterator[list[str]]:
    """The SQL statements run inside the block (savepoint bookkeeping left out)."""
    statements: list[str] = []

    def record(_conn, _cursor, statement, _parameters, _context, _executemany) -> None:
        if not statement.lstrip().upper().startswith(("SAVEPOINT", "RELEASE", "ROLLBACK TO")):
            statements.append(statement)

    engine = database(app).engine
    event.listen(engine, "before_cursor_execute", record)
    try:
        yield statements
    finally:
        event.remove(engine, "before_cursor_execute", record)


@dataclass
class PlanWorld:
    """Gezin De Vries with regisseur Petra, and gezin Bakker next door with regisseur Ruud.

    De Vries: Sara (16+, decides herself), Noah (14), Lina (10), mother Eva (ouder with gezag), father Tom (ouder
    without gezag), foster mother Ingrid (pleegouder). Bakker: Mila (17, shares everything) and her mother Anouk.
    """

    app: Flask
    db: Session
    petra: User
    ruud: User
    sara: User
    noah: User
    lina: User
    eva: User
    tom: User
    ingrid: User
    family: Family
    mila: User
    anouk: User
    other_family: Family
    outsider: User
    goals: dict[str, Goal] = field(default_factory=dict)

    # --- running services as someone ----------------------------------------------------------------------
    def run(self, function: Callable[..., Any], *args: Any, **kwargs: Any) -> Any:
        """Call a service as `call` does."""
        return call(self.app, self.db, function, *args, **kwargs)

    def goal(
        self, title: str, about: User | None = None, status: GoalStatus = GoalStatus.BUSY, family: Family | None = None
    ) -> Goal:
        family = family or self.family
        regisseur = self.petra if family is self.family else self.ruud
        return self.run(
            drafting.save_goal,
            regisseur,
            family.id,
            None,
            title=title,
            about_user_id=about.id if about else None,
            status=status,
            target_date=None,
        )

    def publish(self, summary: str = "Een nieuwe versie.", family: Family | None = None) -> PlanVersion:
        family = family or self.family
        regisseur = self.petra if family is self.family else self.ruud
        return self.run(drafting.publish, regisseur, family.id, summary)

    def share(self, youth: User, *, goals: bool = True, toekomstplan: bool = True) -> None:
        self.run(sharing.set_choice, youth, goals=goals, toekomstplan=toekomstplan)

    def share_goal(self, youth: User, goal: Goal, with_family: bool | None) -> None:
        self.run(sharing.set_goal_sharing, youth, goal.id, with_family=with_family, clear_family=with_family is None)

    def visible_goals(self, viewer: User) -> set[str]:
        """The goal titles `viewer` sees in the current version (raises NotFound like the page answers 404)."""
        shown = self.run(services.view_plan, viewer, self.family.id)
        return {goal["title"] for goal in shown.goals}

    def plan_url(self, family: Family | None = None) -> str:
        return f"/gezinnen/{(family or self.family).id}/plan"

    def editor_url(self, family: Family | None = None) -> str:
        return f"/gezinnen/{(family or self.family).id}/plan/bewerken"


GOAL_TITLES = {
    "family": "We eten elke dag samen",
    "eva": "Eva vindt werk voor drie dagen",
    "lina": "Lina leert zwemmen",
    "noah": "Noah gaat weer elke dag naar school",
    "sara_school": "Sara kiest een opleiding",
    "sara_feelings": "Sara praat met iemand over hoe ze zich voelt",
}


def build_world(app: Flask, db: Session, *, publish: bool = True) -> PlanWorld:
    """The two families, with every goal of GOAL_TITLES in De Vries' draft and (by default) version 1 published."""
    freeze_time(app, NOW)
    petra = make_regisseur(db, name="Petra Jansen")
    ruud = make_regisseur(db, name="Ruud Smit")
    sara = make_user(db, Role.JONGERE, name="Sara de Vries", birth_date=date(2009, 6, 1))  # 17; 18 on 2027-06-01
    noah = make_user(db, Role.JONGERE, name="Noah de Vries", birth_date=born(14))
    lina = make_user(db, Role.JONGERE, name="Lina de Vries", birth_date=born(10))
    eva = make_user(db, Role.OUDER, name="Eva de Vries")
    tom = make_user(db, Role.OUDER, name="Tom de Vries")
    ingrid = make_user(db, Role.PLEEGOUDER, name="Ingrid Mulder")
    family = make_family(
        db,
        petra,
        (sara, Relation.JONGERE),
        (noah, Relation.JONGERE),
        (lina, Relation.JONGERE),
        (eva, Relation.OUDER),
        (tom, Relation.OUDER),
        (ingrid, Relation.PLEEGOUDER),
        name="De Vries",
    )
    family.member_for(tom.id).has_authority = False  # Tom has no gezag
    db.commit()
    mila = make_user(db, Role.JONGERE, name="Mila Bakker", birth_date=born(17))
    anouk = make_user(db, Role.OUDER, name="Anouk Bakker")
    other_family = make_family(db, ruud, (mila, Relation.JONGERE), (anouk, Relation.OUDER), name="Bakker")
    outsider = make_user(db, Role.OUDER, name="Kees Vreemd")
    world = PlanWorld(
        app, db, petra, ruud, sara, noah, lina, eva, tom, ingrid, family, mila, anouk, other_family, outsider
    )
    about = {"family": None, "eva": eva, "lina": lina, "noah": noah, "sara_school": sara, "sara_feelings": sara}
    for key, title in GOAL_TITLES.items():
        world.goals[key] = world.goal(title, about[key])
    world.run(
        drafting.add_action,
        petra,
        family.id,
        what="Zwemles regelen",
        who="Eva",
        due_date=TODAY + timedelta(days=30),
        goal_id=world.goals["lina"].id,
    )
    world.run(
        drafting.add_action,
        petra,
        family.id,
        what="Afspraak bij de huisarts maken",
        who="Sara",
        due_date=TODAY + timedelta(days=10),
        goal_id=world.goals["sara_feelings"].id,
    )
    world.run(
        drafting.add_action,
        petra,
        family.id,
        what="Een weekrooster op de koelkast hangen",
        who="Tom",
        due_date=None,
        goal_id=None,
    )
    world.run(
        drafting.add_involved,
        petra,
        family.id,
        name="Jeugdarts Bos",
        role="jeugdarts",
        organisation="GGD Limburg-Noord",
        contact="",
    )
    world.run(drafting.record_zrm, petra, family.id, {ZrmDomain.FINANCIEN: 2, ZrmDomain.HUISVESTING: 4}, TODAY)
    world.goal("Mila zoekt een bijbaan", mila, family=other_family)
    if publish:
        world.publish("Het eerste plan.")
        world.publish("Het eerste plan van Mila.", family=other_family)
    return world


def page_text(html: str) -> str:
    """What a reader sees: tags removed, entities decoded, whitespace collapsed."""
    without_tags = re.sub(r"<[^>]+>", " ", re.sub(r"<(script|style)\b.*?</\1>", " ", html, flags=re.S))
    return " ".join(unescape(without_tags).split())


def checked(html: str, name: str) -> str | None:
    """The value of the checked radio button `name` in a page, if any."""
    for tag in re.findall(r"<input\b[^>]*>", html):
        if f'name="{name}"' in tag and re.search(r"\schecked[\s>=]", tag):
            found = re.search(r'value="([^"]*)"', tag)
            return found.group(1) if found else None
    return None
