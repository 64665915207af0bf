"""Every form and JSON endpoint of the route table, sent random and hostile input by someone who may use it.

For each example: the answer is never a server error; a refusal (4xx) tells the sender what went wrong in her own
language (the page's `lang`, and no Dutch sentence that her catalogue translates) and changes nothing in the
database (tests/fuzz/fingerprint.py). Valid input may simply succeed. Each example runs in a savepoint that is
rolled back, so every example starts from the same demo world.
"""

from __future__ import annotations

import io
import json
from dataclasses import dataclass

import pytest
from flask import Flask
from hypothesis import given, settings
from hypothesis import strategies as st
from sqlalchemy import text
from werkzeug.test import TestResponse

from tests.fuzz import answers
from tests.fuzz.fingerprint import Writes, difference, fingerprint
from tests.fuzz.hostile import form_data, json_like
from tests.fuzz.pages import endpoint_of, parse_forms
from tests.fuzz.targets import JSON_TARGETS, Instance, JsonTarget, Rule, body_rules, collected_rules, find_forms
from tests.fuzz.world import Actor, World, set_the_scene
from webapp.db import database
from webapp.extensions import limiter
from webapp.i18n import COOKIE

RULES = collected_rules()
LANGUAGES = ("nl", "tr", "ar")  # the source, and two translations (one right-to-left) the demo's families read


@pytest.fixture(scope="module")
def forms(world: World) -> dict[tuple[str, str], list[Instance]]:
    return find_forms(world)


@pytest.fixture(scope="module")
def writes(app: Flask):
    recorder = Writes(database(app).engine)
    yield recorder
    recorder.close(database(app).engine)


@dataclass
class Sent:
    what: str  # for the failure message
    language: str
    response: TestResponse
    changed: list[str]
    partial: bool


def _client(world: World, actor: Actor, language: str):
    client = actor.client(world.app)
    if actor.user_id is None:
        client.set_cookie(COOKIE, language)
    else:
        world.connection.execute(
            text('UPDATE "user" SET language = :language WHERE id = :id'), {"language": language, "id": actor.user_id}
        )
    return client


def _send(world: World, writes: Writes, actor: Actor, language: str, what: str, request: dict) -> Sent:
    """One request inside a savepoint: the fingerprint after it, then (rolled back) before it."""
    outer = world.connection.begin_nested()
    inner = None
    try:
        path = request.pop("path")
        client = _client(world, actor, language)
        if scenario := request.pop("scenario", None):
            path = _fresh_action(world, client, scenario)
        limiter.reset()
        inner = world.connection.begin_nested()
        with writes.recording() as written:
            response = client.open(path, **request)
        after = fingerprint(world.connection, written)
        inner.rollback()
        before = fingerprint(world.connection, written)
    finally:
        world.db.rollback()
        for savepoint in (inner, outer):
            if savepoint is not None and savepoint.is_active:
                savepoint.rollback()
        world.db.expire_all()
    partial = "HX-Request" in request.get("headers", {})
    return Sent(
        f"{what} as {actor.key} ({language}) → {response.status_code}",
        language,
        response,
        difference(before, after),
        partial,
    )


def _check(sent: Sent, json_endpoint: bool = False) -> None:
    response, seen = sent.response, sent.what
    body = response.get_data(as_text=True)
    assert response.status_code < 500, f"{seen}\n{body[:2000]}"
    if response.status_code < 400:
        return
    assert not sent.changed, f"{seen}: a refusal changed the database: {sent.changed}"
    if json_endpoint and response.is_json:
        texts = [response.get_json().get("error", "")]
        assert texts[0], f"{seen}: a refusal without a message: {body[:500]}"
    else:
        lang, texts = answers.messages(body)
        assert texts, f"{seen}: a refusal without a message to the reader:\n{body[:3000]}"
        if not sent.partial:
            assert lang == sent.language, f"{seen}: the page is in {lang!r}, the reader reads {sent.language!r}"
    untranslated = answers.untranslated(texts, sent.language)
    assert not untranslated, f"{seen}: Dutch source shown although {sent.language} translates it: {untranslated}"


