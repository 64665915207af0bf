"""The route table as test cases, and the fillers that give each URL parameter values from the world.

A parameter is filled with objects of family B (the family the actors of family A attack). A new route whose
parameter has no filler here makes its tests fail with a message naming the rule and the parameter: add a filler to
FILLERS (by parameter name) or ENDPOINT_FILLERS (when the name is generic, such as `token`). Routes are never skipped.
"""

from __future__ import annotations

import itertools
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from typing import Any

from flask import Flask
from werkzeug.routing import AnyConverter, Rule

from tests.authz import peers_world
from tests.authz.world import Actor, World
from webapp import create_app
from webapp.auth.guards import is_public_endpoint
from webapp.config import Config
from webapp.toekomstplan.checklist import ITEMS

METHODS = ("GET", "POST", "PUT", "PATCH", "DELETE")
NEVER_ISSUED = "f0rged-t0ken-that-was-never-issued-by-onsplan-00000"  # a secret link nobody was ever sent


@dataclass(frozen=True)
class Route:
    """One method of one rule of the route table."""

    rule: str
    endpoint: str
    method: str
    arguments: tuple[str, ...]
    choices: tuple[tuple[str, tuple[str, ...]], ...]  # <any(...)> parameters: every choice is tried
    public: bool

    @property
    def id(self) -> str:
        return f"{self.method} {self.rule}"

    @property
    def is_beheer(self) -> bool:
        return self.rule.startswith("/beheer")


def routes_of(app: Flask) -> list[Route]:
    found = []
    for rule in sorted(app.url_map.iter_rules(), key=lambda r: (r.rule, r.endpoint)):
        for method in sorted(set(rule.methods or ()) & set(METHODS)):
            found.append(_route(app, rule, method))
    return found


def _route(app: Flask, rule: Rule, method: str) -> Route:
    choices = tuple(
        (name, tuple(sorted(converter.items)))
        for name, converter in rule._converters.items()
        if isinstance(converter, AnyConverter)
    )
    return Route(
        rule.rule, rule.endpoint, method, tuple(sorted(rule.arguments)), choices, is_public_endpoint(app, rule.endpoint)
    )


def collected_routes() -> list[Route]:
    """The route table, read at collection time from an app that touches no database (the same blueprints)."""
    return routes_of(create_app(Config(SECRET_KEY="authz-collect", DATABASE_URL="sqlite://", TESTING=True)))


# --- fillers: the other family's objects ---------------------------------------------------------------------------

Filler = Callable[[World], list[Any]]

FILLERS: dict[str, Filler] = {
    "family_id": lambda w: [w.b.family.id],
    "youth_id": lambda w: [w.b.people["youth_17_sharing"].id, w.b.people["youth_17_private"].id],
    "goal_id": lambda w: [w.b.goals["family"].id, w.b.goals["youth_17_sharing"].id, w.b.goals["child"].id],
    "action_id": lambda w: [w.b.ids["action"]],
    "response_id": lambda w: [w.b.ids["response"]],
    "involved_id": lambda w: [w.b.ids["involved"]],
    "number": lambda w: [w.b.ids["version"]],
    "step_id": lambda w: [w.b.ids["step"]],
    "appointment_id": lambda w: [w.b.ids["appointment"], w.b.ids["appointment_family"]],
    "proposer_id": lambda w: [w.b.ids["proposer"]],
    "conversation_id": lambda w: w.b.ids["conversations"],
    "attachment_id": lambda w: [w.b.ids["attachment"]],
    "mentorship_id": lambda w: [w.b.ids[k] for k in ("mentorship", "mentorship_ended", "mentorship_pending")],
    "person_id": lambda w: [w.b.people["invited"].id],
    "user_id": lambda w: [w.b.people["parent"].id, w.b.people["youth_14"].id],
    "device_id": lambda w: [w.b.ids["device"]],
    "invitation_id": lambda w: w.b.ids["invitations"],  # one expired, one still open
    "request_id": lambda w: [w.b.ids["data_request"]],  # a correction request of family B's mother
    "organisation_id": lambda w: [w.b.ids["foster_care"]],  # where B's region sends pleeggezin sign-ups
}

