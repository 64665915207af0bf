"""Every rule of the route table × every role of family A × the objects of family B.

What each role must get:
- anonymous: a redirect to the login page on every route that is not public;
- a beheerder on the /beheer pages: the page or the change (that is her job; other roles: see test_gates.py);
- a moderator on the peer questions (every post of both spaces, the members, the identity requests: her job) and
  the redacteur on the editor: any answer but a server error (routes.by_design); what is the person's alone (her
  invitation, her posts, her flag, the name behind another moderator's look-up) is refused to them too;
- everyone on a route that names an object of family B (a URL parameter or the `gezin` query): 404 or 403 (or 410
  for a dead secret link), also when the URL puts family B's object inside the actor's own family or toekomstplan;
- everyone on a route without an object (home, inbox, account, public pages, dead secret links of family B): any
  answer but a server error;
and in every body (and redirect) not one personal string of family B: names, e-mail addresses, goal and action
texts, notes, messages, attachment names, appointment places and titles, toekomstplan texts.
"""

from __future__ import annotations

import itertools

import pytest

from tests.authz.routes import (
    QUERIES,
    MissingFiller,
    Route,
    argument_sets,
    by_design,
    collected_routes,
    routes_of,
    send,
    url,
)
from tests.authz.world import ROLES, World

ROUTES = collected_routes()
REFUSED = (403, 404)
GONE = 410  # a dead secret link may say it no longer works (it names no object by id)


def test_the_matrix_walks_the_route_table_of_the_app_under_test(app) -> None:
    assert {r.id for r in routes_of(app)} == {r.id for r in ROUTES}


@pytest.mark.parametrize("role", list(ROLES))
@pytest.mark.parametrize("route", ROUTES, ids=[r.id for r in ROUTES])
def test_no_role_of_family_a_reaches_family_b(rolled_back: World, route: Route, role: str) -> None:
    world, actor = rolled_back, rolled_back.actors[role]
    try:
        cases = list(argument_sets(world, route, actor))
    except MissingFiller as missing:
        pytest.fail(str(missing))
    # An <any(...)> parameter (a space of the peer questions) names no object: it picks one of a public few.
    objects = [name for name in route.arguments if name not in dict(route.choices)]
    names_an_object = (bool(objects) and not route.public) or route.endpoint in QUERIES
    # Objects are also asked for the way htmx asks for a partial: a view may answer those on a path of its own.
    variants = (False, True) if names_an_object else (False,)
    for arguments, htmx in itertools.product(cases, variants):
        path = url(world, route, arguments)
        response = send(world, actor, route, path, htmx=htmx)
        seen = f"{route.method} {path}{' (htmx)' if htmx else ''} as {role}: HTTP {response.status_code}"
        seen += f" {response.headers.get('Location', '')}"
        assert response.status_code < 500, seen
        if actor.user is None and not route.public:
            assert response.status_code == 302, seen
            assert response.headers["Location"].startswith("/login"), seen
        elif route.is_beheer and role == "beheerder":
            assert response.status_code in (200, 302), seen
            continue  # the accounts page lists everyone's name: that is what it is for
        elif by_design(route, role):
            pass  # the job's own objects: any answer but a server error, and what it shows is checked below
        elif names_an_object:
            refused = REFUSED + ((GONE,) if "token" in route.arguments else ())
            assert response.status_code in refused, seen
        body = response.get_data(as_text=True) + response.headers.get("Location", "")
        leaked = world.b.leaked(body, moderator=role == "moderator")
        assert not leaked, f"{seen} shows family B's {leaked}"


def _own_pages(world: World) -> list[tuple[str, str, set[str]]]:
    """Pages family B's own people open, with strings each must show (so the secrets are what pages print)."""
    b, ids = world.b, world.b.ids
    family, youth = b.family.id, b.people["youth_17_sharing"]
    return [
        ("regisseur_b", f"/gezinnen/{family}/plan", {b.goals["child"].title, b.goals["youth_17_sharing"].title}),
        ("regisseur_b", f"/afspraken/{ids['appointment']}", {"Buurthuis Zwanenhof"}),
        ("parent", f"/gezinnen/{family}", {"Bertiena Zwanenburg"}),
        ("parent", f"/berichten/{ids['family_conversation']}", {"Gezinsbericht Zwanenburg: de auto is kapot"}),
        ("youth_17_sharing", f"/toekomstplan/{youth.id}", {"Brechtje vraagt DigiD aan"}),
        ("mentor_active", f"/mentoren/{ids['mentorship']}", {b.goals["youth_17_sharing"].title}),
        # Steuntje in de rug (tests/authz/respite_world.py)
        (
            "parent",
            f"/steuntje/{ids['respite_searching']}",
            {"Zorgwens Zwaluwstaart zoeken: vaste tijden en een stille kamer"},
        ),
        (
            "coordinator_b",
            f"/meldpunt/aanvraag/{ids['respite_searching']}",
            {f"Intake Zwanenburg {ids['respite_searching']}: moeder is erg moe, Turks met tolk"},
        ),
        ("coordinator_b", f"/meldpunt/vrijwilligers/{ids['households'][1]}", {"Bonne Bruinsma", "Bertus Brakkee"}),
        ("steungezin_b", f"/steuntje/koppeling/{ids['match']}", {"Bertiena Zwanenburg", "06 2222 0009"}),
        ("parent", f"/steuntje/koppeling/{ids['match']}", {"Bouwina Biesterveld", "Biesterlaan 17"}),
        (
            "parent",
            f"/steuntje/koppeling/{ids['match']}/afspraken",
            {"Kaart Zwanenburg: elke derde zaterdag van tien tot vijf"},
        ),
        (
            "steungezin_b",
            f"/steuntje/verloop/checkin/{ids['checkin_household']}",
            {"Checkin Bouwina Biesterveld: het zwemmen ging goed"},
        ),
        # Vraag het een andere pleegouder and the plan in Turkish (tests/authz/peers_world.py)
        (
            "youth_17_sharing",
            f"/vragen/jongeren/{ids['peer_jongeren']['in_review']}",
            {"Vraag Zwaluwnest jongeren in_review: hoeveel zakgeld geven jullie?"},
        ),
        (
            "moderator_b",
            f"/moderatie/bericht/{ids['peer_answer_waiting']}",
            {"Wachtend antwoord Zwaluwnest: vijf euro en een spaarpot"},
        ),
        ("moderator_b", "/moderatie/identiteit", {"Identiteit Zwaluwnest: zij noemde een schoolnaam en een leeftijd"}),
        ("foster", f"/gezinnen/{family}/plan", {"Zwanenburg ailesi her pazar birlikte yemek yer"}),
        (
            "regisseur_b",
            f"/gezinnen/{family}/plan/vertalingen/situatie/gezin",
            {"Zwanenburg durumu: taşınma zordu", "Tolk Zwanenburg"},
        ),
    ]


def test_family_b_reads_its_own_personal_strings_on_its_pages(rolled_back: World) -> None:
    """The control: the strings the matrix looks for are what OnsPlan prints, so their absence means something."""
    world = rolled_back
    for who, path, expected in _own_pages(world):
        response = world.insiders[who].client(world.app).get(path)
        assert response.status_code == 200, (who, path, response.status_code)
        body = response.get_data(as_text=True)
        assert expected <= set(world.b.leaked(body)), (who, path, expected - set(world.b.leaked(body)))
