"""Conversation use-cases. Access goes through policy.can_read_conversation; anything else answers 404."""

from __future__ import annotations

import hashlib
import logging
import secrets
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path

import filetype
from flask import current_app, g
from flask_babel import gettext as _
from sqlalchemy import ColumnElement, Integer, ScalarSelect, and_, bindparam, join, outerjoin
from sqlalchemy import select as sa_select
from sqlalchemy.exc import SQLAlchemyError
from sqlalchemy.orm import aliased
from sqlmodel import Session, func, or_, select
from werkzeug.exceptions import Conflict, NotFound

from webapp.audit import services as audit
from webapp.auth import policy
from webapp.clock import utcnow
from webapp.db import write_transaction
from webapp.families.services import families_for, member_families
from webapp.messages.reply_time import ReplyTime, usual_reply_time
from webapp.models import (
    Attachment,
    Conversation,
    ConversationKind,
    ConversationRead,
    Family,
    FamilyMember,
    Household,
    Mentorship,
    MentorshipStatus,
    Message,
    RespiteRequest,
    RespiteStatus,
    Role,
    User,
    UserRole,
)
from webapp.notify import outbox
from webapp.sql_hints import not_by_index
from webapp.sql_once import built_once

log = logging.getLogger(__name__)

MAX_BODY = 5000
MAX_ATTACHMENT_BYTES = 10 * 1024 * 1024
ALLOWED_TYPES = {"image/jpeg": ".jpg", "image/png": ".png", "image/webp": ".webp", "application/pdf": ".pdf"}


class MessageError(ValueError):
    """A problem the user can fix; the message is translated."""


@dataclass
class ConversationSummary:
    conversation: Conversation
    family: Family | None  # None only for a volunteer household's conversation with the meldpunt
    person: User | None  # the private conversation's person
    unread: int
    waiting_since: datetime | None = None  # oldest message not yet answered by the regisseur
    mentorship: Mentorship | None = None  # for a mentor conversation
    youth: User | None = None  # the mentorship's youth
    mentor: User | None = None  # the mentorship's mentor
    request: RespiteRequest | None = None  # Steuntje in de rug: the request a steuntje conversation is about
    household: Household | None = None  # the volunteer household of a steungezin conversation
    urgent: bool = False  # an urgent message ("Ik voel me niet veilig") from someone else that the reader has not read


MENTOR_KINDS = (ConversationKind.MENTOR, ConversationKind.JIM)
RESPITE_KINDS = (ConversationKind.STEUNTJE, ConversationKind.STEUNGEZIN)
# The conversations a regisseur reads in the families of his caseload (not a youth's with her mentor, not the
# family's or a volunteer's with the meldpunt of Steuntje in de rug).
REGISSEUR_KINDS = (ConversationKind.FAMILY, ConversationKind.PRIVATE, ConversationKind.MENTOR)
MENTOR_READS = (MentorshipStatus.GEACCEPTEERD, MentorshipStatus.ACTIEF)  # the mentor <-> regisseur conversation


def _ensure(db: Session, family: Family, kind: ConversationKind, person_id: int | None) -> Conversation:
    conversation = db.exec(
        select(Conversation).where(
            Conversation.kind == kind, Conversation.family_id == family.id, Conversation.person_id == person_id
        )
    ).first()
    if conversation is None:
        conversation = Conversation(kind=kind, family_id=family.id, person_id=person_id)
        db.add(conversation)
        db.flush()
    return conversation


def _ensure_for_mentorship(db: Session, kind: ConversationKind, mentorship: Mentorship) -> Conversation:
    conversation = db.exec(
        select(Conversation).where(Conversation.kind == kind, Conversation.mentorship_id == mentorship.id)
    ).first()
    if conversation is None:
        conversation = Conversation(kind=kind, family_id=mentorship.family_id, mentorship_id=mentorship.id)
        db.add(conversation)
        db.flush()
    return conversation


def for_mentorship(db: Session, user: User, mentorship: Mentorship, family: Family) -> dict[str, int]:
    """The ids of this mentorship's conversations that `user` may open, by kind (made on first use: the
    mentor <-> regisseur one from acceptance, the youth <-> mentor one while active)."""
    opens = {ConversationKind.MENTOR: MENTOR_READS, ConversationKind.JIM: (MentorshipStatus.ACTIEF,)}
    found = {}
    for kind, statuses in opens.items():
        if not policy.can_read_conversation(user, family, kind, None, mentorship):
            continue
        existing = db.exec(
            select(Conversation.id).where(Conversation.kind == kind, Conversation.mentorship_id == mentorship.id)
        ).first()
        if existing is not None:
            found[kind.value] = existing
        elif mentorship.status in statuses:
            found[kind.value] = _ensure_for_mentorship(db, kind, mentorship).id
    return found


