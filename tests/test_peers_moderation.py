"""Moderation of the peer questions: crisis words (nl, tr, ar, en ... and words moderators add) hold a post, alert
every moderator and show the writer 113 and a one-tap message to her regisseur; three members' flags hide a post;
the review queue (crisis first, then the longest waiting) for moderators only; every action logged with its reason
and told to the writer, a reject note read by the writer only; suspensions; ervaringsdeskundigen only with their
consent; identity look-ups need two different moderators, write the access log and are told to the person."""

from __future__ import annotations

from datetime import timedelta

import pyotp
import pytest
from flask import Flask
from flask.testing import FlaskClient
from sqlmodel import Session, select

from tests.conftest import csrf_token, post_form
from tests.factories import login, make_family, make_regisseur, make_user
from webapp.audit import services as audit
from webapp.clock import utcnow
from webapp.models import (
    AuditEvent,
    Conversation,
    ConversationKind,
    IdentityRequest,
    Message,
    OutboxNotification,
    PeerFlag,
    PeerMember,
    PeerModeration,
    PeerPost,
    PeerWord,
    Relation,
    Role,
    User,
)
from webapp.models.peers import PeerExpertInvite
from webapp.peers.moderation import services, wordlists

_pseudonyms = iter(f"Rustige Reiger {n}" for n in range(1, 10_000))


def make_moderator(db: Session, name: str = "Mo Bakker") -> User:
    return make_user(db, Role.MODERATOR, name=name, totp_secret=pyotp.random_base32())


def make_member(db: Session, space: str = "pleegouders", *, name: str = "Marleen Hendriks", **kwargs) -> PeerMember:
    role = Role.PLEEGOUDER if space == "pleegouders" else Role.JONGERE
    user = make_user(db, role, name=name)
    member = PeerMember(user_id=user.id, space=space, pseudonym=next(_pseudonyms), **kwargs)
    db.add(member)
    db.commit()
    return member


def make_post(
    db: Session,
    member: PeerMember,
    *,
    status: str = "published",
    held_reason: str = "",
    body: str = "Hoe doen jullie dat?",
    title: str = "Verlengde pleegzorg tot 21",
    kind: str = "vraag",
    question: PeerPost | None = None,
    age: timedelta = timedelta(0),
) -> PeerPost:
    post = PeerPost(
        space=member.space,
        kind=kind,
        question_id=question.id if question else None,
        author_id=member.id,
        title=title if kind == "vraag" else "",
        body=body,
        status=status,
        held_reason=held_reason,
        created_at=utcnow() - age,
        published_at=utcnow() - age if status == "published" else None,
    )
    db.add(post)
    db.commit()
    return post


def signed_in(app: Flask, user: User) -> FlaskClient:
    client = app.test_client()
    assert login(client, user).status_code == 302
    return client


def user_of(db: Session, member: PeerMember) -> User:
    return db.get(User, member.user_id)


def notifications(db: Session, user_id: int) -> list[OutboxNotification]:
    return list(db.exec(select(OutboxNotification).where(OutboxNotification.user_id == user_id)))


def act(client: FlaskClient, post: PeerPost, action: str, **fields):
    data = {f"{action}-{name}": value for name, value in fields.items()}
    return post_form(client, f"/moderatie/bericht/{post.id}/{action}", data)


# --- crisis words -----------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Soms denk ik aan ZELFMOORD. Wat moet ik doen?", "zelfmoord*"),
        ("Ons pleegkind heeft zelfmoordgedachten", "zelfmoord*"),
        ("Ik wil er een einde aan maken", "er een einde aan maken"),
        ("Ik ga weglopen als het zo blijft", "weglopen"),
        ("Bazen intiharı düşünüyorum", "intihar*"),
        ("KENDİMİ ÖLDÜRECEĞİM", "kendimi öldür*"),
        ("Evden kaçmak istiyorum", "evden kaç*"),
        ("أفكر بالانتحار كل يوم", "*انتحار*"),
        ("أُرِيدُ أَنْ أَمُوتَ", "أريد أن أموت"),  # vowel marks and hamza forms do not matter
        ("Sometimes I want to kill myself", "kill myself"),
        ("She talked about self-harm", "self harm*"),
        ("Хочу померти", "хочу померти"),
        ("Myślę o samobójstwie", "samobój*"),
        ("ሎሚ ክሞት ደልየ።", "ክሞት ደልየ"),  # Tigrinya: the full stop ። is not part of the word
        ("ኣቦይ ይወቕዓኒ", "ይወቕዓኒ"),
    ],
)
def test_crisis_words_are_found_in_every_language_whatever_the_case_and_accents(db, app, text, expected) -> None:
    assert expected in services.crisis_hits(db, text)


