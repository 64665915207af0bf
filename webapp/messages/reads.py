"""The message list as plain rows, for the hot pages (issue 14: reads without ORM hydration).

/berichten polls every 10 s and a regisseur's list holds every conversation of her caseload, so it is read by
statements built once at import, returning plain rows:

- `_MISSING`: whether a conversation the list makes on first use is still missing (a new family, mentorship, request
  or household). Only then the ORM use-case `services.conversations` runs and makes it (a write, as before).
- `_LIST`: the conversations this person may read (`services.readable_condition`, the one rule the badge and
  "Nu voor jou" use too), each with its family's name and regisseur, the mentorship, the request or household, the
  last message (first words, time, author), the unread count, an unread urgent message and how long it waits.
- `_MEMBERS`: the members of those conversations' families (who reads along, in which language).

The objects carry the attribute names the templates and `services` read (`s.family.member_for`, `s.mentor.name`,
`member.user.has_login` ...), so the list reads as before: `services.participants` says who else reads, and a
professional sees who wrote and when, never the words.
"""

from __future__ import annotations

from collections import namedtuple
from dataclasses import dataclass, field
from datetime import date, datetime

from sqlalchemy import Integer, and_, func, or_, select
from sqlalchemy import bindparam as param
from sqlalchemy.orm import aliased
from sqlmodel import Session

from webapp.auth import policy
from webapp.clock import to_local, today, utcnow
from webapp.families.reads import MemberRow, person_columns, person_from
from webapp.messages import services
from webapp.messages.services import (
    MENTOR_KINDS,
    MENTOR_READS,
    REGISSEUR_KINDS,
    ConversationSummary,
    Preview,
    readable_condition,
    unread_rule,
    waiting_since,
)
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
)
from webapp.sql_once import built_once

_ME = param("me", type_=Integer())
_AS_REGISSEUR = param("regisseur_id", type_=Integer())  # her id when she is a regisseur, else NULL
_AS_COORDINATOR = param("meldpunt_id", type_=Integer())  # a coordinator's meldpunt, else NULL
_READABLE = readable_condition(_ME, _AS_REGISSEUR, _AS_COORDINATOR)


# --- the rows --------------------------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Named:
    """A person the list names (a regisseur, a mentor)."""

    id: int
    name: str

    @property
    def first_name(self) -> str:
        return self.name.split(" ", 1)[0]


@dataclass(frozen=True, slots=True)
class ConversationRow:
    id: int
    kind: str
    family_id: int | None
    person_id: int | None
    mentorship_id: int | None
    respite_request_id: int | None
    household_id: int | None
    last_message_at: datetime | None


@dataclass(slots=True)
class FamilyRow:
    """A family as the list reads it: name, regisseur and members (families.reads' member rows)."""

    id: int
    name: str
    regisseur_id: int | None
    regisseur: Named | None
    members: list[MemberRow] = field(default_factory=list)

    def member_for(self, user_id: int | None) -> MemberRow | None:
        return next((m for m in self.members if m.user_id == user_id), None)


@dataclass(frozen=True, slots=True)
class MentorshipRow:
    id: int
    youth_id: int
    mentor_id: int | None


@dataclass(frozen=True, slots=True)
class RequestRow:
    id: int
    meldpunt_id: int | None


@dataclass(frozen=True, slots=True)
class HouseholdRow:
    id: int
    user_id: int | None
    contact_name: str


# --- the statements --------------------------------------------------------------------------------------------


