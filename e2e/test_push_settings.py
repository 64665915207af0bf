"""Samira sets up notifications on /meldingen: which kinds and quiet hours (kept after a reload, and kept when she
makes a mistake), this phone on (a device in the list) and off again, in Dutch and Arabic. An iPhone outside the
home screen is told how to add OnsPlan there first; a browser without push is told so.

`PushManager.subscribe` never succeeds here (no push service): an init script stands in for the browser's push
service with a subscription whose endpoint is on 127.0.0.1 (the server accepts such endpoints only when the test configuration allows them).
"""

from __future__ import annotations

import hashlib

from playwright.sync_api import Page, expect

from e2e.pages import PageChecker, check_in_dutch_and_arabic

FAKE_ENDPOINT = "http://127.0.0.1:9/push/samira-phone"

# A stand-in for the browser's push service: subscribe() answers a subscription shaped like Chromium's; it is
# remembered for the tab (sessionStorage), so a reload still finds it, as with a real subscription.
FAKE_PUSH = """
(() => {
  const ENDPOINT = "__ENDPOINT__";
  const b64url = (bytes) => btoa(String.fromCharCode(...bytes)).replace(/\\+/g, "-").replace(/\\//g, "_").replace(/=+$/, "");
  const p256dh = new Uint8Array(65).map((_, i) => (i === 0 ? 4 : i));
  const auth = new Uint8Array(16).fill(7);
  const subscription = () => ({
    endpoint: ENDPOINT,
    expirationTime: null,
    options: { userVisibleOnly: true },
    toJSON: () => ({ endpoint: ENDPOINT, expirationTime: null, keys: { p256dh: b64url(p256dh), auth: b64url(auth) } }),
    unsubscribe: () => { sessionStorage.removeItem("fake-push"); return Promise.resolve(true); },
  });
  PushManager.prototype.subscribe = function (options) {
    window.__subscribeOptions = {
      userVisibleOnly: options.userVisibleOnly,
      keyBytes: new Uint8Array(options.applicationServerKey).length,
    };
    sessionStorage.setItem("fake-push", "1");
    return Promise.resolve(subscription());
  };
  PushManager.prototype.getSubscription = function () {
    return Promise.resolve(sessionStorage.getItem("fake-push") ? subscription() : null);
  };
})();
""".replace("__ENDPOINT__", FAKE_ENDPOINT)

IPHONE_SAFARI = (
    "Mozilla/5.0 (iPhone; CPU iPhone OS 17_4 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) "
    "Version/17.4 Mobile/15E148 Safari/604.1"
)


def _save_preferences(page: Page) -> None:
    with page.expect_navigation():
        page.locator("form[action$='/meldingen/voorkeuren'] button[type=submit]").click()
    page.wait_for_load_state("load")


def test_samira_chooses_her_notifications_and_turns_this_phone_on_and_off(
    samira_state: dict, new_phone, base_url: str, checker: PageChecker
) -> None:
    context = new_phone(storage_state=samira_state)
    context.grant_permissions(["notifications"], origin=base_url)
    context.add_init_script(FAKE_PUSH)
    page = context.new_page()
    page.goto("/account")
    with page.expect_navigation():
        page.locator("main a", has_text="Meldingen instellen").click()
    assert page.url == base_url + "/meldingen"
    expect(page.locator("#push-subscribe")).to_be_visible()
    expect(page.locator("#push-off")).to_be_visible()
    expect(page.locator("#push-nojs")).to_be_hidden()
    check_in_dutch_and_arabic(page, checker, "notification settings")

    # What about, and when not: kept after a reload.
    page.uncheck("#berichten")
    page.fill("#quiet_from", "22:00")
    page.fill("#quiet_until", "07:00")
    _save_preferences(page)
    expect(page.locator(".flash--success")).to_contain_text("Je keuzes voor meldingen zijn opgeslagen.")
    page.reload()
    expect(page.locator("#berichten")).not_to_be_checked()
    expect(page.locator("#plan")).to_be_checked()
    expect(page.locator("#quiet_from")).to_have_value("22:00")
    expect(page.locator("#quiet_until")).to_have_value("07:00")

    # A mistake keeps what she typed and says what to fix.
    page.check("#berichten")
    page.fill("#quiet_until", "")
    _save_preferences(page)
    expect(page.locator("#quiet_until-error")).to_have_text("Vul allebei de tijden in, of laat ze allebei leeg.")
    expect(page.locator("#berichten")).to_be_checked()
    expect(page.locator("#quiet_from")).to_have_value("22:00")
    checker.check(page, "notification settings with an error")
    page.goto("/meldingen")
    expect(page.locator("#berichten")).not_to_be_checked()  # nothing was saved

    # This phone on: the subscription goes to the server and the phone appears in the list.
    expect(page.locator("#apparaten .device")).to_have_count(0)
    page.click("#push-subscribe")
    expect(page.locator("#push-on")).to_be_visible()
    device = page.locator("#apparaten .device")
    expect(device).to_have_count(1)
    expect(device).to_contain_text("Chrome")
    expect(device.locator(".device__this")).to_be_visible()
    expect(page.locator("#push-unsubscribe")).to_be_visible()
    expect(page.locator("#push-subscribe")).to_be_hidden()
    assert page.evaluate("window.__subscribeOptions") == {"userVisibleOnly": True, "keyBytes": 65}
    key = hashlib.sha256(FAKE_ENDPOINT.encode()).hexdigest()[:32]
    page.reload()
    expect(page.locator(f"#apparaten .device[data-endpoint-key='{key}']")).to_have_count(1)
    expect(page.locator("#push-on")).to_be_visible()
    assert FAKE_ENDPOINT not in page.content()
    checker.check(page, "notification settings with this phone on")

    # Removed from the list (a plain form, works without JavaScript): gone, and this phone shows as off.
    with page.expect_navigation():
        page.locator("#apparaten .device button[type=submit]").click()
    expect(page.locator(".flash--success")).to_contain_text("Dit apparaat krijgt geen meldingen meer.")
    expect(page.locator("#apparaten .device")).to_have_count(0)
    expect(page.locator("#push-off")).to_be_visible()

    # On again, then off with the button on this phone.
    page.click("#push-subscribe")
    expect(page.locator("#apparaten .device")).to_have_count(1)
    page.click("#push-unsubscribe")
    expect(page.locator("#push-off")).to_be_visible()
    expect(page.locator("#apparaten .device")).to_have_count(0)
    page.reload()
    expect(page.locator("#apparaten .device")).to_have_count(0)


def test_an_iphone_is_told_to_add_onsplan_to_the_home_screen_first(
    samira_state: dict, new_phone, checker: PageChecker
) -> None:
    iphone = new_phone(storage_state=samira_state, user_agent=IPHONE_SAFARI).new_page()
    iphone.goto("/meldingen")
    expect(iphone.locator("#push-ios")).to_be_visible()
    expect(iphone.locator("#push-ios")).to_contain_text("Zet op beginscherm")
    expect(iphone.locator("#push-subscribe")).to_be_hidden()
    checker.check(iphone, "notification settings on an iPhone")

    no_push = new_phone(storage_state=samira_state)
    no_push.add_init_script("delete window.PushManager;")
    page = no_push.new_page()
    page.goto("/meldingen")
    expect(page.locator("#push-unsupported")).to_be_visible()
    expect(page.locator("#push-subscribe")).to_be_hidden()
    expect(page.locator("#push-ios")).to_be_hidden()
