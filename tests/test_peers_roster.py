"""Unanswered questions: after 48 hours without a published answer a question goes once to the ervaringsdeskundigen
of its space (a generic push) and onto /vragen/onbeantwoord, which only they and the moderators can open."""

from __future__ import annotations

import itertools
from datetime import UTC, datetime, timedelta

import pyotp
import pytest
from sqlalchemy import update
from sqlmodel import Session, select

from tests.factories import make_family, make_user
from tests.plan_factories import counted_queries, page_text, sign_in
from webapp.models import OutboxNotification, PeerFollow, PeerMember, PeerPost, Relation, Role, User
from webapp.models.peers import PostKind, PostStatus, Space
from webapp.peers import services as peers
from webapp.peers.roster import services
from webapp.peers.roster.services import escalate_unanswered

NOW = datetime(2026, 3, 10, 12, 0, tzinfo=UTC)
_numbers = itertools.count(1)


@pytest.fixture
def frozen(app):
    app.config["ONSPLAN_FROZEN_NOW"] = NOW
    return NOW


def _member(db: Session, user: User, space: str = "pleegouders", *, expert: bool = False) -> PeerMember:
    member = PeerMember(
        user_id=user.id, space=space, pseudonym=f"Rustige Reiger {next(_numbers)}", is_expert=expert, approved_posts=3
    )
    db.add(member)
    db.commit()
    return member


def _question(db: Session, author: PeerMember, hours_ago: float, *, title: str = "Hoe regelen jullie dit?", **kw):
    published = NOW - timedelta(hours=hours_ago)
    post = PeerPost(
        space=author.space,
        kind=PostKind.VRAAG,
        author_id=author.id,
        title=title,
        body="Wie weet raad?",
        topics=["18_worden"],
        status=kw.pop("status", PostStatus.PUBLISHED),
        published_at=published,
        created_at=published,
        last_activity_at=published,
        **kw,
    )
    db.add(post)
    db.commit()
    return post


def _answer(db: Session, question: PeerPost, author: PeerMember, status: str = PostStatus.PUBLISHED) -> PeerPost:
    post = PeerPost(
        space=question.space,
        kind=PostKind.ANTWOORD,
        question_id=question.id,
        author_id=author.id,
        body="Bij ons ging het zo.",
        status=status,
        published_at=NOW - timedelta(hours=1) if status == PostStatus.PUBLISHED else None,
    )
    db.add(post)
    db.commit()
    return post


def _escalate(app, db: Session) -> int:
    with app.app_context():
        done = escalate_unanswered(db)
        db.commit()
    return done


def _pushes(db: Session) -> list[OutboxNotification]:
    return list(db.exec(select(OutboxNotification).where(OutboxNotification.kind == "vragen")).all())


@pytest.fixture
def space(db: Session, frozen):
    """Marleen asks in the Pleegouders space; Sandra is its ervaringsdeskundige; Ria is an ordinary member."""
    marleen = make_user(db, Role.PLEEGOUDER, name="Marleen Test")
    sandra = make_user(db, name="Sandra Test")
    ria = make_user(db, Role.STEUNGEZIN, name="Ria Test")
    return {
        "marleen": _member(db, marleen),
        "sandra": _member(db, sandra, expert=True),
        "ria": _member(db, ria),
        "users": {"marleen": marleen, "sandra": sandra, "ria": ria},
    }


# --- the 48-hour rule ----------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("hours", "escalated"),
    [(47, False), (47.99, False), (48, True), (49, True), (24 * 10, True)],
)
def test_a_question_goes_to_the_roster_after_48_hours_and_not_before(app, db, space, hours, escalated) -> None:
    question = _question(db, space["marleen"], hours)
    assert _escalate(app, db) == int(escalated)
    db.refresh(question)
    assert (question.escalated_at is not None) is escalated
    pushes = _pushes(db)
    if escalated:
        assert [(p.user_id, p.url) for p in pushes] == [
            (space["users"]["sandra"].id, f"/vragen/pleegouders/{question.id}")
        ]
    else:
        assert pushes == []


