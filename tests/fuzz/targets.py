"""What the fuzzer sends to: every rule of the route table that takes a body, with the forms that post to it.

The rules come from `app.url_map`; the forms from the pages the demo's people can reach (tests/fuzz/pages.py). A rule
that no page posts to and that has no entry below fails its test with a message saying what to add, so a new form
is fuzzed without anyone remembering, and one the fuzzer cannot reach is never skipped in silence.
"""

from __future__ import annotations

import inspect
from dataclasses import dataclass

from flask import Flask, url_for

from tests.fuzz.pages import Form, crawl, endpoint_of, parse_forms
from tests.fuzz.world import PUSH_SUBSCRIPTION, SCENARIOS, World, set_the_scene
from webapp import create_app
from webapp.config import Config

BODY_METHODS = ("POST", "PUT", "PATCH", "DELETE")
MAX_INSTANCES = 4  # forms per rule: different people and objects, not every goal of the plan


@dataclass(frozen=True)
class Rule:
    endpoint: str
    method: str
    rule: str

    @property
    def id(self) -> str:
        return f"{self.method} {self.rule}"


@dataclass
class Instance:
    """One form as one person sees it; `scenario` names the state it needs (made fresh for each example)."""

    actor: str
    form: Form
    scenario: str | None = None


@dataclass(frozen=True)
class JsonTarget:
    actor: str
    path: str
    example: dict


def body_rules(app: Flask) -> list[Rule]:
    rules = []
    for rule in sorted(app.url_map.iter_rules(), key=lambda r: (r.rule, r.endpoint)):
        for method in sorted(set(rule.methods or ()) & set(BODY_METHODS)):
            rules.append(Rule(rule.endpoint, method, rule.rule))
    return rules


def collected_rules() -> list[Rule]:
    """The route table at collection time, from an app that touches no database."""
    return body_rules(create_app(Config(SECRET_KEY="fuzz-collect", DATABASE_URL="sqlite://", TESTING=True)))


def reads_json(app: Flask, endpoint: str) -> bool:
    return "get_json(" in inspect.getsource(app.view_functions[endpoint])


# --- JSON endpoints: a valid body to start from -------------------------------------------------------------------

_SUBSCRIPTION = {**PUSH_SUBSCRIPTION, "endpoint": "https://fcm.googleapis.com/fcm/send/fuzz-2"}

JSON_TARGETS: dict[tuple[str, str], JsonTarget] = {
    ("notify.add_device", "POST"): JsonTarget("samira", "/meldingen/apparaten", _SUBSCRIPTION),
    ("notify.remove_this_device", "DELETE"): JsonTarget(
        "samira", "/meldingen/apparaten", {"endpoint": PUSH_SUBSCRIPTION["endpoint"]}
    ),
}


# --- forms found on pages -----------------------------------------------------------------------------------------


def start_pages(app: Flask) -> list[str]:
    """Every page without URL parameters: where a person starts; the rest is found by following links."""
    with app.test_request_context():
        return sorted(
            url_for(rule.endpoint)
            for rule in app.url_map.iter_rules()
            if "GET" in (rule.methods or ()) and not rule.arguments and rule.endpoint != "static"
        )


def find_forms(world: World) -> dict[tuple[str, str], list[Instance]]:
    """(endpoint, method) → the forms posting to it, as the demo's people reach them (crawled in a savepoint)."""
    app = world.app
    found: dict[tuple[str, str], list[Instance]] = {}

    def keep(instance: Instance) -> None:
        matched = endpoint_of(app, instance.form.action, "POST")
        if matched is None:
            return
        if matched[0] in SCENARIOS and instance.scenario is None:
            return  # seen in passing (e.g. an older state of the world): its scenario's form counts
        mine = found.setdefault((matched[0], "POST"), [])
        same = {(i.actor, i.form.action) for i in mine}
        if (instance.actor, instance.form.action) not in same:
            mine.append(instance)

    savepoint = world.connection.begin_nested()
    try:
        starts = start_pages(app)
        for key, actor in world.actors.items():
            for form in crawl(app, actor.client(app), starts):
                keep(Instance(key, form))
        for endpoint, (key, _make) in SCENARIOS.items():
            scene = world.connection.begin_nested()
            try:
                page = set_the_scene(world, endpoint)
                response = world.actors[key].client(app).get(page)
                for form in parse_forms(page, response.get_data(as_text=True)):
                    if (endpoint_of(app, form.action, "POST") or ("",))[0] == endpoint:
                        keep(Instance(key, form, scenario=endpoint))
            finally:
                world.db.rollback()
                scene.rollback()
                world.db.expire_all()
    finally:
        world.db.rollback()
        savepoint.rollback()
        world.db.expire_all()
    return {key: _spread(instances) for key, instances in found.items()}


def _spread(instances: list[Instance]) -> list[Instance]:
    """At most MAX_INSTANCES, taking the people in turn (not the first person's four goals)."""
    by_actor: dict[str, list[Instance]] = {}
    for instance in instances:
        by_actor.setdefault(instance.actor, []).append(instance)
    kept: list[Instance] = []
    while len(kept) < MAX_INSTANCES and any(by_actor.values()):
        for queue in by_actor.values():
            if queue and len(kept) < MAX_INSTANCES:
                kept.append(queue.pop(0))
    return kept
