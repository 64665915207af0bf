"""Vraag het een andere pleegouder, at 360 px in real Chromium, on a server of its own (it changes the demo story):

Marleen (hendriks) asks the other foster parents a question → the identifying-details warning fires for "Samira (17)
uit Venlo" and she takes the details out → Joke answers → Marleen marks the answer "dit hielp mij" and Joke gets a
notification (an outbox row of kind "vragen", generic) → Samira asks the other young people a question → it waits
for a moderator → Mo (moderator, TOTP) approves it from the queue → Jesse reads it in the Jongeren space → a post with
a crisis word is held and its writer sees 113.

Every new page is checked (axe, 360 px, reflow at 200% zoom) in Dutch and in Arabic. Controls are found by name,
value, href or form action where their text may be translated.
"""

from __future__ import annotations

import re

from playwright.sync_api import Page, expect
from sqlalchemy import create_engine, text

from e2e.demo import HENDRIKS_EMAIL, SAMIRA_EMAIL
from e2e.pages import PageChecker, check_in_dutch_and_arabic, log_in, path_of
from e2e.server import RunningApp

JOKE_EMAIL = "joke@example.org"
JESSE_EMAIL = "jesse@example.org"
SANDRA_EMAIL = "sandra@example.org"
MODERATOR_EMAIL = "moderator@example.org"
MODERATOR_TOTP_SECRET = "MODERATORDEMO2FAONSPLANFORUMHULP"

QUESTION_TITLE = "Zakgeld voor een pleegdochter van 17: hoeveel geven jullie?"
QUESTION_BODY = "Samira (17) uit Venlo wil meer zakgeld. Hoeveel geven jullie, en wat betaalt ze er zelf van?"
ANSWER = "Wij geven 60 euro per maand. Daar betaalt ze haar telefoon en kleding van. Zo leert ze sparen."
YOUTH_TITLE = "Hoe vertel je je pleegouders dat je later op jezelf wilt wonen?"
YOUTH_BODY = "Ik ben bang dat ze denken dat ik niet meer bij ze wil zijn. Hoe hebben jullie dat gezegd?"
CRISIS_TITLE = "Het gaat niet goed met me"
CRISIS_BODY = "Ik wil weglopen. Niemand luistert naar me."


def click_to(page: Page, locator, expected: str | re.Pattern, timeout: float = 10_000) -> None:
    """Follow a link or press a button that loads a new page, and land on `expected` (a path or a pattern)."""
    with page.expect_navigation(timeout=timeout):
        locator.click()
    page.wait_for_load_state("load")
    if isinstance(expected, str):
        assert path_of(page) == expected, f"expected {expected}, got {page.url}"
    else:
        assert expected.fullmatch(path_of(page)), f"expected {expected.pattern}, got {page.url}"


def main_text(page: Page) -> str:
    return page.locator("main").inner_text()


class Database:
    """Read-only look at the server's database: what a phone cannot show (the outbox, a post's status)."""

    def __init__(self, url: str) -> None:
        self._engine = create_engine(url)

    def rows(self, sql: str, **values):
        with self._engine.connect() as connection:
            return connection.execute(text(sql), values).all()

    def user_id(self, email: str) -> int:
        return self.rows("SELECT id FROM user WHERE email = :email", email=email)[0][0]

    def post(self, post_id: int) -> tuple[str, str, str]:
        """(status, held_reason, body)"""
        return tuple(self.rows("SELECT status, held_reason, body FROM peer_post WHERE id = :id", id=post_id)[0])

    def notifications(self, email: str) -> list[tuple[str, str, str]]:
        """(kind, url, tag) of every notification for this person."""
        return [
            tuple(row)
            for row in self.rows(
                "SELECT kind, url, tag FROM outbox_notification WHERE user_id = :user ORDER BY id",
                user=self.user_id(email),
            )
        ]


def _question_id(page: Page, space: str) -> int:
    match = re.fullmatch(rf"/vragen/{space}/(\d+)", path_of(page))
    assert match, page.url
    return int(match.group(1))


def _ask(page: Page, space: str, title: str, body: str, topic: str) -> None:
    page.goto(f"/vragen/{space}/nieuw")
    page.fill("input[name=title]", title)
    page.fill("textarea[name=body]", body)
    page.locator(f"input[name=topics][value={topic}]").check()


def _post_button(page: Page):
    """The form's own submit button (not the warning's two buttons)."""
    return page.locator("main form.peer-form > .button-row button[type=submit]")