def test_an_answered_question_does_not_go_to_the_roster(app, db, space) -> None:
    question = _question(db, space["marleen"], 49)
    _answer(db, question, space["ria"])
    assert _escalate(app, db) == 0
    assert _pushes(db) == []


@pytest.mark.parametrize("answer_status", [PostStatus.IN_REVIEW, PostStatus.HIDDEN, PostStatus.DELETED])
def test_an_answer_nobody_can_read_does_not_count_as_an_answer(app, db, space, answer_status) -> None:
    question = _question(db, space["marleen"], 49)
    _answer(db, question, space["ria"], status=answer_status)
    assert _escalate(app, db) == 1


@pytest.mark.parametrize("status", [PostStatus.HIDDEN, PostStatus.IN_REVIEW, PostStatus.REJECTED, PostStatus.DELETED])
def test_a_question_members_cannot_read_does_not_go_to_the_roster(app, db, space, status) -> None:
    _question(db, space["marleen"], 49, status=status)
    assert _escalate(app, db) == 0
    assert _pushes(db) == []


def test_a_locked_question_does_not_go_to_the_roster(app, db, space) -> None:
    _question(db, space["marleen"], 49, locked=True)
    assert _escalate(app, db) == 0


def test_the_48_hours_count_from_publication_not_from_writing(app, db, space) -> None:
    """A pre-moderated question approved 10 hours ago waits 38 more hours, however long ago it was written."""
    question = _question(db, space["marleen"], 10)
    question.created_at = NOW - timedelta(days=5)
    db.add(question)
    db.commit()
    assert _escalate(app, db) == 0


def test_the_job_sends_each_question_once(app, db, space) -> None:
    _question(db, space["marleen"], 49)
    assert _escalate(app, db) == 1
    assert _escalate(app, db) == 0
    app.config["ONSPLAN_FROZEN_NOW"] = NOW + timedelta(days=3)
    assert _escalate(app, db) == 0
    assert len(_pushes(db)) == 1


def test_a_second_worker_that_read_the_same_question_does_not_send_it_again(app, db, space, monkeypatch) -> None:
    """Two workers read the same due question; the other one claims it between our read and our update: the
    conditional update finds escalated_at set, so we send nothing."""
    question = _question(db, space["marleen"], 49)
    read = db.exec

    class Rows:
        def __init__(self, rows):
            self.rows = rows

        def all(self):
            return self.rows

    def read_then_the_other_worker_claims(statement, *args, **kwargs):
        result = read(statement, *args, **kwargs)
        if getattr(statement, "is_select", False) and not getattr(read_then_the_other_worker_claims, "done", False):
            read_then_the_other_worker_claims.done = True
            rows = result.all()
            read(update(PeerPost).where(PeerPost.id == question.id).values(escalated_at=NOW))
            return Rows(rows)
        return result

    monkeypatch.setattr(db, "exec", read_then_the_other_worker_claims)
    assert _escalate(app, db) == 0
    monkeypatch.undo()
    assert _pushes(db) == []


def test_the_asker_is_not_told_about_her_own_question_even_when_she_is_an_expert(app, db, space) -> None:
    _question(db, space["sandra"], 49)
    assert _escalate(app, db) == 1
    assert _pushes(db) == []  # Sandra is the only expert: nobody else to tell


def test_experts_of_the_other_space_and_inactive_or_suspended_experts_are_not_told(app, db, space) -> None:
    youth_expert = make_user(db, name="Jongeren Expert")
    _member(db, youth_expert, "jongeren", expert=True)
    gone = make_user(db, name="Oud Expert")
    gone.active = False
    db.add(gone)
    _member(db, gone, expert=True)
    paused = _member(db, make_user(db, name="Geschorst Expert"), expert=True)
    paused.suspended_until = NOW + timedelta(days=2)
    db.add(paused)
    db.commit()
    _question(db, space["marleen"], 49)
    _escalate(app, db)
    assert {p.user_id for p in _pushes(db)} == {space["users"]["sandra"].id}


