"""Samira writes her regisseur privately; Petra sees it arrive in her open inbox without reloading and answers; Samira sees the answer
without reloading and that conversation's unread badge clears. Her foster mother cannot open the private conversation (404)."""

from __future__ import annotations

import re

from playwright.sync_api import Locator, expect

from e2e.pages import PageChecker, assert_not_reloaded, check_in_dutch_and_arabic, mark_page

QUESTION = "Hoi Petra, mag ik je iets vragen over mijn kamer?"
ANSWER = "Natuurlijk Samira, bel me morgen."


def _unread(row: Locator) -> int:
    """The number on a conversation's unread badge, 0 without one."""
    badge = row.locator(".badge")
    return int(badge.inner_text().split()[0]) if badge.count() else 0


def test_youth_and_regisseur_talk_privately(
    samira_state: dict, petra_state: dict, hendriks_state: dict, new_phone, checker: PageChecker
) -> None:
    # Petra has her inbox open before Samira writes.
    petra = new_phone(storage_state=petra_state, viewport={"width": 360, "height": 740}).new_page()
    petra.goto("/berichten")
    petra_marker = mark_page(petra)
    inbox_url = petra.url
    private_row = petra.locator("main li", has_text="Samira Haddou")
    unread_before = _unread(private_row)  # earlier journeys may have left messages in this conversation

    samira = new_phone(storage_state=samira_state).new_page()
    samira.goto("/berichten")
    check_in_dutch_and_arabic(samira, checker, "messages (youth)")
    with samira.expect_navigation():
        samira.locator("main a", has_text="Alleen jij en Petra").click()
    private_url = samira.url
    check_in_dutch_and_arabic(samira, checker, "private conversation")
    samira_marker = mark_page(samira)
    samira.fill("#body", QUESTION)
    samira.locator("#message-form button[type=submit]").click()
    expect(samira.locator(".bubble--mine").last).to_contain_text(QUESTION)
    expect(samira.locator("#body")).to_have_value("")
    assert_not_reloaded(samira, samira_marker, private_url)

    # The message shows up in Petra's open inbox without a reload, with how long it has waited.
    expect(private_row.locator(".badge")).to_have_text(re.compile(rf"^{unread_before + 1} "), timeout=20_000)
    expect(private_row).to_contain_text("op antwoord")
    assert_not_reloaded(petra, petra_marker, inbox_url)
    check_in_dutch_and_arabic(petra, checker, "regisseur inbox")
    petra.goto(private_url)
    expect(petra.locator("#thread")).to_contain_text(QUESTION)
    petra.fill("#body", ANSWER)
    petra.locator("#message-form button[type=submit]").click()
    expect(petra.locator(".bubble--mine").last).to_contain_text(ANSWER)

    # Samira's open page polls: the answer appears without a reload.
    expect(samira.locator("#thread")).to_contain_text(ANSWER, timeout=15_000)
    assert_not_reloaded(samira, samira_marker, private_url)
    # Read on the open page: the private conversation has no unread badge any more (the family one still has
    # Petra's earlier message from the demo story).
    samira.goto("/berichten")
    expect(samira.locator("main li", has_text="Alleen jij en Petra").locator(".badge")).to_have_count(0)
    expect(samira.locator("main li", has_text="Gezin Haddou").locator(".badge")).to_have_count(1)

    foster = new_phone(storage_state=hendriks_state).new_page()
    response = foster.goto(private_url)
    assert response is not None and response.status == 404
    checker.check(foster, "private conversation refused (404)")