def _missing():
    """True when a conversation the list makes on first use does not exist yet (the rules of services'
    _own_conversations, _mentor_conversations, _caseload_conversations and _respite_conversations)."""
    c = Conversation
    member_of = select(FamilyMember.family_id).where(FamilyMember.user_id == _ME)
    carer_of = select(FamilyMember.family_id).where(
        FamilyMember.user_id == _ME,
        FamilyMember.relation.in_([r.value for r in policy.RESPITE_CARER_RELATIONS]),
    )
    directed = select(Family.id).where(Family.regisseur_id == _AS_REGISSEUR)
    own = select(Family.id).where(Family.id.in_(member_of), Family.regisseur_id.is_not(None))
    family_talk = own.where(
        ~select(c.id).where(c.kind == ConversationKind.FAMILY, c.family_id == Family.id, c.person_id.is_(None)).exists()
    )
    private_talk = own.where(
        ~select(c.id).where(c.kind == ConversationKind.PRIVATE, c.family_id == Family.id, c.person_id == _ME).exists()
    )
    caseload_talk = select(Family.id).where(
        Family.regisseur_id == _AS_REGISSEUR,
        ~select(c.id).where(c.kind == ConversationKind.FAMILY, c.family_id == Family.id).exists(),
    )
    # One part per way of being in a mentorship, each answered by its own index: with `mentor = me OR ...` SQLite
    # went through every mentorship of the status (thousands at 10,000 families, ~0.6 ms a list).
    mentor_reads = Mentorship.status.in_([s.value for s in MENTOR_READS])
    no_mentor_talk = ~select(c.id).where(c.kind == ConversationKind.MENTOR, c.mentorship_id == Mentorship.id).exists()
    mentor_talk_as_mentor = select(Mentorship.id).where(Mentorship.mentor_id == _ME, mentor_reads, no_mentor_talk)
    mentor_talk_directed = directed.where(  # from her families to their mentorships (not from every mentorship)
        select(Mentorship.id).where(Mentorship.family_id == Family.id, mentor_reads, no_mentor_talk).exists()
    )
    active = Mentorship.status == MentorshipStatus.ACTIEF.value
    no_jim_talk = ~select(c.id).where(c.kind == ConversationKind.JIM, c.mentorship_id == Mentorship.id).exists()
    jim_talk_as_mentor = select(Mentorship.id).where(Mentorship.mentor_id == _ME, active, no_jim_talk)
    jim_talk_as_youth = select(Mentorship.id).where(Mentorship.youth_id == _ME, active, no_jim_talk)
    request_talk = select(RespiteRequest.id).where(
        RespiteRequest.family_id.in_(carer_of),
        RespiteRequest.status != RespiteStatus.CONCEPT.value,
        RespiteRequest.meldpunt_id.is_not(None),
        ~select(c.id).where(c.kind == ConversationKind.STEUNTJE, c.respite_request_id == RespiteRequest.id).exists(),
    )
    household_talk = select(Household.id).where(
        Household.user_id == _ME,
        Household.meldpunt_id.is_not(None),
        ~select(c.id).where(c.kind == ConversationKind.STEUNGEZIN, c.household_id == Household.id).exists(),
    )
    parts = (
        family_talk,
        private_talk,
        caseload_talk,
        mentor_talk_as_mentor,
        mentor_talk_directed,
        jim_talk_as_mentor,
        jim_talk_as_youth,
        request_talk,
        household_talk,
    )
    return select(or_(*(part.exists() for part in parts)))


def _list():
    regisseur, mentor, author, last = aliased(User), aliased(User), aliased(User), aliased(Message)
    c = Conversation
    last_id = select(func.max(Message.id)).where(Message.conversation_id == c.id).scalar_subquery()
    after_read = unread_rule(_ME, ConversationRead.last_read_message_id)
    unread = select(func.count(Message.id)).where(Message.conversation_id == c.id, after_read).scalar_subquery()
    urgent = select(Message.id).where(Message.conversation_id == c.id, Message.urgent, after_read).exists()
    waiting = waiting_since(c)
    has_file = select(Attachment.id).where(Attachment.message_id == last.id).exists()
    return (
        select(
            c.id,
            c.kind,
            c.family_id,
            c.person_id,
            c.mentorship_id,
            c.respite_request_id,
            c.household_id,
            c.last_message_at,
            Family.name.label("family_name"),
            Family.regisseur_id,
            regisseur.name.label("regisseur_name"),
            Mentorship.youth_id,
            Mentorship.mentor_id,
            mentor.name.label("mentor_name"),
            RespiteRequest.meldpunt_id.label("request_meldpunt_id"),
            Household.user_id.label("household_user_id"),
            Household.contact_name,
            last.body.label("last_words"),  # the whole body: list_rows keeps its first words
            last.created_at.label("last_at"),
            last.author_id.label("last_author_id"),
            author.name.label("author_name"),
            has_file.label("has_file"),
            unread.label("unread"),
            urgent.label("urgent"),
            waiting.label("waiting"),
        )
        .select_from(c)
        .outerjoin(Family, Family.id == c.family_id)
        .outerjoin(regisseur, regisseur.id == Family.regisseur_id)
        .outerjoin(Mentorship, Mentorship.id == c.mentorship_id)
        .outerjoin(mentor, mentor.id == Mentorship.mentor_id)
        .outerjoin(RespiteRequest, RespiteRequest.id == c.respite_request_id)
        .outerjoin(Household, Household.id == c.household_id)
        .outerjoin(ConversationRead, and_(ConversationRead.conversation_id == c.id, ConversationRead.user_id == _ME))
        .outerjoin(last, last.id == last_id)
        .outerjoin(author, author.id == last.author_id)
        .where(_READABLE)
        .order_by(c.id)
    )