def test_a_space_without_experts_sends_its_unanswered_questions_to_the_moderators(app, db, space) -> None:
    moderator = make_user(db, Role.MODERATOR, name="Mo Test", totp_secret=pyotp.random_base32())
    youth = make_user(db, Role.JONGERE, name="Jongere Test")
    question = _question(db, _member(db, youth, "jongeren"), 50)
    assert _escalate(app, db) == 1
    pushes = _pushes(db)
    assert [(p.user_id, p.url) for p in pushes] == [(moderator.id, f"/vragen/jongeren/{question.id}")]


def test_the_push_names_neither_the_question_nor_the_asker(app, db, space) -> None:
    _question(db, space["marleen"], 49, title="Samira wordt 18")
    _escalate(app, db)
    (push,) = _pushes(db)
    assert push.kind == "vragen"
    assert "Samira" not in push.url + push.tag
    assert "Marleen" not in push.url + push.tag
    assert push.tag == f"vragen-onbeantwoord-{push.url.rsplit('/', 1)[1]}"


# --- the roster page -----------------------------------------------------------------------------------------------


def test_the_expert_sees_the_unanswered_questions_of_her_space_oldest_first(app, db, space) -> None:
    newer = _question(db, space["marleen"], 50, title="Nieuwere vraag over school")
    older = _question(db, space["ria"], 80, title="Oudere vraag over geld")
    _question(db, space["ria"], 20, title="Te nieuwe vraag")
    answered = _question(db, space["ria"], 90, title="Beantwoorde vraag")
    _answer(db, answered, space["marleen"])
    youth = make_user(db, Role.JONGERE, name="Jongere Test")
    _question(db, _member(db, youth, "jongeren"), 60, title="Vraag van een jongere")
    html = sign_in(app, space["users"]["sandra"]).text("/vragen/onbeantwoord")
    text = page_text(html)
    assert text.index("Oudere vraag over geld") < text.index("Nieuwere vraag over school")
    assert "Te nieuwe vraag" not in text
    assert "Beantwoorde vraag" not in text
    assert "Vraag van een jongere" not in text  # the Jongeren space is not hers
    assert f'href="/vragen/pleegouders/{older.id}"' in html
    assert f'href="/vragen/pleegouders/{newer.id}"' in html
    assert "wacht 3 dagen" in text
    assert 'dir="auto"' in html
    for name in ("Marleen Test", "Ria Test"):
        assert name not in text


def test_the_moderator_sees_both_spaces_and_how_many_experts_each_has(app, db, space) -> None:
    moderator = make_user(db, Role.MODERATOR, name="Mo Test", totp_secret=pyotp.random_base32())
    youth = make_user(db, Role.JONGERE, name="Jongere Test")
    _question(db, _member(db, youth, "jongeren"), 60, title="Vraag van een jongere")
    _question(db, space["marleen"], 50, title="Vraag van een pleegouder")
    text = page_text(sign_in(app, moderator).text("/vragen/onbeantwoord"))
    assert "Vraag van een jongere" in text
    assert "Vraag van een pleegouder" in text
    assert "1 ervaringsdeskundige" in text
    assert "Daarom krijgen de moderators deze vragen" in text  # the Jongeren space has none


def test_with_nothing_waiting_the_expert_reads_that_every_question_has_an_answer(app, db, space) -> None:
    text = page_text(sign_in(app, space["users"]["sandra"]).text("/vragen/onbeantwoord"))
    assert "Alle vragen hebben een antwoord" in text