def _mentor_conversations(db: Session, user: User) -> list[tuple[Conversation, Family]]:
    """As mentor: the conversation with the regisseur (from accepting) and with the youth (while active). As youth:
    the conversation with her active mentor (created) and those with earlier mentors (kept to read back)."""
    as_mentor = list(
        db.exec(select(Mentorship).where(Mentorship.mentor_id == user.id, Mentorship.status.in_(MENTOR_READS)))
    )
    active = db.exec(
        select(Mentorship).where(Mentorship.youth_id == user.id, Mentorship.status == MentorshipStatus.ACTIEF)
    ).first()
    wanted = [
        (kind, m)
        for m in as_mentor
        for kind in (ConversationKind.MENTOR, ConversationKind.JIM)
        if kind == ConversationKind.MENTOR or m.status == MentorshipStatus.ACTIEF
    ]
    if active is not None:
        wanted.append((ConversationKind.JIM, active))
    made = _ensure_for_mentorships(db, wanted)
    pairs: list[tuple[Conversation, Mentorship]] = [
        (made[kind, m.id], m) for kind, m in wanted if not (kind == ConversationKind.JIM and m.youth_id == user.id)
    ]
    earlier = db.exec(
        select(Conversation, Mentorship)
        .join(Mentorship, Mentorship.id == Conversation.mentorship_id)
        .where(Conversation.kind == ConversationKind.JIM, Mentorship.youth_id == user.id)
    )
    pairs += list(earlier.all())
    families = {f.id: f for f in db.exec(select(Family).where(Family.id.in_({m.family_id for _c, m in pairs})))}
    return [(c, families[m.family_id]) for c, m in pairs]


def _ensure_for_mentorships(
    db: Session, wanted: list[tuple[ConversationKind, Mentorship]]
) -> dict[tuple[str, int], Conversation]:
    """The conversations of these (kind, mentorship) pairs, made when missing: one statement however many (the
    message list asks it on every visit and poll; `_ensure_for_mentorship` one at a time would grow with them)."""
    if not wanted:
        return {}
    existing = db.exec(
        select(Conversation).where(
            Conversation.kind.in_(MENTOR_KINDS), Conversation.mentorship_id.in_({m.id for _k, m in wanted})
        )
    )
    found = {(c.kind, c.mentorship_id): c for c in existing}
    for kind, mentorship in wanted:
        if (kind, mentorship.id) not in found:
            found[kind, mentorship.id] = _ensure_for_mentorship(db, kind, mentorship)
    return found


def _own_conversations(db: Session, user: User) -> list[tuple[Conversation, Family]]:
    """A family member's two conversations per family (created on first use; one statement when they exist)."""
    families = [f for f in member_families(db, user) if f.regisseur_id is not None]
    if not families:
        return []
    existing = db.exec(
        select(Conversation).where(
            Conversation.family_id.in_([f.id for f in families]),
            or_(
                and_(Conversation.kind == ConversationKind.FAMILY, Conversation.person_id.is_(None)),
                and_(Conversation.kind == ConversationKind.PRIVATE, Conversation.person_id == user.id),
            ),
        )
    )
    found = {(c.kind, c.family_id): c for c in existing}
    result = []
    for family in families:
        for kind, person_id in ((ConversationKind.FAMILY, None), (ConversationKind.PRIVATE, user.id)):
            conversation = found.get((kind, family.id)) or _ensure(db, family, kind, person_id)
            result.append((conversation, family))
    return result


def _caseload_conversations(db: Session, regisseur: User) -> list[tuple[Conversation, Family]]:
    families = {f.id: f for f in families_for(db, regisseur) if policy.is_regisseur_of(regisseur, f)}
    if not families:
        return []
    waiting_mentors = db.exec(
        select(Mentorship).where(Mentorship.family_id.in_(families), Mentorship.status.in_(MENTOR_READS))
    )
    _ensure_for_mentorships(db, [(ConversationKind.MENTOR, m) for m in waiting_mentors])
    found = list(
        db.exec(
            select(Conversation).where(Conversation.family_id.in_(families), Conversation.kind.in_(REGISSEUR_KINDS))
        )
    )
    with_family_conversation = {c.family_id for c in found if c.kind == ConversationKind.FAMILY}
    for family_id in families.keys() - with_family_conversation:  # only the first time a family is in the caseload
        found.append(Conversation(kind=ConversationKind.FAMILY, family_id=family_id))
        db.add(found[-1])
    db.flush()
    return [(c, families[c.family_id]) for c in found]