@pytest.mark.parametrize(
    "text",
    [
        "Samira wordt 18: hoe regelen jullie verlengde pleegzorg tot 21?",
        "We gaan een weekendje weg met de kinderen",
        "I like grapes and drapes",  # "rape" only as a whole word
        "Okulda zorbalık var mı?",
        "ሰላም፡ ብዛዕባ ቤት ትምህርቲ ሕቶ ኣለኒ",  # Tigrinya: "hello, I have a question about school"
        "",
    ],
)
def test_ordinary_questions_have_no_crisis_words(db, app, text) -> None:
    assert services.crisis_hits(db, text) == []


def test_every_shipped_list_reads_and_compiles() -> None:
    for language in wordlists.LIST_LANGUAGES:
        assert len(wordlists.shipped(wordlists.CRISIS, language)) >= 15, language


def test_a_word_a_moderator_adds_holds_posts_and_can_be_taken_off_again(db, app) -> None:
    moderator = signed_in(app, make_moderator(db))
    assert services.crisis_hits(db, "ik voel me zo wanhopig") == []
    response = post_form(moderator, "/moderatie/woorden", {"language": "nl", "phrase": "wanhopig*"})
    assert response.status_code == 302
    assert services.crisis_hits(db, "ik voel me zo WANHOPIG") == ["wanhopig*"]
    word = db.exec(select(PeerWord).where(PeerWord.phrase == "wanhopig*")).one()
    assert post_form(moderator, f"/moderatie/woorden/{word.id}/weg", {}).status_code == 302
    db.expire_all()
    assert services.crisis_hits(db, "ik voel me zo wanhopig") == []


def test_a_word_already_on_the_list_or_too_short_is_refused_and_the_form_keeps_it(db, app) -> None:
    moderator = signed_in(app, make_moderator(db))
    again = post_form(moderator, "/moderatie/woorden", {"language": "nl", "phrase": "Zelfmoord*"})
    assert again.status_code == 400
    assert "staat al op de lijst" in again.get_data(as_text=True)
    short = post_form(moderator, "/moderatie/woorden", {"language": "tr", "phrase": "ab"})
    assert short.status_code == 400
    assert 'value="ab"' in short.get_data(as_text=True)
    assert db.exec(select(PeerWord)).all() == []


def test_a_crisis_alert_goes_to_every_moderator_at_once_without_the_words(db, app) -> None:
    first, second = make_moderator(db), make_moderator(db, "Noor")
    member = make_member(db)
    post = make_post(db, member, status="in_review", held_reason="crisis", body="Ik wil dood")
    services.crisis_alert(db, post)
    db.commit()
    for moderator in (first, second):
        [row] = notifications(db, moderator.id)
        assert (row.kind, row.url) == ("vragen", f"/moderatie/bericht/{post.id}")
        assert "dood" not in row.tag and "dood" not in row.url
    assert notifications(db, member.user_id) == []


