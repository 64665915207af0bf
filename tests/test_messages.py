"""Messages with the regisseur: who reads which conversation, idempotent sending, unread counts, polling,
attachments checked by content and served only to participants, and the regisseur's inbox."""

from __future__ import annotations

import io
import re

import pytest
from sqlmodel import select

from tests.conftest import csrf_token, post_form
from tests.factories import login, make_family, make_regisseur, make_user
from webapp.messages import services
from webapp.models import Conversation, Mentorship, MentorshipStatus, Message, Relation, Role

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"
EXE = b"MZ\x90\x00" + b"\x00" * 200


@pytest.fixture
def people(app, db):
    petra = make_regisseur(db, name="Petra Test")
    samira = make_user(db, Role.JONGERE, name="Samira Test")
    foster = make_user(db, Role.PLEEGOUDER, name="Marleen Test")
    family = make_family(db, petra, (samira, Relation.JONGERE), (foster, Relation.PLEEGOUDER))
    stranger = make_user(db, Role.OUDER, name="Vreemde Test")
    make_family(db, make_regisseur(db), (stranger, Relation.OUDER), name="Ander")
    return {"petra": petra, "samira": samira, "foster": foster, "stranger": stranger, "family": family}


def _client(app, user):
    client = app.test_client()
    login(client, user)
    return client


def _conversations(client) -> dict[str, int]:
    html = client.get("/berichten").get_data(as_text=True)
    found = {}
    for conversation_id, title in re.findall(r'href="/berichten/(\d+)">\s*(.*?)\s*</a>', html, re.S):
        found[" ".join(title.split())] = int(conversation_id)
    return found


def _private_id(client) -> int:
    return next(cid for title, cid in _conversations(client).items() if "privé" in title.lower())


def _send(client, conversation_id: int, body: str, key: str = "k1", **extra):
    return post_form(client, f"/berichten/{conversation_id}", {"body": body, "client_key": key, **extra})


def test_a_youth_has_a_family_and_a_private_conversation_with_her_regisseur(app, people) -> None:
    titles = _conversations(_client(app, people["samira"]))
    assert any("Gezin Testgezin" in t for t in titles)
    assert any("Alleen jij en Petra" in t for t in titles)


def test_a_private_conversation_is_not_readable_by_the_parents(app, people) -> None:
    samira = _client(app, people["samira"])
    private = _private_id(samira)
    assert _send(samira, private, "Alleen voor Petra").status_code == 302
    foster = _client(app, people["foster"])
    assert foster.get(f"/berichten/{private}").status_code == 404
    assert foster.get(f"/berichten/{private}/nieuw?na=0").status_code == 404
    assert _send(foster, private, "mag ik meelezen?").status_code == 404
    assert all("Alleen voor Petra" not in t for t in _conversations(foster))
    petra = _client(app, people["petra"])
    assert "Alleen voor Petra" in petra.get(f"/berichten/{private}").get_data(as_text=True)


def test_strangers_get_404_on_every_conversation_route(app, db, people) -> None:
    samira = _client(app, people["samira"])
    conversation_ids = list(_conversations(samira).values())
    stranger = _client(app, people["stranger"])
    other_regisseur = _client(app, make_regisseur(db))
    for client in (stranger, other_regisseur):
        for cid in conversation_ids:
            assert client.get(f"/berichten/{cid}").status_code == 404
            assert client.get(f"/berichten/{cid}/nieuw").status_code == 404
            assert _send(client, cid, "hallo").status_code == 404


def test_a_retried_send_makes_no_second_message_and_a_changed_body_is_refused(app, db, people) -> None:
    samira = _client(app, people["samira"])
    private = _private_id(samira)
    first = _send(samira, private, "Dubbel?", key="same-key")
    again = _send(samira, private, "Dubbel?", key="same-key")
    assert first.status_code == again.status_code == 302
    assert first.headers["Location"] == again.headers["Location"]
    stored = db.exec(select(Message).where(Message.author_id == people["samira"].id)).all()
    assert [m.body for m in stored] == ["Dubbel?"]
    changed = _send(samira, private, "Iets anders", key="same-key")
    assert changed.status_code == 409