def _form_request(instance: Instance, actor: Actor, data: dict, htmx: bool) -> dict:
    form = instance.form
    body: dict[str, object] = {"csrf_token": actor.csrf}
    for name, value in data.items():
        if isinstance(value, tuple):  # a file
            body[name] = (io.BytesIO(value[1]), value[0])
        else:
            body[name] = value
    headers = {"X-CSRFToken": actor.csrf}
    if htmx:
        headers["HX-Request"] = "true"
    request = {"path": form.action, "method": "POST", "data": body, "headers": headers}
    if form.multipart:
        request["content_type"] = "multipart/form-data"
    if instance.scenario:
        request["scenario"] = instance.scenario
    return request


def _fresh_action(world: World, client, endpoint: str) -> str:
    """Where the scenario's form posts now that its state is made again (new token, new ids)."""
    page = set_the_scene(world, endpoint)
    for form in parse_forms(page, client.get(page).get_data(as_text=True)):
        if (endpoint_of(world.app, form.action, "POST") or ("",))[0] == endpoint:
            return form.action
    raise AssertionError(f"the scenario of {endpoint} no longer shows its form on {page}")


def test_the_fuzzer_walks_the_route_table_of_the_app_under_test(app: Flask) -> None:
    assert {r.id for r in body_rules(app)} == {r.id for r in RULES}


@pytest.mark.parametrize("rule", RULES, ids=[r.id for r in RULES])
def test_hostile_input_gets_a_translated_refusal_or_a_success_never_a_server_error(
    world: World, forms: dict, writes: Writes, rule: Rule
) -> None:
    target = JSON_TARGETS.get((rule.endpoint, rule.method))
    if target is not None:
        _fuzz_json(world, writes, rule, target)
        return
    instances = forms.get((rule.endpoint, rule.method))
    if not instances:
        pytest.fail(
            f"{rule.id} ({rule.endpoint}): no page that the demo's people can reach has a form posting here, so the "
            f"fuzzer cannot fill it. Add a filler: link the page from one they reach, or add a scenario that makes "
            f"the state the form needs (a secret link, an object in the right state) to SCENARIOS in "
            f"tests/fuzz/world.py, or (for a JSON endpoint) a valid body to JSON_TARGETS in tests/fuzz/targets.py."
        )
    _fuzz_form(world, writes, rule, instances)


def _fuzz_form(world: World, writes: Writes, rule: Rule, instances: list[Instance]) -> None:
    @settings(settings.get_profile("fuzz"))
    @given(st.data())
    def one(data: st.DataObject) -> None:
        instance = data.draw(st.sampled_from(instances), label="form")
        actor = world.actors[instance.actor]
        language = data.draw(st.sampled_from(LANGUAGES), label="language")
        htmx = instance.form.htmx and data.draw(st.booleans(), label="htmx")
        values = data.draw(form_data(instance.form), label="fields")
        sent = _send(
            world,
            writes,
            actor,
            language,
            f"{rule.id} {instance.form.action}",
            _form_request(instance, actor, values, htmx),
        )
        _check(sent)

    one()


def _fuzz_json(world: World, writes: Writes, rule: Rule, target: JsonTarget) -> None:
    actor = world.actors[target.actor]

    @settings(settings.get_profile("fuzz"))
    @given(st.data())
    def one(data: st.DataObject) -> None:
        language = data.draw(st.sampled_from(LANGUAGES), label="language")
        body = data.draw(json_like(target.example), label="json")
        raw = data.draw(st.sampled_from(["json", "json", "text", "broken"]), label="encoding")
        headers = {"X-CSRFToken": actor.csrf}
        if raw == "json":
            request = {"data": json.dumps(body), "content_type": "application/json"}
        elif raw == "text":
            request = {"data": json.dumps(body), "content_type": "text/plain"}
        else:
            request = {"data": json.dumps(body)[:-1] + "\x00", "content_type": "application/json"}
        request.update(path=target.path, method=rule.method, headers=headers)
        _check(_send(world, writes, actor, language, rule.id, request), json_endpoint=True)

    one()