def test_the_writer_sees_113_and_sends_her_regisseur_one_tap_message_without_the_post(db, app) -> None:
    regisseur = make_regisseur(db)
    member = make_member(db, "jongeren", name="Samira Hendriks")
    samira = user_of(db, member)
    make_family(db, regisseur, (samira, Relation.JONGERE))
    make_post(db, member, status="in_review", held_reason="crisis", body="Ik wil niet meer leven")
    client = signed_in(app, samira)
    page = client.get("/moderatie/over-mij").get_data(as_text=True)
    for number in ("tel:08000113", "0800-0113", "tel:08000432", "tel:08002000", "tel:112"):
        assert number in page
    assert "Stuur mijn regisseur een bericht" in page
    response = post_form(client, "/moderatie/hulp", {})
    assert response.status_code == 302
    conversation = db.exec(
        select(Conversation).where(Conversation.kind == ConversationKind.PRIVATE, Conversation.person_id == samira.id)
    ).one()
    assert response.headers["Location"].endswith(f"/berichten/{conversation.id}")
    [message] = db.exec(select(Message).where(Message.conversation_id == conversation.id)).all()
    assert message.author_id == samira.id and "contact" in message.body and "leven" not in message.body
    assert [n.kind for n in notifications(db, regisseur.id)] == ["berichten"]


def test_without_a_regisseur_the_crisis_help_still_shows_the_numbers_but_no_message_button(db, app) -> None:
    member = make_member(db)
    client = signed_in(app, user_of(db, member))
    page = client.get("/moderatie/over-mij").get_data(as_text=True)
    assert "0800-0113" in page and "Stuur mijn regisseur een bericht" not in page
    assert post_form(client, "/moderatie/hulp", {}).status_code == 302
    assert db.exec(select(Message)).all() == []


# --- flags ------------------------------------------------------------------------------------------------------


def test_three_flags_from_three_members_hide_a_post_until_a_moderator_looks(db, app) -> None:
    writer = make_member(db)
    post = make_post(db, writer)
    flaggers = [make_member(db, name=f"Lid {n}") for n in range(3)]
    for number, flagger in enumerate(flaggers, start=1):
        client = signed_in(app, user_of(db, flagger))
        response = post_form(client, f"/moderatie/vlag/{post.id}", {"reason": "herkenbaar", "next": "/vragen"})
        assert response.status_code == 302 and response.headers["Location"] == "/vragen"
        db.refresh(post)
        assert post.flag_count == number
        assert post.status == ("hidden" if number == 3 else "published")
    assert post.held_reason == "vlaggen"
    [row] = db.exec(select(PeerModeration).where(PeerModeration.post_id == post.id)).all()
    assert (row.action, row.moderator_id) == ("hide", None)
    assert [n.tag for n in notifications(db, writer.user_id)] == [f"vragen-besluit-{post.id}"]
    moderator = signed_in(app, make_moderator(db))
    queue = moderator.get("/moderatie").get_data(as_text=True)
    assert "Verborgen door drie meldingen" in queue and f"/moderatie/bericht/{post.id}" in queue


def test_a_member_flags_once_and_never_her_own_post(db, app) -> None:
    writer = make_member(db)
    post = make_post(db, writer)
    other = signed_in(app, user_of(db, make_member(db, name="Ria Peeters")))
    for _ in range(2):
        assert post_form(other, f"/moderatie/vlag/{post.id}", {}).status_code == 302
    db.refresh(post)
    assert post.flag_count == 1 and len(db.exec(select(PeerFlag)).all()) == 1
    own = post_form(signed_in(app, user_of(db, writer)), f"/moderatie/vlag/{post.id}", {})
    assert own.status_code == 409


def test_the_flag_answers_htmx_with_its_own_partial(db, app) -> None:
    post = make_post(db, make_member(db))
    client = signed_in(app, user_of(db, make_member(db, name="Ria Peeters")))
    response = client.post(
        f"/moderatie/vlag/{post.id}", data={"csrf_token": csrf_token(client)}, headers={"HX-Request": "true"}
    )
    assert response.status_code == 200
    assert 'id="vlag-' in response.get_data(as_text=True) and "<html" not in response.get_data(as_text=True)


def test_a_post_in_the_other_space_or_still_in_review_cannot_be_flagged(db, app) -> None:
    youth_post = make_post(db, make_member(db, "jongeren", name="Samira"), title="School")
    held = make_post(db, make_member(db), status="in_review", held_reason="nieuw_lid")
    client = signed_in(app, user_of(db, make_member(db, name="Ria Peeters")))
    assert post_form(client, f"/moderatie/vlag/{youth_post.id}", {}).status_code == 404
    assert post_form(client, f"/moderatie/vlag/{held.id}", {}).status_code == 404
    assert post_form(client, "/moderatie/vlag/999999", {}).status_code == 404