def _bodies(db, conversation_id: int) -> list[tuple[int, str]]:
    rows = db.exec(select(Message).where(Message.conversation_id == conversation_id).order_by(Message.id)).all()
    return [(m.author_id, m.body) for m in rows]


def test_the_same_key_in_another_conversation_makes_a_new_message_there(app, db, people) -> None:
    samira = _client(app, people["samira"])
    private = _private_id(samira)
    family = next(cid for cid in _conversations(samira).values() if cid != private)
    assert _send(samira, private, "Hoi Petra", key="shared-key").status_code == 302
    elsewhere = _send(samira, family, "Hoi Petra", key="shared-key")
    assert elsewhere.status_code == 302 and f"/berichten/{family}#bericht-" in elsewhere.headers["Location"]
    assert _bodies(db, private) == [(people["samira"].id, "Hoi Petra")]
    assert _bodies(db, family) == [(people["samira"].id, "Hoi Petra")]
    # Each conversation still keeps its own retry: a second send there makes nothing new.
    assert _send(samira, family, "Hoi Petra", key="shared-key").status_code == 302
    assert len(_bodies(db, family)) == 1


def test_the_same_key_from_another_sender_makes_a_new_message(app, db, people) -> None:
    samira = _client(app, people["samira"])
    private = _private_id(samira)
    petra = _client(app, people["petra"])
    assert _send(samira, private, "Mag ik iets vragen?", key="one-key").status_code == 302
    assert _send(petra, private, "Natuurlijk", key="one-key").status_code == 302
    assert _bodies(db, private) == [(people["samira"].id, "Mag ik iets vragen?"), (people["petra"].id, "Natuurlijk")]


def test_the_regisseurs_inbox_holds_her_own_families_only(app, db, people) -> None:
    """Another regisseur's families, their conversations and their mentors stay out of Petra's inbox (and no
    conversation is made for them when she opens it)."""
    other_regisseur = make_regisseur(db, name="Olga Anders")
    youth = make_user(db, Role.JONGERE, name="Yara Anders")
    mentor = make_user(db, Role.MENTOR, name="Mick Anders")
    ander = make_family(db, other_regisseur, (youth, Relation.JONGERE), name="Anders")
    mentorship = Mentorship(
        youth_id=youth.id,
        family_id=ander.id,
        status=MentorshipStatus.ACTIEF,
        nominee_name="Mick Anders",
        relation="buur",
        contact="06 12345678",
        motivation="Hij helpt.",
        mentor_id=mentor.id,
    )
    db.add(mentorship)
    db.commit()
    yara = _client(app, youth)
    assert _send(yara, _private_id(yara), "Voor Olga", key="y1").status_code == 302
    theirs = {c.id: c.kind for c in db.exec(select(Conversation).where(Conversation.family_id == ander.id))}
    assert "gezin" in theirs.values() and "mentor" not in theirs.values()  # Olga has not opened her inbox yet

    petra = _client(app, people["petra"])
    inbox = petra.get("/berichten")
    assert inbox.status_code == 200
    titles = _conversations(petra)
    assert titles and all("Testgezin" in t or "Samira" in t or "Marleen" in t for t in titles), titles
    assert "Anders" not in inbox.get_data(as_text=True)
    db.expire_all()
    after = {c.id: c.kind for c in db.exec(select(Conversation).where(Conversation.family_id == ander.id))}
    assert after == theirs  # Petra's visit made nothing in a family that is not hers


def test_a_failed_send_keeps_the_typed_text(app, people) -> None:
    samira = _client(app, people["samira"])
    private = _private_id(samira)
    too_long = "x" * 5001
    response = _send(samira, private, too_long)
    assert response.status_code == 400 and too_long in response.get_data(as_text=True)
    htmx = samira.post(
        f"/berichten/{private}",
        data={"body": "", "client_key": "k9", "csrf_token": csrf_token(samira)},
        headers={"HX-Request": "true"},
    )
    assert htmx.status_code == 422 and 'id="message-form"' in htmx.get_data(as_text=True)


