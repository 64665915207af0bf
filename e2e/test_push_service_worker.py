"""The push service → device half, for real in Chromium: a push message delivered to OnsPlan's service worker over
CDP (`ServiceWorker.deliverPushMessage`, as a push service would) shows the notification with the expected text; the
same tag delivered twice shows once; its click target is the conversation (same-origin paths only)."""

from __future__ import annotations

import json
from urllib.parse import urlsplit

from playwright.sync_api import CDPSession, Page, expect

from e2e.pages import PageChecker

NOTIFICATIONS = """() => navigator.serviceWorker.ready
  .then(registration => registration.getNotifications())
  .then(found => found.map(n => ({title: n.title, body: n.body, tag: n.tag, data: n.data, icon: n.icon,
                                   badge: n.badge, lang: n.lang, dir: n.dir})))"""


def _poll(page: Page, done, timeout_ms: int = 10_000):
    """Chromium's events and the worker's work happen while Playwright waits: wait in small steps, never sleep."""
    waited = 0
    while True:
        value = done()
        if value:
            return value
        assert waited < timeout_ms, "timed out"
        page.wait_for_timeout(50)
        waited += 50


def _registration_id(page: Page, cdp: CDPSession, scope: str) -> str:
    registrations: dict[str, dict] = {}
    versions: list[dict] = []

    def updated(event: dict) -> None:
        for registration in event["registrations"]:
            registrations[registration["registrationId"]] = registration

    cdp.on("ServiceWorker.workerRegistrationUpdated", updated)
    cdp.on("ServiceWorker.workerVersionUpdated", lambda event: versions.extend(event["versions"]))
    cdp.send("ServiceWorker.enable")

    def active_registration() -> str | None:
        for registration_id, registration in registrations.items():
            running = any(
                version["registrationId"] == registration_id and version["status"] == "activated"
                for version in versions
            )
            if registration["scopeURL"] == scope and not registration["isDeleted"] and running:
                return registration_id
        return None

    return _poll(page, active_registration)


def _notifications(page: Page) -> list[dict]:
    return page.evaluate(NOTIFICATIONS)


def test_a_push_message_shows_a_notification_that_opens_the_conversation(
    samira_state: dict, new_phone, base_url: str, checker: PageChecker
) -> None:
    context = new_phone(storage_state=samira_state)
    context.grant_permissions(["notifications"], origin=base_url)
    page = context.new_page()
    page.goto("/berichten")
    with page.expect_navigation():
        page.locator("main a", has_text="Alleen jij en Petra").click()
    conversation = urlsplit(page.url).path
    assert conversation.startswith("/berichten/")
    page.evaluate("navigator.serviceWorker.ready.then(registration => Boolean(registration.active))")
    assert page.evaluate("Notification.permission") == "granted"

    cdp = context.new_cdp_session(page)
    registration_id = _registration_id(page, cdp, base_url + "/")

    def deliver(payload: dict) -> None:
        data = json.dumps(payload, ensure_ascii=False)
        cdp.send(
            "ServiceWorker.deliverPushMessage",
            {"origin": base_url, "registrationId": registration_id, "data": data},
        )

    tag = f"bericht-{conversation.rsplit('/', 1)[-1]}"
    deliver(
        {
            "title": "OnsPlan",
            "body": "Je hebt een nieuw bericht in OnsPlan",
            "url": conversation,
            "tag": tag,
            "lang": "nl",
            "dir": "ltr",
        }
    )
    [shown] = _poll(page, lambda: _notifications(page))
    assert shown["title"] == "OnsPlan"
    assert shown["body"] == "Je hebt een nieuw bericht in OnsPlan"
    assert shown["tag"] == tag
    assert (shown["lang"], shown["dir"]) == ("nl", "ltr")
    assert shown["icon"] == base_url + "/static/icons/icon-192.png"
    for image in (shown["icon"], shown["badge"]):
        response = context.request.get(image)
        assert response.ok and response.headers["content-type"] == "image/png", image
    # The click target: the conversation (opened after logging in; the notification itself says nothing more).
    assert shown["data"] == {"url": conversation}

    # The worker sends at least once: the same tag again replaces the notification instead of adding one.
    deliver({"title": "OnsPlan", "body": "Je hebt een nieuw bericht in OnsPlan (2)", "url": conversation, "tag": tag})
    replaced = _poll(
        page, lambda: [n for n in _notifications(page) if n["body"].endswith("(2)")] and _notifications(page)
    )
    assert [n["tag"] for n in replaced] == [tag]

    # Another tag is another notification; a link to another site is not followed (home instead).
    deliver(
        {
            "title": "OnsPlan",
            "body": "Er is een nieuwe versie van je plan in OnsPlan",
            "url": "https://evil.example/x",
            "tag": "plan-1",
        }
    )
    both = _poll(page, lambda: len(_notifications(page)) == 2 and _notifications(page))
    by_tag = {n["tag"]: n for n in both}
    assert by_tag["plan-1"]["data"] == {"url": "/home"}
    assert by_tag[tag]["data"] == {"url": conversation}

    # Where the click goes: the conversation page opens for Samira.
    target = by_tag[tag]["data"]["url"]
    response = page.goto(target)
    assert response is not None and response.status == 200
    expect(page.locator("#message-form")).to_be_visible()
    checker.check(page, "conversation opened from a notification")