def conversations(db: Session, user: User) -> list[ConversationSummary]:
    """What this user may read: their own conversations, and as regisseur those of the caseload (waiting first)."""
    pairs = _own_conversations(db, user) + _mentor_conversations(db, user)
    if user.has_role(Role.REGISSEUR):
        pairs += _caseload_conversations(db, user)
    respite = _respite_conversations(db, user)
    pairs += [(c, f) for c, f, _r, _h in respite]
    db.commit()
    ids = [c.id for c, _f in pairs]
    unread = _unread_by_conversation(db, user, ids)
    urgent = _urgent_unread(db, user, ids)
    waiting = _waiting_since(db, ids) if user.has_role(Role.REGISSEUR) else {}
    people = {m.user_id: m.user for _c, f in pairs if f is not None for m in f.members}
    mentorships = _mentorships(db, {c.mentorship_id for c, _f in pairs if c.mentorship_id})
    mentor_ids = {m.mentor_id for m in mentorships.values() if m.mentor_id}
    mentors = {u.id: u for u in db.exec(select(User).where(User.id.in_(mentor_ids)))} if mentor_ids else {}
    summaries = {}
    for c, f in pairs:
        summary = ConversationSummary(c, f, people.get(c.person_id), unread.get(c.id, 0), waiting.get(c.id))
        summary.urgent = c.id in urgent
        if c.mentorship_id:
            summary.mentorship = mentorships[c.mentorship_id]
            summary.youth = people.get(summary.mentorship.youth_id)
            summary.mentor = mentors.get(summary.mentorship.mentor_id)
        summaries[c.id] = summary
    for c, _f, request, household in respite:
        summaries[c.id].request, summaries[c.id].household = request, household
    return sorted(
        summaries.values(),
        key=lambda s: (
            not s.urgent,  # "Ik voel me niet veilig" on top until she has read it
            s.waiting_since is None,
            s.waiting_since or utcnow(),
            -(s.conversation.last_message_at or utcnow()).timestamp(),
        ),
    )


def _mentorships(db: Session, ids: set[int]) -> dict[int, Mentorship]:
    if not ids:
        return {}
    return {m.id: m for m in db.exec(select(Mentorship).where(Mentorship.id.in_(ids)))}


def get(db: Session, user: User, conversation_id: int) -> tuple[Conversation, Family | None]:
    """The conversation and its family (None for a volunteer household's), or 404 when `user` may not read it."""
    conversation = db.get(Conversation, conversation_id)
    if conversation is not None and conversation.kind in RESPITE_KINDS:
        return conversation, _respite_readable(db, user, conversation)
    family = db.get(Family, conversation.family_id) if conversation else None
    if family is None or not policy.can_read_conversation(
        user, family, conversation.kind, conversation.person_id, mentorship_of(db, conversation)
    ):
        raise NotFound()
    return conversation, family


def describe(db: Session, conversation: Conversation, family: Family | None) -> ConversationSummary:
    """Who a conversation is between, for its title (one conversation, e.g. the open thread)."""
    if conversation.kind in RESPITE_KINDS:
        summary = ConversationSummary(conversation, family, None, 0)
        if conversation.respite_request_id:
            summary.request = db.get(RespiteRequest, conversation.respite_request_id)
        if conversation.household_id:
            summary.household = db.get(Household, conversation.household_id)
        return summary
    person = family.member_for(conversation.person_id) if conversation.person_id else None
    summary = ConversationSummary(conversation, family, person.user if person else None, 0)
    if (mentorship := mentorship_of(db, conversation)) is not None:
        summary.mentorship = mentorship
        summary.youth = db.get(User, mentorship.youth_id)
        summary.mentor = db.get(User, mentorship.mentor_id) if mentorship.mentor_id else None
    return summary


def mentorship_of(db: Session, conversation: Conversation) -> Mentorship | None:
    return db.get(Mentorship, conversation.mentorship_id) if conversation.mentorship_id else None


def can_write(db: Session, user: User, conversation: Conversation, family: Family | None) -> bool:
    if conversation.kind in RESPITE_KINDS:
        return True  # whoever may read a conversation with the meldpunt (get() checked that) may write in it
    return policy.can_write_conversation(
        user, family, conversation.kind, conversation.person_id, mentorship_of(db, conversation)
    )


def thread(
    db: Session, conversation: Conversation, after_id: int = 0, limit: int = 200
) -> list[tuple[Message, User, list[Attachment]]]:
    rows = list(
        db.exec(
            select(Message, User)
            .join(User, User.id == Message.author_id)
            .where(Message.conversation_id == conversation.id, Message.id > after_id)
            .order_by(Message.id.desc())
            .limit(limit)
        )
    )
    rows.reverse()
    ids = [m.id for m, _u in rows]
    files: dict[int, list[Attachment]] = {}
    if ids:
        for attachment in db.exec(select(Attachment).where(Attachment.message_id.in_(ids))):
            files.setdefault(attachment.message_id, []).append(attachment)
    return [(m, u, files.get(m.id, [])) for m, u in rows]


def body_hash(body: str) -> str:
    return hashlib.sha256(body.encode()).hexdigest()