def test_unread_messages_show_in_the_badge_until_read(app, people) -> None:
    samira = _client(app, people["samira"])
    private = _private_id(samira)
    petra = _client(app, people["petra"])
    _send(petra, private, "Hoe gaat het?", key="p1")
    assert re.search(r'class="badge"><span aria-hidden="true">1<', samira.get("/home").get_data(as_text=True))
    samira.get(f"/berichten/{private}")
    assert 'class="badge"' not in samira.get("/home").get_data(as_text=True)


def test_polling_answers_204_until_a_new_message_arrives(app, people) -> None:
    samira = _client(app, people["samira"])
    private = _private_id(samira)
    assert samira.get(f"/berichten/{private}/nieuw?na=0").status_code == 204
    petra = _client(app, people["petra"])
    _send(petra, private, "Nieuw bericht van Petra", key="p2")
    response = samira.get(f"/berichten/{private}/nieuw?na=0", headers={"HX-Request": "true"})
    html = response.get_data(as_text=True)
    assert response.status_code == 200 and "Nieuw bericht van Petra" in html and 'id="poller"' in html
    last = int(re.search(r"na=(\d+)", html).group(1))
    assert samira.get(f"/berichten/{private}/nieuw?na={last}").status_code == 204


def test_message_text_is_escaped_and_links_work(app, people) -> None:
    samira = _client(app, people["samira"])
    private = _private_id(samira)
    _send(samira, private, "<script>alert(1)</script>\nzie https://www.veiligthuis.nl", key="x1")
    html = samira.get(f"/berichten/{private}").get_data(as_text=True)
    assert "<script>alert(1)</script>" not in html and "&lt;script&gt;" in html
    assert '<a href="https://www.veiligthuis.nl" rel="noopener noreferrer nofollow">' in html
    assert "<br>" in html


def test_attachments_are_checked_by_content_and_served_only_to_participants(app, people) -> None:
    samira = _client(app, people["samira"])
    private = _private_id(samira)
    refused = samira.post(
        f"/berichten/{private}",
        data={
            "body": "",
            "client_key": "a1",
            "csrf_token": csrf_token(samira),
            "attachment": (io.BytesIO(EXE), "brief.pdf"),
        },
        content_type="multipart/form-data",
    )
    refusal = "<p>Dit soort bestand kan niet. Stuur een foto (JPG, PNG of WebP) of een PDF."
    assert refused.status_code == 400 and refusal in refused.get_data(as_text=True)
    accepted = samira.post(
        f"/berichten/{private}",
        data={
            "body": "De brief",
            "client_key": "a2",
            "csrf_token": csrf_token(samira),
            "attachment": (io.BytesIO(PDF), "brief gemeente.pdf"),
        },
        content_type="multipart/form-data",
    )
    assert accepted.status_code == 302
    link = re.search(
        r'href="(/berichten/bijlage/\d+)"', samira.get(f"/berichten/{private}").get_data(as_text=True)
    ).group(1)
    download = samira.get(link)
    assert download.status_code == 200 and download.data == PDF
    assert download.headers["Content-Type"] == "application/pdf"
    assert download.headers["Content-Disposition"].startswith("attachment;")
    assert _client(app, people["petra"]).get(link).status_code == 200
    assert _client(app, people["foster"]).get(link).status_code == 404
    assert _client(app, people["stranger"]).get(link).status_code == 404


def test_the_regisseurs_inbox_puts_the_longest_waiting_conversation_first(app, people) -> None:
    samira = _client(app, people["samira"])
    foster = _client(app, people["foster"])
    family_id = next(cid for title, cid in _conversations(samira).items() if "Gezin" in title)
    _send(foster, family_id, "Eerst", key="f1")
    _send(samira, _private_id(samira), "Daarna", key="s1")
    petra = _client(app, people["petra"])
    html = petra.get("/berichten").get_data(as_text=True)
    assert html.count("op antwoord") == 2
    assert html.index(f"/berichten/{family_id}") < html.index(f"/berichten/{_private_id(samira)}")
    _send(petra, family_id, "Antwoord", key="p3")
    html = petra.get("/berichten").get_data(as_text=True)
    assert html.count("op antwoord") == 1