def _members():
    return (
        select(
            FamilyMember.family_id,
            FamilyMember.id,
            FamilyMember.user_id,
            FamilyMember.relation,
            FamilyMember.has_authority,
            *person_columns(User, "person"),
        )
        .join(User, User.id == FamilyMember.user_id)
        .where(FamilyMember.family_id.in_(select(Conversation.family_id).where(_READABLE)))
        .order_by(FamilyMember.id)
    )


_MISSING = built_once(_missing())
_LIST = built_once(_list())
_MEMBERS = built_once(_members())

# The list's rows as namedtuples: they are the kept list's key (webapp/messages/display.py), compared on every visit,
# and SQLAlchemy's rows compare in Python.
ListRow = namedtuple("ListRow", [column.key for column in _LIST.selected_columns])  # one conversation of the list
MemberListRow = namedtuple("MemberListRow", [column.key for column in _MEMBERS.selected_columns])
_WORDS = ListRow._fields.index("last_words")
_FAMILY_NAME = ListRow._fields.index("family_name")


def _list_row(row, professional: bool) -> ListRow:
    """A conversation's row with only what the list shows of its last message, all it keeps: the first words, and
    none for a professional in a family's conversation (she sees who wrote and when, never the words)."""
    values = list(row)
    if values[_WORDS] is not None:
        hidden = professional and values[_FAMILY_NAME] is not None
        values[_WORDS] = "" if hidden else services._first_words(values[_WORDS])
    return ListRow._make(values)


# --- the list --------------------------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class ListRows:
    """What the list's statements answered for one reader, as plain tuples: everything the list shows comes from
    these, the reader and the clock (webapp/messages/display.py keeps the rendered list by them)."""

    conversations: tuple[ListRow, ...]
    members: tuple[MemberListRow, ...]


def list_rows(db: Session, user: User) -> ListRows:
    """The rows of the conversations `user` may read and of their families' members. Three statements, whatever the
    caseload; a fourth use-case (writes) only when a conversation is made on first use."""
    params = services.reader_params(user)
    connection = db.connection()
    if connection.execute(_MISSING, params).scalar():
        services.conversations(db, user)  # makes what is missing (and commits), as on a first visit
        connection = db.connection()
    return ListRows(
        tuple(_list_row(row, user.is_professional) for row in connection.execute(_LIST, params)),
        tuple(MemberListRow._make(row) for row in connection.execute(_MEMBERS, params)),
    )


def waits_for_answer(row, as_regisseur: bool) -> bool:
    """Whether the list shows how long this conversation waits for the regisseur's answer."""
    return as_regisseur and row.waiting is not None and row.family_name is not None


def message_list(db: Session, user: User) -> tuple[list[ConversationSummary], dict[int, Preview]]:
    """The conversations `user` may read, in the list's order (urgent first, then waiting longest, then the latest
    message), with each one's preview."""
    return summaries_of(list_rows(db, user), user)


