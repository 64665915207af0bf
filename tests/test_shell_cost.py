"""What every page costs before its own work (issue 14, items 4-5): the hooks around a request and the page shell.
Each saving keeps its meaning: the rate limits still apply where they are declared, and wherever one is added."""

from __future__ import annotations

import pytest
from flask import Blueprint, Flask
from flask_limiter import Limiter

from webapp.extensions import limiter
from webapp.security import check_app_wide_limits_only_when_there_are, has_app_wide_limits


def _app_with(rate_limiter: Limiter) -> Flask:
    app = Flask(__name__)
    app.config["RATELIMIT_STORAGE_URI"] = "memory://"
    rate_limiter.init_app(app)
    check_app_wide_limits_only_when_there_are(app, rate_limiter)
    return app


def _key() -> str:
    return "one visitor"


def test_onsplan_declares_its_limits_on_the_views_only(app: Flask) -> None:
    """So the limiter's own before-request hook has nothing to check, and is not run."""
    assert not has_app_wide_limits(limiter)
    assert limiter._check_request_limit not in app.before_request_funcs[None]


def test_a_limit_on_a_view_still_applies() -> None:
    rate_limiter = Limiter(key_func=_key, default_limits=[])
    app = _app_with(rate_limiter)

    @app.route("/inloggen", methods=["GET", "POST"])
    @rate_limiter.limit("2 per minute", methods=["POST"])
    def log_in() -> str:
        return "ok"

    client = app.test_client()
    assert [client.post("/inloggen").status_code for _ in range(3)] == [200, 200, 429]
    assert client.get("/inloggen").status_code == 200


@pytest.mark.parametrize("where", ["default", "application", "blueprint"])
def test_a_limit_for_every_page_or_a_blueprint_still_applies(where: str) -> None:
    rate_limiter = Limiter(
        key_func=_key,
        default_limits=["2 per minute"] if where == "default" else [],
        application_limits=["2 per minute"] if where == "application" else [],
    )
    app = _app_with(rate_limiter)
    pages = Blueprint("pages", __name__)

    @pages.route("/pagina")
    def page() -> str:
        return "ok"

    if where == "blueprint":
        rate_limiter.limit("2 per minute")(pages)
    app.register_blueprint(pages)
    client = app.test_client()
    assert has_app_wide_limits(rate_limiter)
    assert [client.get("/pagina").status_code for _ in range(3)] == [200, 200, 429]


def test_without_app_wide_limits_the_hook_does_no_work(monkeypatch) -> None:
    checked = []
    original = Limiter._check_request_limit

    def check(self, *args, **kwargs):
        checked.append(kwargs.get("in_middleware", True))
        return original(self, *args, **kwargs)

    monkeypatch.setattr(Limiter, "_check_request_limit", check)
    rate_limiter = Limiter(key_func=_key, default_limits=[])
    app = _app_with(rate_limiter)

    @app.route("/pagina", methods=["GET", "POST"])
    @rate_limiter.limit("5 per minute", methods=["POST"])
    def page() -> str:
        return "ok"

    client = app.test_client()
    client.get("/pagina")
    client.post("/pagina")
    assert checked == [False, False]  # only the view's own decorator, for the GET and the POST


def test_flask_is_answered_from_the_table_as_it_would_answer_itself(app: Flask) -> None:
    """webapp/sync_functions.py: each registered hook, context processor and view is called as Flask would call it;
    a function made during a request still goes to Flask."""
    from webapp.sync_functions import registered_functions

    functions = list(registered_functions(app))
    assert len(functions) > 100
    for function in functions:
        assert app.ensure_sync(function) is Flask.ensure_sync(app, function)

    def made_now() -> None:
        return None

    assert app.ensure_sync(made_now) is made_now


def test_hooks_added_later_and_after_this_request_still_run() -> None:
    from flask import after_this_request

    from webapp.sync_functions import answer_once_for_registered_functions

    app = Flask(__name__)
    seen = []

    @app.route("/")
    def index() -> str:
        @after_this_request
        def mark(response):
            seen.append("after this request")
            return response

        return "ok"

    answer_once_for_registered_functions(app)
    app.before_request(lambda: seen.append("added later"))
    assert app.test_client().get("/").get_data(as_text=True) == "ok"
    assert seen == ["added later", "after this request"]


def test_the_session_cookie_is_signed_as_flask_signs_it(app: Flask) -> None:
    """webapp/cookie_session.py keeps the signer; the cookie reads and writes as with Flask's own interface, and a
    new secret key gets a new signer."""
    from flask.sessions import SecureCookieSessionInterface

    ours = app.session_interface
    flasks = SecureCookieSessionInterface()
    assert ours.get_signing_serializer(app) is ours.get_signing_serializer(app)
    cookie = ours.get_signing_serializer(app).dumps({"_user_id": "token", "csrf_token": "abc"})
    assert flasks.get_signing_serializer(app).loads(cookie) == {"_user_id": "token", "csrf_token": "abc"}
    other = Flask(__name__)
    other.secret_key = "another key"
    assert ours.get_signing_serializer(other) is not ours.get_signing_serializer(app)
    assert flasks.get_signing_serializer(other).loads(ours.get_signing_serializer(other).dumps({"a": 1})) == {"a": 1}


# --- the shell's statements do not grow with the data --------------------------------------------------------------


def _statements_of(app: Flask, client, path: str) -> list[str]:
    from sqlalchemy import event

    from webapp.db import database

    seen: list[str] = []

    def record(_conn, _cursor, statement: str, *_args) -> None:
        if not statement.strip().upper().startswith(("BEGIN", "SAVEPOINT", "RELEASE")):  # the tests' transactions
            seen.append(statement)

    engine = database(app).engine
    event.listen(engine, "before_cursor_execute", record)
    try:
        assert client.get(path).status_code == 200
    finally:
        event.remove(engine, "before_cursor_execute", record)
    return seen


@pytest.mark.parametrize("person", ["samira", "petra"])
def test_the_shell_asks_as_many_statements_with_more_families_and_messages(app: Flask, db, person: str) -> None:
    """/hulp is nearly only the shell (who is logged in, the unread badge): as many statements for a regisseur with
    many families and conversations, and a parent in many families, as with the demo story alone."""
    from tests.demo_people import seed_demo
    from tests.factories import login, make_family, make_user
    from webapp.demo.story import DEMO_PASSWORD
    from webapp.models import Conversation, ConversationKind, Message, Relation, Role

    demo = seed_demo(app, db, accounts_only=True)
    client = app.test_client()
    limiter.reset()
    assert login(client, demo[person], DEMO_PASSWORD).status_code == 302
    client.get("/hulp")
    before = _statements_of(app, client, "/hulp")
    regisseur = demo["petra"]
    for number in range(12):
        child = make_user(db, Role.JONGERE)
        family = make_family(
            db, regisseur, (demo["samira"], Relation.OUDER), (child, Relation.JONGERE), name=f"Gezin {number}"
        )
        conversation = Conversation(kind=ConversationKind.FAMILY, family_id=family.id)
        db.add(conversation)
        db.flush()
        for line in range(3):
            key = f"shell-{number}-{line}"
            db.add(
                Message(conversation_id=conversation.id, author_id=child.id, body=key, client_key=key, body_hash=key)
            )
    db.commit()
    after = _statements_of(app, client, "/hulp")
    assert len(after) == len(before) <= 3