def test_the_writer_sees_who_has_read_her_last_message(app, people) -> None:
    samira = _client(app, people["samira"])
    private = _private_id(samira)
    _send(samira, private, "Heb je dit gelezen?", key="r1")
    assert "Gelezen door" not in samira.get(f"/berichten/{private}").get_data(as_text=True)
    _client(app, people["petra"]).get(f"/berichten/{private}")
    assert "Gelezen door Petra" in samira.get(f"/berichten/{private}").get_data(as_text=True)


PNG = b"\x89PNG\r\n\x1a\n" + b"\x00\x00\x00\rIHDR" + b"\x00" * 40


def _download_name(app, samira, conversation_id: int, key: str, content: bytes, filename: str) -> str:
    sent = samira.post(
        f"/berichten/{conversation_id}",
        data={
            "body": "Kijk maar",
            "client_key": key,
            "csrf_token": csrf_token(samira),
            "attachment": (io.BytesIO(content), filename),
        },
        content_type="multipart/form-data",
    )
    assert sent.status_code == 302
    links = re.findall(
        r'href="(/berichten/bijlage/\d+)"', samira.get(f"/berichten/{conversation_id}").get_data(as_text=True)
    )
    download = samira.get(links[-1])
    assert download.status_code == 200 and download.data == content
    return download.headers["Content-Disposition"]


def test_a_file_of_10_mb_is_sent_and_one_byte_more_is_refused_with_the_limit_in_words(app, people) -> None:
    samira = _client(app, people["samira"])
    private = _private_id(samira)

    def send_file(size: int, key: str):
        data = PDF + b"%" * (size - len(PDF))  # a PDF padded with comment bytes to exactly `size`
        return samira.post(
            f"/berichten/{private}",
            data={
                "body": "",
                "client_key": key,
                "csrf_token": csrf_token(samira),
                "attachment": (io.BytesIO(data), "groot.pdf"),
            },
            content_type="multipart/form-data",
        )

    too_big = send_file(10 * 1024 * 1024 + 1, "big")
    assert too_big.status_code == 400
    assert "Dit bestand is te groot. Het mag hoogstens 10 MB zijn." in too_big.get_data(as_text=True)
    assert send_file(10 * 1024 * 1024, "just-fits").status_code == 302


@pytest.mark.parametrize(
    ("content", "uploaded_as", "downloaded_as"),
    [
        (PNG, "rapport.pdf", "rapport.png"),  # the extension follows the content, not the name
        (PDF, "brief.pdf.exe", "brief.pdf.pdf"),  # a double extension cannot end in something that runs
        (PDF, "brief\u202efdp.exe", "brieffdp.pdf"),  # shown as "briefexe.pdf" with the right-to-left override
        (PNG, "foto\u2066\u200f\u061c\u202a.png", "foto.png"),  # every bidi control goes
        (PNG, "\u202e\u200e", "bestand.png"),  # nothing left of the name: a neutral one
    ],
)
def test_a_downloaded_attachment_keeps_its_base_name_with_the_extension_of_its_content(
    app, people, content: bytes, uploaded_as: str, downloaded_as: str
) -> None:
    samira = _client(app, people["samira"])
    header = _download_name(app, samira, _private_id(samira), "n1", content, uploaded_as)
    assert header == f"attachment; filename={downloaded_as}"


@pytest.mark.parametrize(
    ("uploaded_as", "content_type", "downloaded_as"),
    [
        ("C:\\Users\\sam\\brief.pdf", "application/pdf", "brief.pdf"),  # no folders of the uploader's computer
        ("../../etc/passwd", "image/png", "passwd.png"),
        ("scan\x00\x1b[31m.jpeg", "image/jpeg", "scan[31m.jpg"),  # control characters go
        ("  .verborgen.pdf  ", "application/pdf", "verborgen.pdf"),
        ("a" * 300 + ".pdf", "application/pdf", "a" * 196 + ".pdf"),  # fits the 200-character column
    ],
)
def test_download_names_lose_folders_and_control_characters(
    uploaded_as: str, content_type: str, downloaded_as: str
) -> None:
    assert services.download_name(uploaded_as, content_type) == downloaded_as