# Parameters whose name says too little: filled per endpoint. Secret links are the other family's links that no
# longer work (used, expired, revoked): whoever holds a live one may use it, so they prove that a dead one tells
# nothing.
ENDPOINT_FILLERS: dict[tuple[str, str], Filler] = {
    ("static", "filename"): lambda w: ["css/app.css"],
    ("toekomstplan.tick", "key"): lambda w: [ITEMS[0].key],
    ("toekomstplan.save_domain", "domain"): lambda w: ["wonen"],
    ("toekomstplan.add_step", "domain"): lambda w: ["wonen"],
    ("mentors.invitation", "token"): lambda w: [w.b.tokens["jim_link"]],
    ("mentors.accept", "token"): lambda w: [w.b.tokens["jim_link"]],
    ("mentors.decline_invitation", "token"): lambda w: [w.b.tokens["jim_link"]],
    ("mentors.new_account", "token"): lambda w: [w.b.tokens["jim_link"]],
    ("mentors.new_account", "signup"): lambda w: [NEVER_ISSUED],
    ("auth.accept_invitation", "token"): lambda w: [w.b.tokens["invitation"]],
    ("joining.accept", "token"): lambda w: [w.b.tokens["invitation"]],
    ("auth.reset_password", "token"): lambda w: [w.b.tokens["reset"]],
    ("appointments.feed", "token"): lambda w: [w.b.tokens["feed"]],
    ("auth.confirm_email", "token"): lambda w: [NEVER_ISSUED],
}

# Steuntje in de rug: its parts' parameters are filled per blueprint, so a route that lands later in one of them is
# covered at once. `request_id` there is a respite request (the name is taken by the own-data correction request).
RESPITE_BLUEPRINTS = frozenset(
    {
        "respite_requests",
        "meldpunt",
        "households",
        "aanmelden",
        "matching",
        "respite_matches",
        "steungezin",
        "respite_followup",
        "respite_monitoring",
    }
)
RESPITE_FILLERS: dict[str, Filler] = {
    # a draft, one in zoeken with an intake note (not shared with the regisseur), one matched (shared)
    "request_id": lambda w: [w.b.ids[k] for k in ("respite_draft", "respite_searching", "respite_matched")],
    "match_id": lambda w: [w.b.ids["match"]],  # both said yes: afsprakenkaart, trial, check-ins
    "household_id": lambda w: w.b.ids["households"],  # approved (B's steungezin), in screening (a second household)
    "adult_id": lambda w: w.b.ids["adults"],
    "reference_id": lambda w: w.b.ids["references"],
    "checkin_id": lambda w: w.b.ids["checkins"],  # week 2, answered with a note by each side
    "number": lambda w: [w.b.ids["card_version"]],  # the afsprakenkaart's version
    # account links of B's households that no longer work: used, and replaced by a newer one
    "token": lambda w: [w.b.tokens[k] for k in ("aanmeld_used", "aanmeld_replaced", "aanmeld_used_screening")],
}

# Vraag het een andere pleegouder: the spaces are shared by design (a foster parent of A reads B's published
# questions), so its parameters are filled with what no other member may reach: B's posts not published (in review,
# rejected, hidden, deleted), B's members, identity requests, invitations and crisis word (for moderators only, or
# for the person herself). `request_id` there is an identity request.
PEER_BLUEPRINTS = frozenset({"peers", "peer_search", "peer_roster", "moderation"})


def _unpublished_questions(w: World) -> list[int]:
    pleegouders, jongeren = w.b.ids["peer_pleegouders"], w.b.ids["peer_jongeren"]
    return [pleegouders["in_review"], pleegouders["hidden"], jongeren["rejected"], jongeren["deleted"]]


PEER_FILLERS: dict[str, Filler] = {
    "question_id": _unpublished_questions,
    # an answer waiting for a moderator (under B's published question) and a rejected question
    "post_id": lambda w: [w.b.ids["peer_answer_waiting"], w.b.ids["peer_pleegouders"]["rejected"]],
    "member_id": lambda w: w.b.ids["peer_members"],
    "request_id": lambda w: w.b.ids["peer_identity_requests"],  # one open, one approved (for B's moderator)
    "invite_id": lambda w: w.b.ids["peer_invitations"],  # one open, one accepted
    "word_id": lambda w: [w.b.ids["peer_word"]],
    "action": lambda w: ["approve", "reject"],
}
# Informatie: the articles are public texts (the editor is the redacteur's alone); the plan translations are family
# B's (its goal, in Turkish: the language B's foster parent reads).
CONTENT_BLUEPRINTS = frozenset({"editor", "articles", "content", "plan_translations"})
CONTENT_FILLERS: dict[str, Filler] = {
    "slug": lambda w: [peers_world.ARTICLE],
    "language": lambda w: ["nl", "tr"],
    "number": lambda w: [1],
    "key": lambda w: [peers_world.TERM],
}
for _endpoint in ("plan_translations.part", "plan_translations.save", "plan_translations.remove"):
    ENDPOINT_FILLERS[(_endpoint, "slug")] = lambda w: ["doel"]
    ENDPOINT_FILLERS[(_endpoint, "ref")] = lambda w: [str(w.b.ids["translated_goal"])]
    ENDPOINT_FILLERS[(_endpoint, "language")] = lambda w: ["tr"]