def send(
    db: Session,
    user: User,
    conversation_id: int,
    body: str,
    client_key: str,
    upload: tuple[str, bytes] | None = None,
    *,
    urgent: bool = False,
    push: bool = True,
) -> tuple[Message, bool]:
    """Store a message; (message, created). A retry with the same key returns the first message unchanged.

    `urgent` (webapp/safety: "Ik voel me niet veilig") marks it for the top of the reader's inbox and sends the push
    of that kind, which no setting or quiet hours hold back; `push=False` sends none (the caller decided)."""
    conversation, _family = get(db, user, conversation_id)
    if not can_write(db, user, conversation, _family):
        raise MessageError(_("Dit gesprek is gesloten, want de mentor is gestopt."))
    body = body.strip()
    if not body and upload is None:
        raise MessageError(_("Schrijf een bericht of kies een bestand."))
    if len(body) > MAX_BODY:
        raise MessageError(_("Je bericht is te lang. Het mag hoogstens %(n)s tekens hebben.", n=MAX_BODY))
    if not client_key or len(client_key) > 64:
        raise MessageError(_("Er ging iets mis met het formulier. Laad de pagina opnieuw."))
    digest = body_hash(body)
    # A key counts for one sender in one conversation: the same key elsewhere, or from someone else, is a new
    # message. It is stored hashed with the conversation, so the unique (author, key) constraint holds per
    # conversation without rebuilding the message table (on SQLite that rebuild would cascade to attachments).
    scoped_key = hashlib.sha256(f"{conversation.id}:{client_key}".encode()).hexdigest()
    earlier = db.exec(
        select(Message).where(
            Message.conversation_id == conversation.id,
            Message.author_id == user.id,
            Message.client_key == scoped_key,
        )
    ).first()
    if earlier is not None:
        if earlier.body_hash != digest:
            raise Conflict()
        return earlier, False
    content_type, data = None, b""
    if upload is not None:
        content_type, data = _check_upload(*upload)
    message = Message(
        conversation_id=conversation.id,
        author_id=user.id,
        body=body,
        client_key=scoped_key,
        body_hash=digest,
        urgent=urgent,
    )
    db.add(message)
    db.flush()
    if upload is not None:
        db.add(_store(message, upload[0], content_type, data))
    conversation.last_message_at = message.created_at
    mark_read(db, user, conversation, message.id)
    if conversation.kind in RESPITE_KINDS:  # the lock screen says only "Er is nieuws over Steuntje in de rug"
        readers = respite_participants(db, conversation, _family) - {user.id}
        outbox.enqueue(db, readers, "steun", f"/berichten/{conversation.id}", f"bericht-{conversation.id}")
    elif push:
        readers = participants(conversation, _family, mentorship_of(db, conversation)) - {user.id}
        kind, tag = (outbox.URGENT, "dringend") if urgent else ("berichten", "bericht")
        outbox.enqueue(db, readers, kind, f"/berichten/{conversation.id}", f"{tag}-{conversation.id}")
    return message, True


def reply_time(db: Session, user: User, conversation: Conversation, family: Family | None) -> ReplyTime | None:
    """For a family member in a conversation with the regisseur (the family's or her own): how soon the regisseur
    usually answers (webapp/messages/reply_time.py); None for anyone else or with too few answers."""
    if family is None or conversation.kind not in (ConversationKind.FAMILY, ConversationKind.PRIVATE):
        return None
    if family.regisseur_id is None or family.regisseur_id == user.id or family.member_for(user.id) is None:
        return None
    return usual_reply_time(db, family.regisseur_id)


def private_conversation(db: Session, user: User, family: Family) -> Conversation:
    """`user`'s own conversation with the regisseur of `family` (made on first use); 404 when she is no member or
    the family has no regisseur."""
    if family.regisseur_id is None or not policy.can_read_conversation(user, family, ConversationKind.PRIVATE, user.id):
        raise NotFound()
    return _ensure(db, family, ConversationKind.PRIVATE, user.id)


def participants(conversation: Conversation, family: Family, mentorship: Mentorship | None = None) -> set[int]:
    """Who reads this conversation: the regisseur, and the family members with a login (or the one person); for
    mentor conversations the mentor with the regisseur, or the mentor with the youth."""
    people = {family.regisseur_id} if family.regisseur_id else set()
    if conversation.kind == ConversationKind.MENTOR:
        return people | {mentorship.mentor_id}
    if conversation.kind == ConversationKind.JIM:
        return {mentorship.youth_id, mentorship.mentor_id}
    if conversation.kind == ConversationKind.PRIVATE:
        return people | {conversation.person_id}
    return people | {m.user_id for m in family.members if m.user.has_login}


def _check_upload(filename: str, data: bytes) -> tuple[str, bytes]:
    if len(data) > MAX_ATTACHMENT_BYTES:
        raise MessageError(_("Dit bestand is te groot. Het mag hoogstens 10 MB zijn."))
    kind = filetype.guess(data)
    if kind is None or kind.mime not in ALLOWED_TYPES:
        raise MessageError(_("Dit soort bestand kan niet. Stuur een foto (JPG, PNG of WebP) of een PDF."))
    return kind.mime, data


def attachments_dir() -> Path:
    return Path(current_app.config["ATTACHMENTS_DIR"])


def _store(message: Message, filename: str, content_type: str, data: bytes) -> Attachment:
    storage_name = secrets.token_hex(16) + ALLOWED_TYPES[content_type]
    folder = attachments_dir()
    folder.mkdir(parents=True, exist_ok=True)
    (folder / storage_name).write_bytes(data)
    return Attachment(
        message_id=message.id,
        filename=download_name(filename, content_type),
        content_type=content_type,
        size=len(data),
        storage_name=storage_name,
    )