# --- the queue and the actions ----------------------------------------------------------------------------------


@pytest.mark.parametrize("role", [Role.PLEEGOUDER, Role.JONGERE, Role.REGISSEUR, Role.COORDINATOR, Role.BEHEERDER])
def test_moderation_pages_are_for_moderators_only(db, app, role) -> None:
    user = make_user(db, role, totp_secret=pyotp.random_base32())
    post = make_post(db, make_member(db), status="in_review", held_reason="nieuw_lid")
    client = signed_in(app, user)
    for path in (
        "/moderatie",
        f"/moderatie/bericht/{post.id}",
        "/moderatie/identiteit",
        "/moderatie/woorden",
        "/moderatie/ervaringsdeskundigen",
    ):
        assert client.get(path).status_code == 404, path
    assert act(client, post, "approve").status_code == 404
    db.refresh(post)
    assert post.status == "in_review"


def test_the_queue_puts_crisis_first_then_the_longest_waiting_and_shows_pseudonyms_only(db, app) -> None:
    writer = make_member(db, name="Marleen Hendriks")
    newer = make_post(db, writer, status="in_review", held_reason="nieuw_lid", title="Nieuw", age=timedelta(hours=1))
    older = make_post(db, writer, status="in_review", held_reason="nieuw_lid", title="Oud", age=timedelta(hours=9))
    crisis = make_post(db, writer, status="in_review", held_reason="crisis", title="Zorg", age=timedelta(minutes=5))
    flagged = make_post(db, writer, title="Gemeld")
    flagged.flag_count = 1
    db.add(flagged)
    db.commit()
    make_post(db, writer, title="Gewoon geplaatst")
    moderator = make_moderator(db)
    with app.test_request_context():
        order = [item.post.id for item in services.queue(db, moderator)]
    assert order == [crisis.id, older.id, newer.id, flagged.id]
    page = signed_in(app, moderator).get("/moderatie").get_data(as_text=True)
    assert writer.pseudonym in page and "Marleen" not in page and "Gewoon geplaatst" not in page
    assert page.index("Zorg") < page.index("Oud") < page.index("Nieuw") < page.index("Gemeld")


def test_approving_a_held_post_publishes_it_counts_it_logs_it_and_tells_the_writer(db, app) -> None:
    writer = make_member(db)
    post = make_post(db, writer, status="in_review", held_reason="nieuw_lid")
    moderator = make_moderator(db)
    assert act(signed_in(app, moderator), post, "approve").status_code == 302
    db.refresh(post)
    db.refresh(writer)
    assert (post.status, post.held_reason, writer.approved_posts) == ("published", "", 1)
    assert post.published_at is not None
    [row] = db.exec(select(PeerModeration).where(PeerModeration.post_id == post.id)).all()
    assert (row.action, row.moderator_id) == ("approve", moderator.id) and row.reason
    [told] = notifications(db, writer.user_id)
    assert (told.kind, told.url) == ("vragen", "/moderatie/over-mij")


def test_every_action_needs_a_reason_and_is_logged_with_it(db, app) -> None:
    writer = make_member(db)
    post = make_post(db, writer)
    client = signed_in(app, make_moderator(db))
    missing = act(client, post, "hide", reason="")
    assert missing.status_code == 400 and "Schrijf kort waarom" in missing.get_data(as_text=True)
    steps = [
        ("hide", {"reason": "Noemt een school"}, "hidden"),
        ("restore", {"reason": "School weggehaald"}, "published"),
        (
            "redact",
            {
                "reason": "Naam weg",
                "title": "Verlengde pleegzorg",
                "body": "Hoe doen jullie dat, in [plaats]?",
                "note": "Ik heb de plaats weggehaald.",
            },
            "published",
        ),
        ("lock", {"reason": "Genoeg antwoorden"}, "published"),
        ("unlock", {"reason": "Toch weer open"}, "published"),
    ]
    for action, fields, status in steps:
        assert act(client, post, action, **fields).status_code == 302, action
        db.refresh(post)
        assert post.status == status
    assert post.body == "Hoe doen jullie dat, in [plaats]?" and post.redacted_at is not None and not post.locked
    log = db.exec(select(PeerModeration).where(PeerModeration.post_id == post.id).order_by(PeerModeration.id)).all()
    assert [(r.action, r.reason) for r in log] == [(a, f["reason"]) for a, f, _s in steps]
    assert act(client, post, "unlock", reason="nog eens").status_code == 409  # a step out of order