# Roles that reach these routes' objects as their job, whoever's they are: a moderator every post of both spaces,
# their members and the other moderators' identity requests (not what belongs to the person alone: her invitation,
# her own posts, her flag, and the name behind a look-up another moderator asked for); the redacteur the editor.
PERSONAL = frozenset(
    {
        "moderation.invitation",
        "moderation.answer_invitation",
        "moderation.flag",
        "moderation.reveal_identity",
        "peers.edit",
        "peers.delete",
        "peers.accept",
    }
)


def by_design(route: Route, role: str) -> bool:
    blueprint = route.endpoint.split(".")[0]
    if role == "moderator":
        return blueprint in PEER_BLUEPRINTS and route.endpoint not in PERSONAL
    return role == "redacteur" and blueprint == "editor"


# Objects reached through a container: with the actor's own container (her family, her own toekomstplan) and the
# other family's object inside it, a check on the container alone is not enough.
CONTAINERS = ("family_id", "youth_id")
# Parameters that pick a part of a container rather than an object of its own (a version number, a checklist key).
PARTS = ("number", "key", "domain")

# Query parameters that name another family's object on routes without URL parameters.
QUERIES: dict[str, Callable[[World], dict[str, Any]]] = {
    "appointments.new": lambda w: {"gezin": w.b.family.id},
}


# Sent with every write, so that a form validates and the request reaches the service behind it (a view that checks
# access only when it draws the form again would otherwise pass with an empty body). Unknown fields are ignored.
FORM = {
    "body": "Hallo, hoe gaat het?",
    "client_key": "authz-matrix",
    "title": "Een nieuw doel",
    "what": "Iets regelen",
    "who": "Iemand",
    "owner": "Ik",
    "text": "Een tekst in eigen woorden",
    "about": "",  # the plan's "about" choice: the whole family
    "want_text": "Op mezelf wonen",
    "now_text": "Thuis",
    "note": "Een notitie",
    "comment": "Niet mee eens",
    "reason": "Een reden",
    "summary": "Een samenvatting",
    "situation": "Een situatie",
    "agreements": "Een afspraak",
    "agrees": "ja",
    "supports": "ja",
    "answer": "bevestigd",
    "gedeeld": "ja",
    "status": "bezig",
    "kind": "jim_overleg",
    "place": "Het buurthuis",
    "day": "2027-03-20",
    "start": "10:00",
    "duration": "60",
    "name": "Nieuwe Naam",
    "role": "jeugdarts",
    "organisation": "GGD",
    "contact": "06 12345678",
    "relation": "oom_tante",
    "motivation": "Hij luistert naar me.",
    "understood": "y",
}


# Where a form's field shares its name with another form's but takes other values: the values that make this
# endpoint's form valid (so a refusal comes from the access check behind it, not from the form).
ENDPOINT_FORMS: dict[str, dict[str, str]] = {
    "admin.organisations": {"kind": "pleegzorg", "region": ""},
    "respite_matches.answer": {"answer": "ja"},
    "respite_matches.kennismaking": {"time": "10:00"},
    "respite_requests.share": {"share": "ja"},
    "respite_requests.stop": {"reason": "gezin_stopt"},
    "meldpunt.step": {"naar": "gestopt", "reason": "gezin_stopt"},
    "meldpunt.plan": {"kind": "intake"},
    "respite_followup.stop": {"reason": "gezin_stopt"},
    "respite_followup.close": {"reason": "doel_bereikt"},
    "respite_followup.evaluation": {"outcome": "doorgaan"},
    "respite_followup.checkin": {"face": "3"},
    "households.approve": {"age_min": "4", "age_max": "14", "children": "1"},
    "households.add_reference": {"context": "buurt", "known_years": "5"},
    "households.add_adult": {"birth_year": "1980"},
    "moderation.act": {"approve-reason": "", "reject-reason": "Een schoolnaam", "reject-note": "Haal de naam weg"},
    "moderation.decide_identity": {"decision": "ja"},
    "moderation.flag": {"reason": "herkenbaar"},
    "moderation.request_identity": {"identity-reason": "Zij noemde een schoolnaam en de leeftijd van haar pleegkind"},
    "moderation.suspend": {"suspend-days": "7", "suspend-reason": "Drie keer een schoolnaam"},
    "moderation.answer_invitation": {"answer": "ja"},
}