# Bidi controls make "foto\u202egpj.exe" look like "fotoexe.jpg"; they have no place in a file name.
_BIDI_CONTROLS = dict.fromkeys(map(ord, "\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069\u200e\u200f\u061c"))


def download_name(filename: str, content_type: str) -> str:
    """The uploader's base name (no folders, no control or bidi characters) with the extension of the type found
    in the content: "brief.pdf.exe" holding a JPEG downloads as "brief.pdf.jpg", never as something that runs."""
    cleaned = "".join(c for c in filename.translate(_BIDI_CONTROLS) if c.isprintable())
    base = cleaned.replace("\\", "/").rsplit("/", 1)[-1].strip()
    stem = Path(base).stem if Path(base).suffix else base
    extension = ALLOWED_TYPES[content_type]
    return (stem.strip(" .")[: 200 - len(extension)] or "bestand") + extension


def attachment_for(db: Session, user: User, attachment_id: int) -> tuple[Attachment, Path]:
    attachment = db.get(Attachment, attachment_id)
    message = db.get(Message, attachment.message_id) if attachment else None
    if message is None:
        raise NotFound()
    conversation, family = get(db, user, message.conversation_id)
    if family is not None:  # a volunteer household's conversation belongs to no family's log
        audit.record_conversation(db, user, family, conversation, mentorship_of(db, conversation), attachment.id)
    return attachment, attachments_dir() / attachment.storage_name


def record_read(db: Session, user: User, conversation: Conversation, family: Family | None) -> None:
    """A professional reading a conversation goes into the family's access log (the caller commits). A volunteer
    household's conversation with the meldpunt belongs to no family: nothing to log there."""
    if family is not None:
        audit.record_conversation(db, user, family, conversation, mentorship_of(db, conversation))


def read_by(db: Session, conversation: Conversation, message: Message, viewer: User) -> list[User]:
    """Who else has read up to `message` (shown under the viewer's own last message)."""
    rows = db.exec(
        select(User)
        .join(ConversationRead, ConversationRead.user_id == User.id)
        .where(
            ConversationRead.conversation_id == conversation.id,
            ConversationRead.last_read_message_id >= message.id,
            User.id != viewer.id,
        )
        .order_by(User.name)
    )
    return list(rows.unique())


def mark_read(db: Session, user: User, conversation: Conversation, up_to: int) -> None:
    """Move the user's read position forward to `up_to` (never back), in the caller's transaction."""
    key = (conversation.id, user.id)
    row = db.get(ConversationRead, key, populate_existing=True) or ConversationRead(
        conversation_id=conversation.id, user_id=user.id
    )
    if up_to > row.last_read_message_id:
        row.last_read_message_id, row.read_at = up_to, utcnow()
        db.add(row)


def unread_rule(me, read_up_to) -> ColumnElement[bool]:
    """A message is unread for `me` when someone else wrote it after her read position in its conversation
    (`read_up_to`: her ConversationRead.last_read_message_id, NULL when she never opened it). The one rule of the
    badge, the message list and "Nu voor jou"."""
    return and_(Message.id > func.coalesce(read_up_to, 0), Message.author_id != me)


def waiting_since(conversation=Conversation, regisseur_id=Family.regisseur_id) -> ScalarSelect:
    """When the family began waiting in `conversation`: its oldest message after the regisseur's last answer (NULL
    when she answered last), as a subquery correlated to the conversation and its family. One rule for the message
    list's order and its "waiting since"."""
    answer = aliased(Message)
    last_answer = (
        sa_select(func.coalesce(func.max(answer.id), 0))
        .where(answer.conversation_id == conversation.id, answer.author_id == regisseur_id)
        .correlate(conversation, Family)  # two levels down: to the caller's conversation and family
        .scalar_subquery()
    )
    return (
        sa_select(func.min(Message.created_at))
        .where(Message.conversation_id == conversation.id, Message.author_id != regisseur_id, Message.id > last_answer)
        .scalar_subquery()
    )


def _read_positions(user: User):
    return (
        select(ConversationRead.conversation_id, ConversationRead.last_read_message_id)
        .where(ConversationRead.user_id == user.id)
        .subquery()
    )


def _unread_by_conversation(db: Session, user: User, ids: list[int]) -> dict[int, int]:
    if not ids:
        return {}
    read = _read_positions(user)
    rows = db.exec(
        select(Message.conversation_id, func.count(Message.id))
        .outerjoin(read, read.c.conversation_id == Message.conversation_id)
        .where(Message.conversation_id.in_(ids), unread_rule(user.id, read.c.last_read_message_id))
        .group_by(Message.conversation_id)
    )
    return dict(rows.all())


def _urgent_unread(db: Session, user: User, ids: list[int]) -> set[int]:
    """The conversations with an urgent message from someone else that `user` has not read yet (one query)."""
    if not ids:
        return set()
    read = _read_positions(user)
    rows = db.exec(
        select(Message.conversation_id)
        .outerjoin(read, read.c.conversation_id == Message.conversation_id)
        .where(Message.conversation_id.in_(ids), Message.urgent, unread_rule(user.id, read.c.last_read_message_id))
        .distinct()
    )
    return set(rows.all())