def test_a_reject_note_is_read_by_the_writer_only_in_her_own_language(db, app) -> None:
    writer = make_member(db)
    user = user_of(db, writer)
    user.language = "tr"
    db.add(user)
    db.commit()
    post = make_post(db, writer, status="in_review", held_reason="nieuw_lid")
    client = signed_in(app, make_moderator(db))
    without_note = act(client, post, "reject", reason="Naam van een kind", note="")
    assert without_note.status_code == 400
    assert "Naam van een kind" in without_note.get_data(as_text=True)  # what was typed stays
    assert (
        act(client, post, "reject", reason="Naam van een kind", note="Je noemde de naam van je pleegkind.").status_code
        == 302
    )
    db.refresh(post)
    assert post.status == "rejected"
    own = signed_in(app, user).get("/moderatie/over-mij").get_data(as_text=True)
    assert "Je noemde de naam van je pleegkind." in own
    assert 'lang="tr"' in own
    other = signed_in(app, user_of(db, make_member(db, name="Ria Peeters"))).get("/moderatie/over-mij")
    assert "Je noemde de naam" not in other.get_data(as_text=True)


def test_a_suspended_member_may_not_post_and_is_told_until_when(db, app) -> None:
    writer = make_member(db)
    post = make_post(db, writer)
    client = signed_in(app, make_moderator(db))
    response = post_form(
        client,
        f"/moderatie/lid/{writer.id}/schorsen",
        {
            "post_id": post.id,
            "suspend-days": "7",
            "suspend-reason": "Herhaald onaardig",
            "suspend-note": "Een week pauze.",
        },
    )
    assert response.status_code == 302
    db.refresh(writer)
    until = services.posting_blocked_until(writer)
    assert until is not None and timedelta(days=6) < until - utcnow() <= timedelta(days=7)
    page = signed_in(app, user_of(db, writer)).get("/moderatie/over-mij").get_data(as_text=True)
    assert "Je bent geschorst in de groep Pleegouders tot" in page and "Een week pauze." in page
    post_form(
        client,
        f"/moderatie/lid/{writer.id}/schorsen",
        {"post_id": post.id, "suspend-days": "0", "suspend-reason": "Afgesproken"},
    )
    db.refresh(writer)
    assert services.posting_blocked_until(writer) is None


# --- identity look-ups ------------------------------------------------------------------------------------------


