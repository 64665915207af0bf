"""Nothing typed is lost. Samira writes her regisseur without a connection: the messages wait on her phone, marked
"wordt verstuurd", and go out once she is online again, each exactly once (Petra sees each once). When the server
fails (500), her text stays in the box with an explanation, and sending again works. When the network drops during
a send, the message waits and is sent by itself a few seconds later. Logging out clears what waits on the device.
"""

from __future__ import annotations

import json
import time

from playwright.sync_api import BrowserContext, Page, Route, expect

from e2e.pages import PageChecker

QUEUE_KEY = "onsplan-outbox"
PENDING_LABEL = "wordt verstuurd"


def _unique(text: str) -> str:
    return f"{text} ({time.time_ns()})"


def _open_private_conversation(context: BrowserContext) -> Page:
    page = context.new_page()
    page.goto("/berichten")
    with page.expect_navigation():
        page.locator("main a", has_text="Alleen jij en Petra").click()
    page.wait_for_load_state("load")
    return page


def _send(page: Page, text: str) -> None:
    page.fill("#body", text)
    page.locator("#message-form button[type=submit]").click()


def _queue(page: Page) -> list[dict]:
    return json.loads(page.evaluate(f"localStorage.getItem('{QUEUE_KEY}') || '[]'"))


def _forget_expected_console_errors(checker: PageChecker, *fragments: str) -> None:
    """The browser reports a failed request (and htmx its error event) on the console: expected here, and only
    these; anything else (a CSP violation, a script error) still fails the test."""
    checker.console_errors[:] = [e for e in checker.console_errors if not any(f in e for f in fragments)]


def test_an_offline_message_waits_on_the_phone_and_arrives_once(
    samira_state: dict, petra_state: dict, new_phone, checker: PageChecker
) -> None:
    context = new_phone(storage_state=samira_state)
    page = _open_private_conversation(context)
    conversation = page.url
    first, second = _unique("Ik zit in de trein zonder internet"), _unique("Bel je me morgen?")

    context.set_offline(True)
    page.wait_for_function("!navigator.onLine")
    _send(page, first)
    pending = page.locator("#thread .bubble--pending")
    expect(pending).to_have_count(1)
    expect(pending).to_contain_text(first)
    expect(pending).to_contain_text(PENDING_LABEL)
    expect(page.locator("#body")).to_have_value("")
    expect(page.locator("[data-queued-note]")).to_be_visible()
    _send(page, second)
    expect(pending).to_have_count(2)
    queued = _queue(page)
    assert [item["body"] for item in queued] == [first, second]
    assert len({item["client_key"] for item in queued}) == 2, "each message has its own idempotency key"
    checker.check(page, "conversation with messages waiting to be sent")

    context.set_offline(False)
    expect(pending).to_have_count(0, timeout=15_000)
    expect(page.locator("#thread .bubble--mine", has_text=first)).to_have_count(1)
    expect(page.locator("#thread .bubble--mine", has_text=second)).to_have_count(1)
    expect(page.locator("[data-queued-note]")).to_be_hidden()
    assert _queue(page) == []

    page.reload()
    expect(page.locator("#thread li", has_text=first)).to_have_count(1)
    expect(page.locator("#thread li", has_text=second)).to_have_count(1)
    texts = page.locator("#thread .bubble--mine .bubble__body").all_inner_texts()
    assert texts.index(next(t for t in texts if first in t)) < texts.index(next(t for t in texts if second in t))

    petra = new_phone(storage_state=petra_state).new_page()
    petra.goto(conversation)
    expect(petra.locator("#thread li", has_text=first)).to_have_count(1)
    expect(petra.locator("#thread li", has_text=second)).to_have_count(1)


# The two tests that fake the network with page.route() run without the service worker. Playwright documents that
# routing and service workers do not mix, and OnsPlan's worker takes control of the page (clients.claim) at a moment
# the test does not choose, possibly while the faked request is under way. These two tests failed now and then in
# full CI runs only (never alone, also not under CPU load); this removes the one moving part they do not test.
NO_SERVICE_WORKER = {"service_workers": "block"}


def test_a_server_error_keeps_the_text_and_says_so(samira_state: dict, new_phone, checker: PageChecker) -> None:
    context = new_phone(storage_state=samira_state, **NO_SERVICE_WORKER)
    page = _open_private_conversation(context)
    conversation = page.url
    text = _unique("Mag ik een nieuwe afspraak?")

    def fail_posts(route: Route) -> None:
        if route.request.method == "POST":
            route.fulfill(status=500, content_type="text/html", body="<p>Internal Server Error</p>")
        else:
            route.continue_()

    page.route(conversation, fail_posts)
    _send(page, text)
    error = page.locator("#message-form [data-send-error]")
    expect(error).to_be_visible(timeout=15_000)  # a busy CI machine: the 500 is answered by the route, then htmx reacts
    expect(error).to_contain_text("Je tekst staat er nog")
    expect(page.locator("#body")).to_have_value(text)
    expect(page.locator("#thread .bubble--pending")).to_have_count(0)
    assert _queue(page) == []
    _forget_expected_console_errors(checker, "status of 500", "Response Status Error Code 500")
    checker.check(page, "conversation after a server error")

    # The server is back: sending again (the same idempotency key) stores it once.
    page.unroute(conversation, fail_posts)
    page.locator("#message-form button[type=submit]").click()
    expect(page.locator("#thread .bubble--mine", has_text=text)).to_have_count(1)
    expect(page.locator("#body")).to_have_value("")
    expect(page.locator("#message-form [data-send-error]")).to_be_hidden()
    page.reload()
    expect(page.locator("#thread li", has_text=text)).to_have_count(1)


def test_a_send_that_loses_the_network_is_retried_by_itself(
    samira_state: dict, new_phone, checker: PageChecker
) -> None:
    context = new_phone(storage_state=samira_state, **NO_SERVICE_WORKER)
    page = _open_private_conversation(context)
    conversation = page.url
    text = _unique("Mijn verbinding valt steeds weg")

    def drop_posts(route: Route) -> None:
        if route.request.method == "POST":
            route.abort("connectionreset")
        else:
            route.continue_()

    page.route(conversation, drop_posts)
    _send(page, text)
    pending = page.locator("#thread .bubble--pending", has_text=text)
    # On a busy machine the reset connection can take a while to be reported to the page: allow for it.
    expect(pending).to_have_count(1, timeout=15_000)
    expect(page.locator("#body")).to_have_value("")
    page.unroute(conversation, drop_posts)

    expect(pending).to_have_count(0, timeout=15_000)  # the retry timer (5 s) sent it
    expect(page.locator("#thread .bubble--mine", has_text=text)).to_have_count(1)
    assert _queue(page) == []
    _forget_expected_console_errors(checker, "net::ERR_CONNECTION_RESET", "htmx:sendError", "htmx:afterRequest")
    page.reload()
    expect(page.locator("#thread li", has_text=text)).to_have_count(1)


def test_the_logged_out_page_clears_what_waits_on_the_device(new_phone) -> None:
    page = new_phone().new_page()
    page.goto("/login")
    page.evaluate(
        "key => localStorage.setItem(key, JSON.stringify([{action: '/berichten/1', body: 'geheim', client_key: 'k'}]))",
        QUEUE_KEY,
    )
    page.goto("/login?signed_out=1")
    page.wait_for_load_state("load")
    assert page.evaluate("document.body.dataset.loggedOut") == "1"
    page.wait_for_function(f"localStorage.getItem('{QUEUE_KEY}') === null")
