"""The two gates, walked from the route table (issue 16, build item 1).

1. The second factor: a professional who has given only her password reaches no route with data, not even of her
   own family: every route but the public ones and the three that set the factor up sends her to the second factor
   (GET and POST), and shows nothing of the family.
2. The beheer pages: every /beheer route refuses everyone but a beheerder (GET and POST), also the family's own
   people and its own regisseur, and a refused switch leaves the account as it was.
"""

from __future__ import annotations

import pytest
from sqlmodel import select

from tests.authz.routes import MissingFiller, Route, argument_sets, collected_routes, send, url
from tests.authz.world import ROLES, World
from webapp.models import AuthSession, User

ROUTES = collected_routes()

# What a professional may open before the second factor: setting it up, giving the code, logging out.
BEFORE_THE_SECOND_FACTOR = {"auth.totp_setup", "auth.totp_verify", "auth.logout"}
DATA_ROUTES = [r for r in ROUTES if not r.public and r.endpoint not in BEFORE_THE_SECOND_FACTOR]
BEHEER_ROUTES = [r for r in ROUTES if r.is_beheer]

# (who, where the gate sends her): B's own regisseur, enrolled but without today's code; a beheerder never enrolled.
WITHOUT_SECOND_FACTOR = {
    "regisseur_b_password_only": "/tweestaps/controle",
    "beheerder_not_enrolled": "/tweestaps/instellen",
}


def _cases(world: World, route: Route, actor) -> list[dict]:
    try:
        return list(argument_sets(world, route, actor, own=False))
    except MissingFiller as missing:
        pytest.fail(str(missing))


def test_the_gates_have_routes_to_guard() -> None:
    assert len(DATA_ROUTES) > 50
    assert {r.method for r in BEHEER_ROUTES} == {"GET", "POST"}


@pytest.mark.parametrize("who", list(WITHOUT_SECOND_FACTOR))
@pytest.mark.parametrize("route", DATA_ROUTES, ids=[r.id for r in DATA_ROUTES])
def test_a_professional_without_the_second_factor_reaches_no_data(rolled_back: World, route: Route, who: str) -> None:
    world, actor = rolled_back, rolled_back.insiders[who]
    for arguments in _cases(world, route, actor):
        path = url(world, route, arguments)
        response = send(world, actor, route, path)
        seen = f"{route.method} {path} as {who}: HTTP {response.status_code} {response.headers.get('Location', '')}"
        assert response.status_code == 302, seen
        assert response.headers["Location"] == WITHOUT_SECOND_FACTOR[who], seen
        assert not world.b.leaked(response.get_data(as_text=True)), seen


def test_the_same_session_reaches_the_data_once_the_code_is_given(rolled_back: World) -> None:
    """The control: the refusals above come from the missing factor, not from a broken session or URL."""
    world, actor = rolled_back, rolled_back.insiders["regisseur_b_password_only"]
    path = f"/gezinnen/{world.b.family.id}/plan"
    assert actor.client(world.app).get(path).status_code == 302
    session = world.db.exec(select(AuthSession).where(AuthSession.user_id == actor.user.id)).all()
    for row in session:
        row.mfa_verified_at = row.created_at
        world.db.add(row)
    world.db.commit()
    page = actor.client(world.app).get(path)
    assert page.status_code == 200
    assert world.b.goals["child"].title in page.get_data(as_text=True)


BEHEER_OUTSIDERS = [role for role in ROLES if role != "beheerder"] + ["regisseur_b", "parent", "youth_17_sharing"]


def _actor(world: World, who: str):
    return world.actors.get(who) or world.insiders[who]


def _active(world: World, user_id: int) -> bool:
    world.db.expire_all()
    return world.db.get(User, user_id).active


@pytest.mark.parametrize("who", BEHEER_OUTSIDERS)
@pytest.mark.parametrize("route", BEHEER_ROUTES, ids=[r.id for r in BEHEER_ROUTES])
def test_only_a_beheerder_opens_the_beheer_pages(rolled_back: World, route: Route, who: str) -> None:
    world, actor = rolled_back, _actor(rolled_back, who)
    targets = {p.id for p in world.b.people.values()}
    for arguments in _cases(world, route, actor):
        path = url(world, route, arguments)
        response = send(world, actor, route, path)
        seen = f"{route.method} {path} as {who}: HTTP {response.status_code} {response.headers.get('Location', '')}"
        if actor.user is None:
            assert response.status_code == 302 and response.headers["Location"].startswith("/login"), seen
        else:
            assert response.status_code in (403, 404), seen
        assert not world.b.leaked(response.get_data(as_text=True)), seen
        if arguments.get("user_id") in targets:
            assert _active(world, arguments["user_id"]), f"{seen} switched the account off"


@pytest.mark.parametrize("route", BEHEER_ROUTES, ids=[r.id for r in BEHEER_ROUTES])
def test_the_beheerder_does_open_them(rolled_back: World, route: Route) -> None:
    """The control: the same requests work for a beheerder, so the refusals above are the rule, not a bad URL."""
    world, actor = rolled_back, rolled_back.actors["beheerder"]
    for arguments in _cases(world, route, actor):
        response = send(world, actor, route, url(world, route, arguments))
        assert response.status_code in (200, 302), (route.id, arguments, response.status_code)
        if route.method == "POST" and arguments.get("state") == "uit":
            assert not _active(world, arguments["user_id"])