def test_an_identity_look_up_needs_a_second_moderator_writes_the_access_log_and_tells_the_person(db, app) -> None:
    regisseur = make_regisseur(db)
    writer = make_member(db, name="Marleen Hendriks")
    marleen = user_of(db, writer)
    partner = make_user(db, Role.PLEEGOUDER, name="Kees Hendriks")
    family = make_family(db, regisseur, (marleen, Relation.PLEEGOUDER), (partner, Relation.PLEEGOUDER), name="Hendriks")
    post = make_post(db, writer)
    asker, other = make_moderator(db, "Mo Bakker"), make_moderator(db, "Noor de Vries")
    asking, deciding = signed_in(app, asker), signed_in(app, other)
    short = post_form(asking, f"/moderatie/lid/{writer.id}/identiteit", {"post_id": post.id, "identity-reason": "zorg"})
    assert short.status_code == 400
    reason = "Ze schrijft dat haar pleegkind in gevaar is; we moeten Veilig Thuis kunnen bellen."
    assert post_form(asking, f"/moderatie/lid/{writer.id}/identiteit", {"identity-reason": reason}).status_code == 302
    request = db.exec(select(IdentityRequest)).one()
    assert [n.url for n in notifications(db, other.id)] == ["/moderatie/identiteit"]
    # the asker can neither decide herself nor look before a second moderator approved
    assert post_form(asking, f"/moderatie/identiteit/{request.id}/besluit", {"decision": "ja"}).status_code == 409
    assert post_form(asking, f"/moderatie/identiteit/{request.id}/bekijken", {}).status_code == 409
    assert "Marleen" not in asking.get("/moderatie/identiteit").get_data(as_text=True)
    assert post_form(deciding, f"/moderatie/identiteit/{request.id}/besluit", {"decision": "ja"}).status_code == 302
    assert post_form(deciding, f"/moderatie/identiteit/{request.id}/bekijken", {}).status_code == 404
    shown = post_form(asking, f"/moderatie/identiteit/{request.id}/bekijken", {})
    assert shown.status_code == 200 and "Marleen Hendriks" in shown.get_data(as_text=True)
    assert shown.headers["Cache-Control"] == "no-store"
    assert post_form(asking, f"/moderatie/identiteit/{request.id}/bekijken", {}).status_code == 409  # once
    [event] = db.exec(select(AuditEvent).where(AuditEvent.object_type == "vragen-identiteit")).all()
    assert (event.family_id, event.subject_id, event.actor_id) == (family.id, marleen.id, asker.id)
    assert db.exec(select(PeerModeration).where(PeerModeration.action == "identity")).one().reason == reason
    with app.test_request_context():  # her own line in the family's log: not the rest of the family's business
        assert [e.id for e in audit.events_for_family(db, marleen, family, None, None)] == [event.id]
        assert audit.events_for_family(db, partner, family, None, None) == []
    assert f"vragen-identiteit-{request.id}" in [n.tag for n in notifications(db, marleen.id)]
    page = signed_in(app, marleen).get("/moderatie/over-mij").get_data(as_text=True)
    assert "Een moderator heeft op" in page and "gekeken wie achter je schuilnaam zit" in page and reason in page


def test_a_declined_look_up_never_shows_the_name(db, app) -> None:
    writer = make_member(db, name="Marleen Hendriks")
    asker, other = make_moderator(db), make_moderator(db, "Noor")
    with app.test_request_context():
        request = services.request_identity(db, asker, writer.id, "Een reden die lang genoeg is om te tellen.")
        services.decide_identity(db, other, request.id, approve=False)
    db.commit()
    response = post_form(signed_in(app, asker), f"/moderatie/identiteit/{request.id}/bekijken", {})
    assert response.status_code == 409 and "Marleen" not in response.get_data(as_text=True)
    assert db.exec(select(AuditEvent).where(AuditEvent.object_type == "vragen-identiteit")).all() == []


# --- ervaringsdeskundigen ---------------------------------------------------------------------------------------


def test_an_expert_is_admitted_only_when_she_says_yes(db, app) -> None:
    ria = make_user(db, Role.STEUNGEZIN, name="Ria Peeters", email="ria@example.test")
    moderator = signed_in(app, make_moderator(db))
    unknown = post_form(
        moderator,
        "/moderatie/ervaringsdeskundigen",
        {"email": "nobody@example.test", "space": "pleegouders", "reason": "Getraind"},
    )
    assert unknown.status_code == 400 and "nobody@example.test" in unknown.get_data(as_text=True)
    sent = post_form(
        moderator,
        "/moderatie/ervaringsdeskundigen",
        {"email": "RIA@example.test", "space": "pleegouders", "reason": "Getraind bij Pleegzorg NL"},
    )
    assert sent.status_code == 302
    invite = db.exec(select(PeerExpertInvite)).one()
    assert db.exec(select(PeerMember).where(PeerMember.user_id == ria.id, PeerMember.is_expert)).first() is None
    assert [n.url for n in notifications(db, ria.id)] == [f"/moderatie/uitnodiging/{invite.id}"]
    stranger = signed_in(app, make_user(db, Role.PLEEGOUDER))
    assert stranger.get(f"/moderatie/uitnodiging/{invite.id}").status_code == 404
    assert post_form(stranger, f"/moderatie/uitnodiging/{invite.id}", {"answer": "ja"}).status_code == 404
    client = signed_in(app, ria)
    assert "ervaringsdeskundige" in client.get("/moderatie/over-mij").get_data(as_text=True)
    invitation = client.get(f"/moderatie/uitnodiging/{invite.id}").get_data(as_text=True)
    assert "Wil je ervaringsdeskundige zijn?" in invitation and "Getraind bij Pleegzorg NL" not in invitation
    assert post_form(client, f"/moderatie/uitnodiging/{invite.id}", {"answer": "ja"}).status_code == 302
    member = db.exec(select(PeerMember).where(PeerMember.user_id == ria.id)).one()
    assert member.is_expert and member.admitted_by_id == invite.invited_by_id and member.space == "pleegouders"
    assert "Ria" not in member.pseudonym
    assert post_form(client, f"/moderatie/uitnodiging/{invite.id}", {"answer": "nee"}).status_code == 409
    experts_page = moderator.get("/moderatie/ervaringsdeskundigen").get_data(as_text=True)
    assert member.pseudonym in experts_page and "Ria Peeters" not in experts_page


