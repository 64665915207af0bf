"""The fuzzer's own instruments: each one sees what it is there to see (or the fuzz suite would pass on anything)."""

from __future__ import annotations

from flask import Flask
from sqlalchemy import text
from sqlmodel import Session

from tests.factories import make_user
from tests.fuzz import answers
from tests.fuzz.fingerprint import Writes, difference, fingerprint
from tests.fuzz.pages import parse_forms
from webapp.db import database
from webapp.models import Role, User


def _measured(app: Flask, db: Session, change) -> list[str]:
    """The fingerprint difference a change makes, measured the way the fuzzer does (after, then rolled back)."""
    connection = db.connection()
    recorder = Writes(database(app).engine)
    try:
        savepoint = connection.begin_nested()
        with recorder.recording() as written:
            change(connection)
        after = fingerprint(connection, written)
        savepoint.rollback()
        return difference(fingerprint(connection, written), after)
    finally:
        recorder.close(database(app).engine)


def test_the_fingerprint_sees_a_row_left_behind_and_a_row_changed(app: Flask, db: Session) -> None:
    user = make_user(db, Role.JONGERE, name="Sara")
    added = _measured(
        app, db, lambda c: c.execute(text("INSERT INTO organisation (name, kind, region) VALUES ('X', 'gemeente', '')"))
    )
    assert any(line.startswith("organisation:") for line in added)
    renamed = _measured(
        app, db, lambda c: c.execute(text("UPDATE \"user\" SET name = 'Sarah' WHERE id = :id"), {"id": user.id})
    )
    assert [line.split(":")[0] for line in renamed] == ["user rows"]
    assert db.get(User, user.id).name == "Sara"


def test_the_fingerprint_lets_a_page_view_log_a_read(app: Flask, db: Session) -> None:
    def log_a_read(connection) -> None:
        connection.execute(
            text(
                "INSERT INTO audit_event (id, occurred_at, action, object_type, family_id, subject_name, actor_id, "
                "actor_name, actor_role, actor_organisation, on_behalf_of, source, outcome, prev_hash, row_hash) "
                "VALUES (987654, CURRENT_TIMESTAMP, 'read', 'gezinsplan', 1, '', 1, 'P', 'regisseur', '', '', '', "
                "'success', 'fuzz-check', '')"
            )
        )

    assert _measured(app, db, log_a_read) == []


def test_a_dutch_message_in_a_turkish_page_is_untranslated_and_its_translation_is_not() -> None:
    dutch = "Deze pagina bestaat niet, of je mag hem niet zien."
    assert answers.untranslated([dutch], "tr") == [dutch]
    assert answers.untranslated(["Bu sayfa yok veya görmenize izin verilmiyor."], "tr") == []
    assert answers.untranslated([dutch], "nl") == []


def test_messages_are_the_visible_errors_and_the_page_language() -> None:
    html = (
        '<html lang="ar"><body><h1>Titel</h1><p class="error" hidden>verborgen</p>'
        '<div class="error-summary" role="alert"><p>Niet alles is <b>goed</b> ingevuld.</p></div>'
        '<input name="x"><p class="error">Vul de naam in.</p></body></html>'
    )
    assert answers.messages(html) == ("ar", ["Niet alles is goed ingevuld.", "Vul de naam in."])


def test_a_form_is_read_with_every_kind_of_field() -> None:
    html = """
    <form method="post" action="/doel" enctype="multipart/form-data" hx-post="/doel">
      <input type="hidden" name="csrf_token" value="t">
      <input name="title" value="Oud" maxlength="300" required>
      <textarea name="text">Een
      tekst</textarea>
      <select name="about"><option value="">iedereen</option><option value="7">Sara</option></select>
      <input type="radio" name="agrees" value="1"><input type="radio" name="agrees" value="0">
      <input type="file" name="attachment">
      <button name="answer" value="ja">Ja</button><button name="answer" value="nee">Nee</button>
    </form>
    <form method="get" action="/zoek"><input name="q"></form>
    """
    (form,) = parse_forms("/pagina", html)
    assert form.action == "/doel" and form.multipart and form.htmx and form.csrf == "t"
    assert form.fields["title"].value == "Oud" and form.fields["title"].maxlength == 300
    assert form.fields["text"].kind == "textarea" and form.fields["text"].value.startswith("Een")
    assert form.fields["about"].options == ["", "7"]
    assert form.fields["agrees"].options == ["1", "0"]
    assert form.fields["answer"].kind == "submit" and form.fields["answer"].options == ["ja", "nee"]
    assert form.fields["attachment"].kind == "file"