def _waiting_since(db: Session, ids: list[int]) -> dict[int, datetime]:
    """Per conversation: the oldest message after the regisseur's last answer (one query, however long the threads)."""
    if not ids:
        return {}
    rows = db.exec(
        select(Conversation.id, waiting_since())
        .join(Family, Family.id == Conversation.family_id)
        .where(Conversation.id.in_(ids))
    )
    return {conversation_id: _aware(moment) for conversation_id, moment in rows if moment is not None}


def _aware(moment: datetime) -> datetime:
    """Aggregates (MIN) come back without the column type: make them UTC-aware like every other datetime."""
    return moment if moment.tzinfo else moment.replace(tzinfo=UTC)


# --- the badge: which conversations a person may read, and her unread messages in them, as one statement each -----
# Built once at import (SQLAlchemy Core, bound parameters), run on the connection: the badge is in the navigation
# of every page, so it must cost one cheap statement, whatever the caseload (issue 14). The conditions are those of
# policy.can_read_conversation, can_read_request_conversation and can_read_household_conversation, as SQL; the
# role-dependent ones take NULL for a person without the role, so they match nothing.

_ME = bindparam("me", type_=Integer())
_AS_REGISSEUR = bindparam("regisseur_id", type_=Integer())  # her id when she is a regisseur, else NULL
_AS_COORDINATOR = bindparam("meldpunt_id", type_=Integer())  # a coordinator's meldpunt, else NULL
_READING = bindparam("reading", type_=Integer())  # the conversation on the page being built (0: none)


def readable_condition(me=_ME, as_regisseur=_AS_REGISSEUR, as_coordinator=_AS_COORDINATOR):
    """The conversations `me` may read, as one SQL condition on Conversation (policy can_read_conversation,
    can_read_request_conversation, can_read_household_conversation): `as_regisseur` is her id when she is a
    regisseur, `as_coordinator` her meldpunt when she coordinates one, else NULL. Public for read models that build
    their own statement from the same rule (the home page's "Nu voor jou")."""
    member_of = sa_select(FamilyMember.family_id).where(FamilyMember.user_id == me)
    carer_of = sa_select(FamilyMember.family_id).where(
        FamilyMember.user_id == me, FamilyMember.relation.in_([r.value for r in policy.RESPITE_CARER_RELATIONS])
    )
    kind = Conversation.kind
    # Conversations with the meldpunt are found by their request's or household's id, never by their kind alone
    # (SQLite, without statistics, would read every such conversation in the country on every page).
    kind_of_respite = not_by_index(kind)
    return or_(
        and_(kind == ConversationKind.FAMILY.value, Conversation.family_id.in_(member_of)),
        and_(
            kind == ConversationKind.PRIVATE.value, Conversation.person_id == me, Conversation.family_id.in_(member_of)
        ),
        and_(
            kind == ConversationKind.MENTOR.value,
            Conversation.mentorship_id.in_(
                sa_select(Mentorship.id).where(
                    Mentorship.mentor_id == me, Mentorship.status.in_([s.value for s in MENTOR_READS])
                )
            ),
        ),
        and_(
            kind == ConversationKind.JIM.value,
            Conversation.mentorship_id.in_(
                sa_select(Mentorship.id).where(
                    or_(
                        Mentorship.youth_id == me,
                        and_(Mentorship.mentor_id == me, Mentorship.status == MentorshipStatus.ACTIEF.value),
                    )
                )
            ),
        ),
        and_(
            kind.in_([k.value for k in REGISSEUR_KINDS]),
            Conversation.family_id.in_(sa_select(Family.id).where(Family.regisseur_id == as_regisseur)),
        ),
        and_(
            kind_of_respite == ConversationKind.STEUNTJE.value,
            Conversation.respite_request_id.in_(
                sa_select(RespiteRequest.id).where(RespiteRequest.family_id.in_(carer_of))
            ),
        ),
        and_(
            kind_of_respite == ConversationKind.STEUNGEZIN.value,
            Conversation.household_id.in_(sa_select(Household.id).where(Household.user_id == me)),
        ),
        and_(
            kind_of_respite == ConversationKind.STEUNTJE.value,
            Conversation.respite_request_id.in_(
                sa_select(RespiteRequest.id).where(
                    RespiteRequest.meldpunt_id == as_coordinator, RespiteRequest.status != RespiteStatus.CONCEPT.value
                )
            ),
        ),
        and_(
            kind_of_respite == ConversationKind.STEUNGEZIN.value,
            Conversation.household_id.in_(sa_select(Household.id).where(Household.meldpunt_id == as_coordinator)),
        ),
    )


_READABLE = built_once(sa_select(Conversation.id).where(readable_condition()))