class MissingFiller(LookupError):
    pass


def _values(world: World, route: Route, name: str) -> list[Any]:
    choices = dict(route.choices)
    if name in choices:
        return list(choices[name])
    filler = ENDPOINT_FILLERS.get((route.endpoint, name))
    blueprint = route.endpoint.split(".")[0]
    if filler is None and blueprint in RESPITE_BLUEPRINTS:
        filler = RESPITE_FILLERS.get(name)
    if filler is None and blueprint in PEER_BLUEPRINTS:
        filler = PEER_FILLERS.get(name)
    if filler is None and blueprint in CONTENT_BLUEPRINTS:
        filler = CONTENT_FILLERS.get(name)
    filler = filler or FILLERS.get(name)
    if filler is None:
        raise MissingFiller(
            f"{route.id} ({route.endpoint}): no filler for the URL parameter <{name}>. Add one to FILLERS or "
            f"ENDPOINT_FILLERS (RESPITE_FILLERS in a part of Steuntje in de rug, PEER_FILLERS in the peer questions, "
            f"CONTENT_FILLERS in Informatie) in tests/authz/routes.py that "
            f"returns the ids (or values) of family B's objects, "
            f"so this route is tested against every role."
        )
    return filler(world)


def _own(world: World, actor: Actor, name: str) -> Any:
    if name == "family_id":
        return world.a.family.id
    mine = actor.user is not None and actor.user.id in {p.id for p in world.a.people.values()}
    return actor.user.id if mine else world.a.people["youth_17_sharing"].id


def argument_sets(world: World, route: Route, actor: Actor, *, own: bool = True) -> Iterator[dict[str, Any]]:
    """Every combination of the other family's values; and (with `own`), where the rule also names an object inside
    a container, the actor's own container with the other family's object."""
    values = {name: _values(world, route, name) for name in route.arguments}
    names = list(values)
    for combination in itertools.product(*(values[n] for n in names)):
        yield dict(zip(names, combination, strict=True))
    containers = [n for n in names if n in CONTAINERS]
    inside = [n for n in names if n not in CONTAINERS + PARTS and n not in dict(route.choices)]
    if own and containers and inside:
        own_values = {n: [_own(world, actor, n)] if n in containers else values[n] for n in names}
        for combination in itertools.product(*(own_values[n] for n in names)):
            yield dict(zip(names, combination, strict=True))


def url(world: World, route: Route, arguments: dict[str, Any]) -> str:
    adapter = world.app.url_map.bind("localhost")  # building a path needs no request context (it cost ~0.3 ms)
    return adapter.build(route.endpoint, arguments, method=route.method, force_external=False) + _query(world, route)


def _query(world: World, route: Route) -> str:
    make = QUERIES.get(route.endpoint)
    if make is None:
        return ""
    return "?" + "&".join(f"{k}={v}" for k, v in make(world).items())


def send(world: World, actor: Actor, route: Route, path: str, *, htmx: bool = False):
    """One request with a fresh copy of the actor's browser; writes carry a valid CSRF token (form and header).
    With `htmx` it is the request htmx sends for a partial (a view may answer those on a path of its own)."""
    client = actor.client(world.app)
    headers = {"HX-Request": "true"} if htmx else {}
    if route.method == "GET":
        return client.get(path, headers=headers)
    if actor.csrf:
        headers["X-CSRFToken"] = actor.csrf
    data = {**FORM, **ENDPOINT_FORMS.get(route.endpoint, {})}
    if actor.csrf:
        data["csrf_token"] = actor.csrf
    return client.open(path, method=route.method, data=data, headers=headers)