def test_a_foster_parent_asks_gets_an_answer_that_helped_and_a_youths_question_is_moderated(
    private_app: RunningApp, new_phone, checker: PageChecker
) -> None:
    server = private_app
    database = Database(server.database_url)

    # --- Marleen lands on the invitation to ask and writes a question with identifying details ------------------
    marleen = log_in(new_phone(base_url=server.base_url), HENDRIKS_EMAIL)
    card = marleen.locator(
        "main section[aria-labelledby=peers-title]"
    )  # the peer questions card (Nu voor jou links there too)
    expect(card).to_have_count(1)
    check_in_dutch_and_arabic(marleen, checker, "home with the peer questions card (foster parent)")
    click_to(marleen, card.locator("a[href='/vragen/pleegouders']"), "/vragen/pleegouders")
    expect(marleen.locator("main")).to_contain_text("Samira wordt 18: hoe regelen jullie verlengde pleegzorg tot 21?")
    check_in_dutch_and_arabic(marleen, checker, "the Pleegouders space")

    _ask(marleen, "pleegouders", QUESTION_TITLE, QUESTION_BODY, "geld")
    check_in_dutch_and_arabic(marleen, checker, "new question form")
    _ask(marleen, "pleegouders", QUESTION_TITLE, QUESTION_BODY, "geld")  # the language switch reloaded the form
    # The first identifying-details check of a fresh server loads the Dutch place names (seconds on this machine).
    click_to(marleen, _post_button(marleen), "/vragen/pleegouders/nieuw", timeout=30_000)
    warning = marleen.locator("#identifying-warning")
    expect(warning).to_be_visible()
    expect(warning).to_contain_text("Venlo")
    expect(marleen.locator("textarea[name=body]")).to_have_value(QUESTION_BODY)  # what she typed is kept
    checker.check(marleen, "new question with the identifying-details warning (nl)")

    click_to(marleen, warning.locator("button[name=identifying][value=remove]"), re.compile(r"/vragen/pleegouders/\d+"))
    question_id = _question_id(marleen, "pleegouders")
    status, _reason, body = database.post(question_id)
    assert status == "published", status
    assert "Venlo" not in body and "Samira (17)" not in body, body
    question = marleen.locator(f"#bericht-{question_id}")
    expect(question).not_to_contain_text("Venlo")
    check_in_dutch_and_arabic(marleen, checker, "a question, just asked")

    # --- Joke answers --------------------------------------------------------------------------------------------
    joke = log_in(new_phone(base_url=server.base_url), JOKE_EMAIL)
    joke.goto(f"/vragen/pleegouders/{question_id}")
    expect(joke.locator("main")).to_contain_text(QUESTION_TITLE)
    expect(joke.locator("main")).not_to_contain_text("Hendriks")
    expect(joke.locator("main")).not_to_contain_text("Marleen")
    joke.fill("main form[action$='/antwoorden'] textarea[name=body]", ANSWER)
    click_to(
        joke,
        joke.locator("main form[action$='/antwoorden'] button[type=submit]"),
        f"/vragen/pleegouders/{question_id}",
    )
    answer_id = int(
        database.rows("SELECT id FROM peer_post WHERE question_id = :q AND status = 'published'", q=question_id)[0][0]
    )
    expect(joke.locator(f"#bericht-{answer_id}")).to_contain_text(ANSWER)
    before = database.notifications(JOKE_EMAIL)

    # --- Marleen marks it "dit hielp mij"; Joke is told (generic) -----------------------------------------------
    marleen.goto(f"/vragen/pleegouders/{question_id}")
    expect(marleen.locator(f"#bericht-{answer_id}")).to_contain_text(ANSWER)
    helped = marleen.locator(
        f"main form[action$='/hielp']:has(input[name=antwoord][value='{answer_id}']) button[type=submit]"
    )
    click_to(marleen, helped, f"/vragen/pleegouders/{question_id}")
    expect(marleen.locator(f"#bericht-{answer_id}.peer-post--accepted")).to_have_count(1)
    told = [n for n in database.notifications(JOKE_EMAIL) if n not in before]
    assert told and all(kind == "vragen" for kind, _url, _tag in told), told
    assert any(str(question_id) in url for _kind, url, _tag in told), told
    assert not any("Samira" in url + tag or "zakgeld" in (url + tag).lower() for _kind, url, tag in told), told

    # --- Samira asks the other young people: it waits for a moderator --------------------------------------------
    samira = log_in(new_phone(base_url=server.base_url), SAMIRA_EMAIL)
    expect(samira.locator("main a[href='/vragen/jongeren']").first).to_be_visible()
    _ask(samira, "jongeren", YOUTH_TITLE, YOUTH_BODY, "wonen")
    click_to(samira, _post_button(samira), re.compile(r"/vragen/jongeren/\d+"))
    youth_question = _question_id(samira, "jongeren")
    assert database.post(youth_question)[:2] == ("in_review", "jongeren")
    expect(samira.locator(f"#bericht-{youth_question} .waiting")).to_be_visible()
    check_in_dutch_and_arabic(samira, checker, "a youth's question waiting for a moderator")

    jesse = log_in(new_phone(base_url=server.base_url), JESSE_EMAIL)
    jesse.goto("/vragen/jongeren")
    expect(jesse.locator("main")).not_to_contain_text(YOUTH_TITLE)
    assert jesse.goto(f"/vragen/jongeren/{youth_question}").status == 404

    # --- Mo approves it from the queue ---------------------------------------------------------------------------
    mo = log_in(new_phone(base_url=server.base_url), MODERATOR_EMAIL, MODERATOR_TOTP_SECRET)
    expect(mo.locator("#nu-voor-jou a[href='/moderatie']")).to_contain_text(
        re.compile(r"\d+ berichten wachten op moderatie")
    )
    expect(mo.locator("main")).not_to_contain_text("Welkom bij OnsPlan")
    check_in_dutch_and_arabic(mo, checker, "home of the moderator")
    click_to(mo, mo.locator("#nu-voor-jou a[href='/moderatie']"), "/moderatie")
    check_in_dutch_and_arabic(mo, checker, "moderation queue")
    click_to(
        mo, mo.locator(f"main a[href='/moderatie/bericht/{youth_question}']"), f"/moderatie/bericht/{youth_question}"
    )
    check_in_dutch_and_arabic(mo, checker, "a post in the moderation queue")
    approve = mo.locator(f"main form[action='/moderatie/bericht/{youth_question}/approve']")
    reason = approve.locator("textarea, input[type=text]").first
    if reason.count():
        reason.fill("Geen persoonlijke gegevens. Vriendelijke vraag.")
    click_to(mo, approve.locator("button[type=submit]"), f"/moderatie/bericht/{youth_question}")
    assert database.post(youth_question)[0] == "published"

    mo.goto("/vragen/onbeantwoord")
    expect(mo.locator("main")).to_contain_text("Welke vergoeding krijgen jullie voor schoolspullen en kleding?")
    check_in_dutch_and_arabic(mo, checker, "unanswered questions (moderator)")

    # --- Jesse now reads it ---------------------------------------------------------------------------------------
    jesse.goto("/vragen/jongeren")
    expect(jesse.locator("main")).to_contain_text(YOUTH_TITLE)
    click_to(
        jesse,
        jesse.locator(f"main a[href='/vragen/jongeren/{youth_question}']").first,
        f"/vragen/jongeren/{youth_question}",
    )
    expect(jesse.locator("main")).to_contain_text(YOUTH_BODY)
    expect(jesse.locator("main")).not_to_contain_text("Haddou")
    check_in_dutch_and_arabic(jesse, checker, "the Jongeren space's question, approved")

    # --- a post with a crisis word is held, and its writer sees 113 ---------------------------------------------
    _ask(samira, "jongeren", CRISIS_TITLE, CRISIS_BODY, "gedrag")
    click_to(samira, _post_button(samira), re.compile(r"/vragen/jongeren/\d+"))
    crisis_question = _question_id(samira, "jongeren")
    assert database.post(crisis_question)[:2] == ("in_review", "crisis")
    help_box = samira.locator("main .crisis-help")
    expect(help_box).to_be_visible()
    expect(help_box).to_contain_text("113")
    expect(help_box.locator("a[href='tel:08000113']")).to_have_count(1)
    check_in_dutch_and_arabic(samira, checker, "crisis help after a held post")
    mo.goto("/moderatie")
    expect(mo.locator(f"main a[href='/moderatie/bericht/{crisis_question}']")).to_have_count(1)


def test_the_ervaringsdeskundige_finds_the_unanswered_question_from_her_home_page(
    private_app: RunningApp, new_phone, checker: PageChecker
) -> None:
    server = private_app
    sandra = log_in(new_phone(base_url=server.base_url), SANDRA_EMAIL)
    link = sandra.locator("main a[href='/vragen/onbeantwoord']")
    expect(link).to_have_count(1)
    check_in_dutch_and_arabic(sandra, checker, "home of an ervaringsdeskundige")
    click_to(sandra, link, "/vragen/onbeantwoord")
    question = sandra.locator("main a", has_text="Welke vergoeding krijgen jullie voor schoolspullen en kleding?")
    expect(question).to_have_count(1)
    expect(sandra.locator("main")).not_to_contain_text("Ahmed")
    check_in_dutch_and_arabic(sandra, checker, "unanswered questions (ervaringsdeskundige)")
    click_to(sandra, question, re.compile(r"/vragen/pleegouders/\d+"))