def unread_messages(me=_ME):
    """Conversation joined with `me`'s read position in it and then only the messages after it from others: SQLite
    finds them through the index on the conversation's messages from that id on (rowid > ?), not by reading the whole
    history of every conversation she may read. For statements that count unread messages per readable conversation
    (the badge, the home page's "Nu voor jou"); they add the readable condition."""
    read = outerjoin(
        Conversation,
        ConversationRead,
        and_(ConversationRead.conversation_id == Conversation.id, ConversationRead.user_id == me),
    )
    after_read = and_(
        Message.conversation_id == Conversation.id, unread_rule(me, ConversationRead.last_read_message_id)
    )
    return join(read, Message, after_read)


_UNREAD_TOTAL = built_once(
    sa_select(func.count(Message.id))
    .select_from(unread_messages())
    .where(readable_condition(), Conversation.id != _READING)
)


def reader_params(user: User) -> dict[str, int | None]:
    """The bound parameters of the badge's statements for `user` (her roles are loaded with her: no query)."""
    return {
        "me": user.id,
        "regisseur_id": user.id if user.has_role(Role.REGISSEUR) else None,
        "meldpunt_id": user.organisation_id if policy.is_coordinator_of(user, user.organisation_id) else None,
    }


def readable_ids(db: Session, user: User) -> list[int]:
    """Ids of the conversations this user may read, without creating any (one statement)."""
    return list(db.connection().execute(_READABLE, reader_params(user)).scalars())


def remember_read(db: Session, user: User, conversation: Conversation, up_to: int) -> bool:
    """After a page showed `conversation` up to message `up_to`: remember that, in a short write transaction of its
    own (on SQLite it takes the write lock at its start, see webapp/db.py), and not at all when nothing changed.

    Reading must not fail on this: a database error is logged and dropped (the next page or poll marks it read
    again). The caller has committed the page's own work (such as the access log). True when it wrote."""
    if up_to <= 0:
        return False
    try:
        known = db.exec(
            select(ConversationRead.last_read_message_id).where(
                ConversationRead.conversation_id == conversation.id, ConversationRead.user_id == user.id
            )
        ).first()
        db.commit()  # ends the page's read transaction; it wrote nothing
        if known is not None and known >= up_to:
            return False
        with write_transaction(db):
            mark_read(db, user, conversation, up_to)
        return True
    except SQLAlchemyError as error:
        db.rollback()
        log.warning("read state of conversation %s not saved: %s", conversation.id, type(error).__name__)
        return False


def note_unread_total(total: int) -> None:
    """A read model of this request counted the logged-in person's unread messages per readable conversation with
    the badge's own rule (`readable_condition`, messages from others after her read position): the home page's
    "Nu voor jou" and the message list. The badge then shows their sum instead of counting again."""
    g.unread_total = total


def noted_unread_total() -> int | None:
    return g.get("unread_total")


def unread_total(db: Session, user: User, reading: int | None = None) -> int:
    """For the badge in the navigation: unread messages in every conversation this user may read (one statement).

    `reading` is the conversation whose page is being built: it counts as read (remember_read writes that after)."""
    return db.connection().execute(_UNREAD_TOTAL, {**reader_params(user), "reading": reading or 0}).scalar_one()


# --- Steuntje in de rug: a family's and a volunteer household's conversation with the meldpunt -------------------


def ensure_request_conversation(db: Session, request: RespiteRequest) -> Conversation:
    """The one conversation about a request between the family's carers and the meldpunt (made on first use; the
    caller checked access)."""
    conversation = db.exec(
        select(Conversation).where(
            Conversation.kind == ConversationKind.STEUNTJE, Conversation.respite_request_id == request.id
        )
    ).first()
    if conversation is None:
        conversation = Conversation(
            kind=ConversationKind.STEUNTJE, family_id=request.family_id, respite_request_id=request.id
        )
        db.add(conversation)
        db.flush()
    return conversation


def ensure_household_conversation(db: Session, household: Household) -> Conversation:
    """The one conversation between a volunteer household and its meldpunt (made on first use; the caller checked
    access). It belongs to no family."""
    conversation = db.exec(
        select(Conversation).where(
            Conversation.kind == ConversationKind.STEUNGEZIN, Conversation.household_id == household.id
        )
    ).first()
    if conversation is None:
        conversation = Conversation(kind=ConversationKind.STEUNGEZIN, household_id=household.id)
        db.add(conversation)
        db.flush()
    return conversation


def _respite_readable(db: Session, user: User, conversation: Conversation) -> Family | None:
    """The family of a conversation with the meldpunt (None for a household's) when `user` may read it; else 404."""
    if conversation.kind == ConversationKind.STEUNTJE:
        request = db.get(RespiteRequest, conversation.respite_request_id) if conversation.respite_request_id else None
        family = db.get(Family, request.family_id) if request else None
        if family is None or not policy.can_read_request_conversation(user, family, request):
            raise NotFound()
        return family
    household = db.get(Household, conversation.household_id) if conversation.household_id else None
    if household is None or not policy.can_read_household_conversation(user, household):
        raise NotFound()
    return None