@pytest.mark.parametrize("who", ["marleen", "ria"])
def test_an_ordinary_member_gets_404_on_the_roster(app, db, space, who) -> None:
    _question(db, space["marleen"], 50)
    assert sign_in(app, space["users"][who]).get("/vragen/onbeantwoord").status_code == 404


@pytest.mark.parametrize("role", [Role.REGISSEUR, Role.COORDINATOR, Role.BEHEERDER, Role.JONGERE, Role.OUDER])
def test_other_roles_get_404_on_the_roster(app, db, frozen, role) -> None:
    professional = role in (Role.REGISSEUR, Role.COORDINATOR, Role.BEHEERDER)
    user = make_user(db, role, totp_secret=pyotp.random_base32() if professional else None)
    assert sign_in(app, user).get("/vragen/onbeantwoord").status_code == 404


def test_an_expert_whose_account_was_switched_off_cannot_open_the_roster(app, db, space) -> None:
    roster_spaces = services.roster_spaces
    sandra = space["users"]["sandra"]
    sandra.active = False
    assert roster_spaces(db, sandra) == []


def test_the_roster_asks_a_login(client) -> None:
    response = client.get("/vragen/onbeantwoord")
    assert response.status_code == 302
    assert "/login" in response.headers["Location"]


# --- the home card ---------------------------------------------------------------------------------------------------


def test_the_moderator_lands_on_the_posts_waiting_for_moderation(app, db, space) -> None:
    moderator = make_user(db, Role.MODERATOR, name="Mo Test", totp_secret=pyotp.random_base32())
    _question(db, space["ria"], 1, status=PostStatus.IN_REVIEW, held_reason="nieuw_lid")
    _question(db, space["ria"], 2, status=PostStatus.IN_REVIEW, held_reason="crisis")
    _question(db, space["ria"], 3, status=PostStatus.HIDDEN, held_reason="vlaggen")
    _question(db, space["ria"], 4, status=PostStatus.REJECTED)
    _question(db, space["ria"], 60)  # unanswered
    html = sign_in(app, moderator).text("/home")
    text = page_text(html)
    assert "3 berichten wachten op moderatie" in text
    assert "1 vraag zonder antwoord" in text
    assert 'href="/moderatie"' in html
    assert 'href="/vragen/onbeantwoord"' in html
    assert "Welkom bij OnsPlan" not in text


def test_a_foster_parent_is_invited_to_ask_and_sees_new_answers(app, db, space) -> None:
    question = _question(db, space["marleen"], 30)
    _answer(db, question, space["ria"])
    followed = _question(db, space["ria"], 20)
    db.add(PeerFollow(question_id=followed.id, member_id=space["marleen"].id))
    db.commit()
    _answer(db, followed, space["sandra"])
    _answer(db, followed, space["marleen"])  # her own answer is not news to her
    html = sign_in(app, space["users"]["marleen"]).text("/home")
    text = page_text(html)
    assert "Vraag het een andere pleegouder" in text
    assert 'href="/vragen/pleegouders"' in html
    assert "2 nieuwe antwoorden" in text
    assert "moderatie" not in text


def test_a_foster_youth_is_invited_to_ask_other_youths_and_a_youth_at_home_is_not(app, db, frozen) -> None:
    foster_parent = make_user(db, Role.PLEEGOUDER)
    in_foster_care = make_user(db, Role.JONGERE, birth_date=NOW.date().replace(year=NOW.year - 16))
    at_home = make_user(db, Role.JONGERE, birth_date=NOW.date().replace(year=NOW.year - 15))
    mother = make_user(db, Role.OUDER)
    make_family(db, None, (in_foster_care, Relation.JONGERE), (foster_parent, Relation.PLEEGOUDER))
    make_family(db, None, (at_home, Relation.JONGERE), (mother, Relation.OUDER))
    html = sign_in(app, in_foster_care).text("/home")
    assert "Vraag het andere jongeren" in page_text(html)
    assert 'href="/vragen/jongeren"' in html
    assert "Vraag het" not in page_text(sign_in(app, at_home).text("/home"))
    assert "Vraag het" not in page_text(sign_in(app, mother).text("/home"))


