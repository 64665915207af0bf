"""The installable app: manifest, service worker at the root scope, offline page in the user's language."""

from __future__ import annotations

import json

from tests.conftest import post_form
from tests.factories import login, make_user
from webapp.models import Role


def test_the_service_worker_is_served_from_the_root_and_never_cached_stale(client, db) -> None:
    response = client.get("/sw.js")
    assert response.status_code == 200
    assert response.mimetype == "text/javascript"
    assert response.headers["Service-Worker-Allowed"] == "/"
    assert response.headers["Cache-Control"] == "no-cache"


def test_the_manifest_describes_an_installable_app(client, db) -> None:
    manifest = json.loads(client.get("/static/manifest.webmanifest").get_data(as_text=True))
    assert manifest["display"] == "standalone" and manifest["start_url"] == "/home"
    sizes = {icon["sizes"] for icon in manifest["icons"]}
    assert {"192x192", "512x512"} <= sizes
    assert any("maskable" in icon.get("purpose", "") for icon in manifest["icons"])
    for icon in manifest["icons"]:
        assert client.get(icon["src"]).status_code == 200


def test_the_offline_page_speaks_the_requested_language_and_holds_no_personal_data(client, db) -> None:
    arabic = client.get("/offline?lang=ar").get_data(as_text=True)
    assert 'lang="ar" dir="rtl"' in arabic and 'href="tel:112"' in arabic
    assert "csrf" not in arabic.lower()
    dutch = client.get("/offline").get_data(as_text=True)
    assert "Geen internet" in dutch


def test_the_offline_page_ignores_the_session(app, client, db) -> None:
    """The service worker caches one offline page per language for the device: a logged-in user with another
    language in her session gets exactly the page a visitor gets, nothing of hers in it."""
    user = make_user(db, Role.JONGERE, name="Oksana Test")
    login(client, user)
    assert post_form(client, "/taal", {"language": "uk", "next": "/home"}).status_code == 302
    assert 'lang="uk"' in client.get("/home").get_data(as_text=True)  # the session speaks Ukrainian
    visitor = app.test_client()
    for language in ("tr", "nl"):
        html = client.get(f"/offline?lang={language}").get_data(as_text=True)
        assert f'lang="{language}"' in html and "Oksana" not in html
        assert html == visitor.get(f"/offline?lang={language}").get_data(as_text=True)