def _coordinators(db: Session, meldpunt_id: int | None) -> set[int]:
    if meldpunt_id is None:
        return set()
    return set(
        db.exec(
            select(User.id)
            .join(UserRole, UserRole.user_id == User.id)
            .where(User.organisation_id == meldpunt_id, User.active, UserRole.role == Role.COORDINATOR)
        )
    )


def respite_participants(db: Session, conversation: Conversation, family: Family | None) -> set[int]:
    """Who reads a conversation with the meldpunt: its coordinators, and the family's parents and foster parents
    with a login, or the household's account."""
    if conversation.kind == ConversationKind.STEUNTJE:
        request = db.get(RespiteRequest, conversation.respite_request_id)
        carers = {
            m.user_id
            for m in family.members
            if m.relation in policy.RESPITE_CARER_RELATIONS and m.user.has_login and m.user.active
        }
        return carers | _coordinators(db, request.meldpunt_id)
    household = db.get(Household, conversation.household_id)
    return ({household.user_id} - {None}) | _coordinators(db, household.meldpunt_id)


def _respite_conversations(
    db: Session, user: User
) -> list[tuple[Conversation, Family | None, RespiteRequest | None, Household | None]]:
    """A carer's conversation about each sent request of her families and a volunteer's with the meldpunt (made on
    first use); a coordinator's: those of her meldpunt that exist (she starts them from the request or household)."""
    found: list[tuple[Conversation, Family | None, RespiteRequest | None, Household | None]] = []
    carer_of = select(FamilyMember.family_id).where(
        FamilyMember.user_id == user.id, FamilyMember.relation.in_(policy.RESPITE_CARER_RELATIONS)
    )
    requests = list(
        db.exec(
            select(RespiteRequest).where(
                RespiteRequest.family_id.in_(carer_of),
                RespiteRequest.status != RespiteStatus.CONCEPT,
                RespiteRequest.meldpunt_id.is_not(None),
            )
        )
    )
    own_households = list(db.exec(select(Household).where(Household.user_id == user.id)))
    if policy.is_coordinator_of(user, user.organisation_id):
        rows = db.exec(
            select(Conversation, RespiteRequest)
            .join(RespiteRequest, RespiteRequest.id == Conversation.respite_request_id)
            .where(
                Conversation.kind == ConversationKind.STEUNTJE,
                RespiteRequest.meldpunt_id == user.organisation_id,
                RespiteRequest.status != RespiteStatus.CONCEPT,
            )
        ).all()
        requests += [r for _c, r in rows if r.id not in {q.id for q in requests}]
        for conversation, household in db.exec(
            select(Conversation, Household)
            .join(Household, Household.id == Conversation.household_id)
            .where(Conversation.kind == ConversationKind.STEUNGEZIN, Household.meldpunt_id == user.organisation_id)
        ).all():
            found.append((conversation, None, None, household))
    families = (
        {f.id: f for f in db.exec(select(Family).where(Family.id.in_({r.family_id for r in requests})))}
        if requests
        else {}
    )
    for request in requests:
        found.append((ensure_request_conversation(db, request), families[request.family_id], request, None))
    seen = {c.id for c, *_rest in found}
    for household in own_households:
        if household.meldpunt_id is not None:
            conversation = ensure_household_conversation(db, household)
            if conversation.id not in seen:
                found.append((conversation, None, None, household))
    return found


# --- the list's preview of each conversation (issue 13): first words, time, who takes part -----------------------

PREVIEW_CHARS = 60


@dataclass
class Preview:
    """What the conversation list says about one conversation besides its name."""

    text: str = ""  # the last message's first words ("" when it was only a file, or not shown: see reads._preview)
    text_shown: bool = True
    has_file: bool = False
    at: datetime | None = None  # when the last message was sent
    today: bool = False  # sent today (Amsterdam time): the list shows the time, otherwise the date
    mine: bool = False  # the reader wrote it
    author: str = ""  # the writer's first name
    people: list[str] = field(default_factory=list)  # the other readers' first names (empty: not known here)


def _first_words(body: str) -> str:
    text = " ".join(body.split())
    if len(text) <= PREVIEW_CHARS:
        return text
    cut = text[:PREVIEW_CHARS].rsplit(" ", 1)[0] or text[:PREVIEW_CHARS]
    return cut + "…"


def _other_readers(summary: ConversationSummary, user: User) -> list[str]:
    """The first names of who else reads the conversation (the rules of `participants`), from objects at hand."""
    conversation, family = summary.conversation, summary.family
    if family is None or conversation.kind in RESPITE_KINDS:
        return []  # the conversation's name already says: the meldpunt
    people = {m.user_id: m.user for m in family.members}
    if family.regisseur is not None:
        people[family.regisseur.id] = family.regisseur
    for person in (summary.mentor, summary.youth, summary.person):
        if person is not None:
            people[person.id] = person
    if conversation.kind in MENTOR_KINDS and summary.mentorship is None:
        return []
    ids = participants(conversation, family, summary.mentorship) - {user.id, None}
    return sorted(people[i].first_name for i in ids if i in people)