def test_an_invitation_she_declines_changes_nothing(db, app) -> None:
    member = make_member(db, name="Ria Peeters")
    moderator = make_moderator(db)
    with app.test_request_context():
        invite = services.invite_expert(db, moderator, user_of(db, member).email, "pleegouders", "Getraind")
    db.commit()
    assert (
        post_form(
            signed_in(app, user_of(db, member)), f"/moderatie/uitnodiging/{invite.id}", {"answer": "nee"}
        ).status_code
        == 302
    )
    db.refresh(member)
    db.refresh(invite)
    assert not member.is_expert and invite.accepted is False


@pytest.mark.parametrize(
    ("language", "title", "body"),
    [
        ("nl", "Ik kan niet meer", "Soms wil ik er een einde aan maken."),
        ("tr", "Yardım", "Bazen intihar etmeyi düşünüyorum."),
        ("ar", "مساعدة", "أفكر في الانتحار أحياناً."),
        ("en", "Help", "Sometimes I want to kill myself."),
    ],
)
def test_a_post_with_a_crisis_word_is_held_alerts_every_moderator_and_shows_the_writer_113(
    db, app, language, title, body
) -> None:
    moderators = [make_moderator(db), make_moderator(db, "Noor")]
    writer = make_member(db, approved_posts=3)  # her posts are otherwise published at once
    client = signed_in(app, user_of(db, writer))
    response = post_form(
        client,
        "/vragen/pleegouders/nieuw",
        {"title": title, "body": body, "topics": "gedrag", "language": language},
    )
    assert response.status_code == 302, response.get_data(as_text=True)[:400]
    post = db.exec(select(PeerPost).where(PeerPost.author_id == writer.id)).one()
    assert (post.status, post.held_reason) == ("in_review", "crisis")
    for moderator in moderators:
        assert [n.url for n in notifications(db, moderator.id)] == [f"/moderatie/bericht/{post.id}"]
    page = client.get(response.headers["Location"]).get_data(as_text=True)
    assert "tel:08000113" in page and "0800-0113" in page
    queue = signed_in(app, moderators[0]).get("/moderatie").get_data(as_text=True)
    assert "Zorgwoorden: kijk meteen" in queue and f"/moderatie/bericht/{post.id}" in queue


def test_farsi_crisis_words_hold_with_or_without_the_half_space() -> None:
    """The Farsi list (fa is read by many unaccompanied minors) finds 'I want to die' typed with the zero-width
    non-joiner or without it, and not an ordinary sentence."""
    from webapp.peers.moderation import wordlists

    phrases = wordlists.shipped("crisis", "fa")
    assert wordlists.hits("من دیگر می\u200cخواهم بمیرم", phrases)
    assert wordlists.hits("من دیگر میخواهم بمیرم", phrases)
    assert not wordlists.hits("دوست دارم فوتبال بازی کنم", phrases)
