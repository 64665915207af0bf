"""Every route requires login unless it is on the short public list; strangers get 404 on family objects."""

from __future__ import annotations

import pyotp
from werkzeug.routing import AnyConverter

from tests.conftest import post_form
from tests.factories import login, make_family, make_invitation, make_regisseur, make_user
from webapp.auth.guards import is_public_endpoint
from webapp.models import Relation, Role

PUBLIC_ENDPOINTS = {
    "static",
    "auth.login",
    "auth.forgot_password",
    "auth.reset_password",
    "joining.accept",  # the family invitation link (a secret, one-time token)
    "home.root",
    "help.index",
    "content.glossary",
    "content.term_not_understood",  # "Ik begrijp dit niet" on a glossary entry (anonymous, CSRF, rate limit)
    "articles.index",  # Informatie: the public library of articles
    "articles.show",
    "articles.not_understood",  # "Ik begrijp dit niet" on an article (anonymous, CSRF, rate limit)
    "i18n.switch",
    "pwa.worker",
    "pwa.offline",
    "mentors.invitation",  # the invitation link a youth gives her nominee (a secret, one-time token)
    "mentors.accept",
    "mentors.new_account",  # the link mailed to a nominee's new address (signed, one day)
    "mentors.decline_invitation",
    "appointments.feed",  # a calendar app fetches the feed by its secret URL, without a login
    "aanmelden.signup",  # Steuntje in de rug's public aanmeldpunt (honeypot and rate limit, no account yet)
    "aanmelden.thanks",
    "aanmelden.account",  # the link mailed to a new steungezin (signed, 14 days, once)
    "aanmelden.link",  # saying yes to linking that sign-up to the account one is logged in with
    "welcome.no_account",  # 'Geen account?': what to do without one (from the login page)
    "welcome.home_screen",  # 'Zet OnsPlan op je beginscherm': steps for Android and iPhone
}


def example_arguments(rule) -> dict:
    """Values that build a URL for `rule`: 1 for ids, the first choice for <any(...)> parts, a word otherwise."""
    values = {}
    for name, converter in rule._converters.items():
        if isinstance(converter, AnyConverter):
            values[name] = sorted(converter.items)[0]
        elif converter.regex == "\\d+":
            values[name] = 1
        else:
            values[name] = "x"
    return values


def test_only_the_short_public_list_is_reachable_without_login(app) -> None:
    public = {rule.endpoint for rule in app.url_map.iter_rules() if is_public_endpoint(app, rule.endpoint)}
    assert public == PUBLIC_ENDPOINTS


def test_every_other_route_sends_an_anonymous_visitor_to_login(app, client, db) -> None:
    for rule in app.url_map.iter_rules():
        if rule.endpoint in PUBLIC_ENDPOINTS:
            continue
        path = rule.build(example_arguments(rule))[1]
        response = client.get(path) if "GET" in rule.methods else post_form(client, path, {})
        assert response.status_code == 302 and response.headers["Location"].startswith("/login"), (rule, response)


def _family_routes(family_id: int, invitation_id: int) -> list[tuple[str, str]]:
    return [
        ("GET", f"/gezinnen/{family_id}"),
        ("GET", f"/gezinnen/{family_id}/uitnodigen"),
        ("POST", f"/gezinnen/{family_id}/uitnodigen"),
        ("POST", f"/gezinnen/{family_id}/uitnodigingen/{invitation_id}/nieuwe-link"),
    ]


def test_strangers_get_404_on_every_family_route(app, db) -> None:
    petra = make_regisseur(db)
    samira = make_user(db, Role.JONGERE)
    family = make_family(db, petra, (samira, Relation.JONGERE))
    invitation = make_invitation(db, family, petra)
    emre = make_user(db, Role.JONGERE)
    make_family(db, petra, (emre, Relation.JONGERE), name="Ander gezin")
    strangers = [
        emre,
        make_user(db, Role.OUDER),
        make_user(db, Role.MENTOR),
        make_user(db, Role.STEUNGEZIN),
        make_regisseur(db),
        make_user(db, Role.COORDINATOR, totp_secret=pyotp.random_base32()),
        make_user(db, Role.BEHEERDER, totp_secret=pyotp.random_base32()),
    ]
    for stranger in strangers:
        client = app.test_client()
        login(client, stranger)
        for method, path in _family_routes(family.id, invitation.id):
            response = client.get(path) if method == "GET" else post_form(client, path, {})
            assert response.status_code == 404, (stranger.role_set, method, path)


def test_family_members_see_their_family_but_cannot_invite(app, db) -> None:
    petra = make_regisseur(db)
    samira = make_user(db, Role.JONGERE)
    family = make_family(db, petra, (samira, Relation.JONGERE))
    client = app.test_client()
    login(client, samira)
    assert client.get(f"/gezinnen/{family.id}").status_code == 200
    assert client.get(f"/gezinnen/{family.id}/uitnodigen").status_code == 404


def test_an_unknown_family_is_404_even_for_a_regisseur(client, db) -> None:
    login(client, make_regisseur(db))
    assert client.get("/gezinnen/999999").status_code == 404


def test_only_the_beheerder_opens_the_accounts_page(app, db) -> None:
    beheerder = make_user(db, Role.BEHEERDER, totp_secret=pyotp.random_base32())
    regisseur = make_regisseur(db)
    for user, expected in ((beheerder, 200), (regisseur, 404)):
        client = app.test_client()
        login(client, user)
        assert client.get("/beheer/accounts").status_code == expected