def summaries_of(
    listing: ListRows, user: User, day: date | None = None
) -> tuple[list[ConversationSummary], dict[int, Preview]]:
    """The list's conversations and previews, built from its rows; `day`: today in the Netherlands (a message of
    today shows its time, an older one its date)."""
    rows = listing.conversations
    families = _families(rows, listing.members)
    people = {m.user_id: m.user for family in families.values() for m in family.members}
    as_regisseur = user.has_role(Role.REGISSEUR)
    now, day = utcnow(), day or today()
    summaries: list[tuple[tuple, ConversationSummary]] = []
    previews: dict[int, Preview] = {}
    for row in rows:
        conversation = ConversationRow(*row[:8])
        family = families.get(row.family_id) if row.family_id is not None else None
        summary = ConversationSummary(
            conversation,
            family,
            people.get(row.person_id),
            row.unread,
            services._aware(row.waiting) if waits_for_answer(row, as_regisseur) else None,
            urgent=bool(row.urgent),
        )
        if row.mentorship_id is not None and row.youth_id is not None:
            summary.mentorship = MentorshipRow(row.mentorship_id, row.youth_id, row.mentor_id)
            summary.youth = people.get(row.youth_id)
            summary.mentor = Named(row.mentor_id, row.mentor_name) if row.mentor_name is not None else None
        if conversation.kind == ConversationKind.STEUNTJE and row.respite_request_id is not None:
            summary.request = RequestRow(row.respite_request_id, row.request_meldpunt_id)
        if conversation.kind == ConversationKind.STEUNGEZIN and row.household_id is not None:
            summary.household = HouseholdRow(row.household_id, row.household_user_id, row.contact_name)
        previews[conversation.id] = _preview(row, user, family is not None, day)
        previews[conversation.id].people = services._other_readers(summary, user)
        summaries.append((_order(summary, user, as_regisseur, now), summary))
    summaries.sort(key=lambda pair: pair[0])
    return [summary for _key, summary in summaries], previews


def _families(rows, members) -> dict[int, FamilyRow]:
    families = {
        row.family_id: FamilyRow(
            row.family_id,
            row.family_name,
            row.regisseur_id,
            Named(row.regisseur_id, row.regisseur_name) if row.regisseur_name is not None else None,
        )
        for row in rows
        if row.family_id is not None and row.family_name is not None
    }
    for m in members:
        family = families.get(m.family_id)
        if family is None:
            continue
        person = person_from(m, "person")
        family.members.append(MemberRow(m.id, m.family_id, m.user_id, m.relation, bool(m.has_authority), person))
    return families


def _preview(row, user: User, with_family: bool, day) -> Preview:
    """The last message's first words (not for a professional in a family's conversation), time and author."""
    if row.last_at is None:
        return Preview()
    moment = services._aware(row.last_at)
    shown = not (user.is_professional and with_family)
    return Preview(
        text=row.last_words if shown else "",
        text_shown=shown,
        has_file=bool(row.has_file),
        at=moment,
        today=to_local(moment).date() == day,
        mine=row.last_author_id == user.id,
        author=row.author_name.split(" ", 1)[0],
    )


def _order(summary: ConversationSummary, user: User, as_regisseur: bool, now: datetime) -> tuple:
    """The list's order (services.conversations): urgent, waiting longest, latest message; between equals the order
    in which services gathers them (her own per family by name, as mentor, as youth, the caseload, Steuntje)."""
    conversation, family = summary.conversation, summary.family
    kind = conversation.kind
    member = family is not None and family.member_for(user.id) is not None
    if member and family.regisseur_id is not None and kind == ConversationKind.FAMILY:
        gathered = (0, family.name, family.id, 0, 0)
    elif member and family.regisseur_id is not None and kind == ConversationKind.PRIVATE:
        gathered = (0, family.name, family.id, 1, 0)
    elif kind in MENTOR_KINDS and summary.mentorship is not None and summary.mentorship.mentor_id == user.id:
        gathered = (1, "", summary.mentorship.id, 0 if kind == ConversationKind.MENTOR else 1, 0)
    elif kind == ConversationKind.JIM and summary.mentorship is not None and summary.mentorship.youth_id == user.id:
        gathered = (2, "", 0, 0, conversation.id)
    elif as_regisseur and family is not None and family.regisseur_id == user.id and kind in REGISSEUR_KINDS:
        # in the order of the (kind, family, person) unique index, which SQLite read them by
        gathered = (3, kind, family.id, conversation.person_id or 0, conversation.id)
    elif kind == ConversationKind.STEUNGEZIN and summary.household is not None and summary.household.user_id != user.id:
        gathered = (4, "", 0, 0, conversation.id)  # a coordinator's households
    elif kind == ConversationKind.STEUNTJE:
        gathered = (5, "", 0, 0, conversation.respite_request_id or 0)
    else:
        gathered = (6, "", 0, 0, conversation.id)
    waiting = summary.waiting_since
    return (
        not summary.urgent,
        waiting is None,
        waiting or now,
        -(conversation.last_message_at or now).timestamp(),
        gathered,
    )