def test_the_peer_card_costs_one_statement(app, db, space) -> None:
    visitor = sign_in(app, space["users"]["marleen"])
    with counted_queries(app) as statements:
        visitor.text("/home")
    peers = [s for s in statements if "peer_" in s]
    assert len(peers) == 1, peers


def test_home_summary_for_an_expert_counts_her_roster(app, db, space) -> None:
    _question(db, space["ria"], 60)
    with app.app_context():
        summary = peers.home(db, space["users"]["sandra"])
    assert summary.spaces == (Space.PLEEGOUDERS.value,)
    assert summary.unanswered == 1
    assert summary.to_moderate == 0


# --- the demo story --------------------------------------------------------------------------------------------------


@pytest.fixture
def demo(app, db) -> dict[str, User]:
    from webapp.demo.story import seed

    with app.test_request_context():
        seed(db)
        db.commit()
    return {u.email.split("@")[0]: u for u in db.exec(select(User)).all() if u.email}


def test_the_demo_marleen_asked_about_extended_foster_care_and_got_an_accepted_and_a_recommended_answer(
    db, demo
) -> None:
    question = db.exec(select(PeerPost).where(PeerPost.title.startswith("Samira wordt 18"))).one()
    asker = db.get(PeerMember, question.author_id)
    assert asker.user_id == demo["hendriks"].id and asker.pseudonym != "Marleen"
    answers = db.exec(select(PeerPost).where(PeerPost.question_id == question.id)).all()
    assert len(answers) == 2 and all(a.status == PostStatus.PUBLISHED for a in answers)
    writers = {db.get(PeerMember, a.author_id).user_id for a in answers}
    assert writers == {demo["ahmed"].id, demo["joke"].id}
    accepted = next(a for a in answers if a.id == question.accepted_answer_id)
    recommended = next(a for a in answers if a.recommended_by_id is not None)
    assert accepted is not recommended
    assert db.get(PeerMember, recommended.recommended_by_id).is_expert


def test_the_demo_moderator_queue_holds_a_new_members_post_and_a_crisis_post(app, db, demo) -> None:
    held = db.exec(select(PeerPost).where(PeerPost.status == PostStatus.IN_REVIEW)).all()
    assert sorted(p.held_reason for p in held) == ["crisis", "nieuw_lid"]
    text = page_text(sign_in(app, demo["moderator"]).text("/home"))
    assert "2 berichten wachten op moderatie" in text
    assert "Welkom bij OnsPlan" not in text


def test_the_demo_jongeren_space_has_published_questions_and_emre_is_not_in_it(app, db, demo) -> None:
    youth_questions = db.exec(
        select(PeerPost).where(
            PeerPost.space == "jongeren", PeerPost.kind == "vraag", PeerPost.status == PostStatus.PUBLISHED
        )
    ).all()
    assert len(youth_questions) >= 2
    assert "Vraag het andere jongeren" in page_text(sign_in(app, demo["samira"]).text("/home"))
    assert "Vraag het" not in page_text(sign_in(app, demo["emre"]).text("/home"))
    assert "Vraag het een andere pleegouder" in page_text(sign_in(app, demo["hendriks"]).text("/home"))


def test_the_demo_unanswered_question_goes_to_sandra_the_ervaringsdeskundige(app, db, demo) -> None:
    with app.app_context():
        assert escalate_unanswered(db) == 1
        db.commit()
    (push,) = _pushes(db)
    assert push.user_id == demo["sandra"].id
    text = page_text(sign_in(app, demo["sandra"]).text("/vragen/onbeantwoord"))
    assert "Welke vergoeding krijgen jullie voor schoolspullen en kleding?" in text
    assert "Ahmed" not in text
