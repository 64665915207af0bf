"""'Nu voor jou': what waits for this person, most urgent first, each one tap from where it is answered.

The home page is the most visited page, so this is a read model with one statement, built once at import: a UNION ALL
of small selects over the features' tables, each giving plain rows of one shape (`_COLUMNS`). Python then applies the
age rules of webapp/auth/policy.py to the few rows that need them and writes the list in the reader's language.

Who sees what follows the policy (tests/test_home_now.py holds a stranger test per item):
- a new plan version: the latest version of a family's plan the person is a member of and has not answered
  (policy.can_answer_plan); her own overdue actions come from that same published version (what the family reads,
  never the regisseur's draft), and only actions of parts she may always see: the whole family's or her own;
- the regisseur: "niet akkoord" answers to follow up, mentors waiting for her decision, and her own overdue actions in
  the drafts of her families (policy.is_regisseur_of);
- appointments where she takes part and may still see them (appointments.services.STILL_VISIBLE, the agenda's rule);
- unread messages per conversation she may read (the conditions of messages.services.readable_ids);
- the 18-checklist: her own, or a youth's whose toekomstplan she sees (policy.can_see_toekomstplan: the regisseur;
  a parent with gezag or a foster parent only while the youth shares it);
- mentor nominations her support is asked for (policy.can_support_mentorship);
- invitations (families.joining.waiting_count's rule); Steuntje in de rug and peer questions from the numbers the
  home page already has (respite.services.home, peers.services.home).
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from typing import NamedTuple

from flask import has_request_context, request, url_for
from flask_babel import get_locale
from flask_login import current_user
from markupsafe import Markup, escape
from sqlalchemy import (
    Date,
    Integer,
    String,
    Text,
    bindparam,
    case,
    cast,
    exists,
    func,
    literal_column,
    null,
    type_coerce,
    union_all,
)
from sqlalchemy import select as sa_select
from sqlalchemy.orm import aliased
from sqlmodel import Session, and_, or_
from sqlmodel.sql.sqltypes import UTCDateTime

from webapp.appointments.services import STILL_VISIBLE, VIEWER, within_reach
from webapp.auth import policy
from webapp.clock import LOCAL_TZ, from_local, to_local, today, utcnow
from webapp.home.kept import Kept
from webapp.home.links import link
from webapp.home.text import format_date, ngettext
from webapp.home.text import gettext as _
from webapp.i18n import address, addressed, addressed_plural
from webapp.labels import APPOINTMENT_KIND_LABELS
from webapp.messages.services import note_unread_total, readable_condition, unread_messages
from webapp.models import (
    Action,
    Answer,
    Appointment,
    AppointmentKind,
    AppointmentParticipant,
    ChecklistTick,
    Conversation,
    Family,
    FamilyMember,
    Invitation,
    Mentorship,
    MentorshipStatus,
    Message,
    Plan,
    PlanResponse,
    PlanVersion,
    Relation,
    Role,
    SharingChoice,
    Toekomstplan,
    User,
)
from webapp.sql_hints import not_by_index
from webapp.sql_once import built_once
from webapp.toekomstplan.checklist import BY_KEY, ITEMS, due_date
from webapp.toekomstplan.services import MAX_AGE, has_toekomstplan_age

# --- the groups, most urgent first ------------------------------------------------------------------------------

LATE = 0  # past its date, due today, or blocking others today
ANSWER = 1  # waiting for this person's answer or decision
INFO = 2  # to know: an appointment soon, unread messages, new answers

SNIPPET = 60  # characters of a message shown
CHECKLIST_SHOWN = 3  # a youth sees her three most urgent checklist items, then "and N more"


class NowItem(NamedTuple):
    """One line of the list: `title` is the link text (names inside it isolated), `url` where it is answered. A
    named tuple, not a dataclass: the kept list's key holds the lines and compares them in C on every visit."""

    kind: str
    group: int
    title: Markup
    url: str
    flag: str = ""  # a warning word: "te laat", "vandaag"
    detail: str = ""  # free text (the first words of a message, a place): shown with dir="auto"
    when: datetime | date | None = None
    order: tuple = ()  # where it sorts within its group (derived from the fields above)

    @property
    def urgent(self) -> bool:
        return self.group == LATE


# --- the statement ----------------------------------------------------------------------------------------------

_TYPES = {
    "kind": String(),
    "at": UTCDateTime(),
    "day": Date(),
    "text": String(),
    "extra": String(),
    "id1": Integer(),
    "id2": Integer(),
    "num": Integer(),
    "body": Text(),
}
_COLUMNS = tuple(_TYPES)


def _row(kind: str, **values):
    """The select list of one branch: every column in the same order and type (NULL cast, so PostgreSQL can resolve
    a UNION whose first branches have NULL where later ones have a value)."""
    unknown = set(values) - set(_TYPES)
    assert not unknown, unknown
    columns = [cast(literal_column(f"'{kind}'"), String()).label("kind")]
    for name in _COLUMNS[1:]:
        value = values.get(name)
        expression = cast(null(), _TYPES[name]) if value is None else type_coerce(value, _TYPES[name])
        columns.append(expression.label(name))
    return sa_select(*columns)


ME = bindparam("me", type_=Integer())
REGISSEUR = bindparam("regisseur_id", type_=Integer())  # the user's id when she is a regisseur, else NULL
MELDPUNT = bindparam("meldpunt_id", type_=Integer())  # a coordinator's meldpunt, else NULL
EMAIL = bindparam("email", type_=String())  # NULL for a professional (invitations are for families)
NOW = bindparam("now", type_=UTCDateTime())
SOON = bindparam("soon_until", type_=UTCDateTime())  # the end of tomorrow, local time
DAY = bindparam("day", type_=Date())
BORN_AFTER = bindparam("born_after", type_=Date())  # the 18-checklist: youths young enough for a toekomstplan
BORN_BY = bindparam("born_by", type_=Date())  # ... and old enough for a checklist item to be due
WHO_LIKE = bindparam("who_like", type_=String())  # "%petra%": a regisseur's own actions (checked per word after)

_OPEN_MENTORSHIP = tuple(
    s.value
    for s in (
        MentorshipStatus.GENOMINEERD,
        MentorshipStatus.UITGENODIGD,
        MentorshipStatus.GEACCEPTEERD,
        MentorshipStatus.ACTIEF,
    )
)


def _member_of():
    return sa_select(FamilyMember.family_id).where(FamilyMember.user_id == ME)


def _versions():
    """Per family of which she is a member: the latest published version, whether she answered it, its content."""
    latest = (
        sa_select(func.max(PlanVersion.number)).where(PlanVersion.plan_id == Plan.id).correlate(Plan).scalar_subquery()
    )
    answered = exists().where(PlanResponse.version_id == PlanVersion.id, PlanResponse.user_id == ME)
    return (
        _row(
            "version",
            at=PlanVersion.published_at,
            text=Family.name,
            id1=Family.id,
            id2=PlanVersion.number,
            num=case((answered, 1), else_=0),
            body=cast(PlanVersion.content, Text()),
        )
        .select_from(FamilyMember)
        .join(Family, Family.id == FamilyMember.family_id)
        .join(Plan, Plan.family_id == Family.id)
        .join(PlanVersion, PlanVersion.plan_id == Plan.id)
        .where(FamilyMember.user_id == ME, PlanVersion.number == latest)
    )


def _disagreements():
    """The regisseur: "niet akkoord" answers she has not followed up yet."""
    who = aliased(User)
    return (
        _row(
            "disagree",
            at=PlanResponse.answered_at,
            text=who.name,
            extra=Family.name,
            id1=Family.id,
            id2=PlanVersion.number,
        )
        .select_from(PlanResponse)
        .join(PlanVersion, PlanVersion.id == PlanResponse.version_id)
        .join(Plan, Plan.id == PlanVersion.plan_id)
        .join(Family, Family.id == Plan.family_id)
        .join(who, who.id == PlanResponse.user_id)
        .where(Family.regisseur_id == REGISSEUR, PlanResponse.agrees.is_(False), PlanResponse.handled_at.is_(None))
    )


def _draft_actions():
    """The regisseur's own actions in her families' drafts (who names her), past their date and not done."""
    return (
        _row(
            "draft_action",
            day=Action.due_date,
            text=Action.what,
            extra=Family.name,
            id1=Family.id,
            id2=Action.id,
            body=Action.who,
        )
        .select_from(Action)
        .join(Plan, Plan.id == Action.plan_id)
        .join(Family, Family.id == Plan.family_id)
        .where(
            Family.regisseur_id == REGISSEUR,
            Action.done.is_(False),
            Action.due_date < DAY,
            # Not a bare parameter as the pattern: SQLite then re-prepares the whole statement (10 KB) on every
            # execution, for its LIKE optimisation (~0.6 ms a home page); `|| ''` changes nothing else.
            func.lower(Action.who).like(WHO_LIKE.concat(literal_column("''"))),
        )
    )


def _appointments():
    """Appointments she takes part in: to answer (from now on), or confirmed and starting before tomorrow ends."""
    return (
        _row(
            "appointment",
            at=Appointment.starts_at,
            text=Appointment.kind,
            extra=Appointment.title,
            id1=Appointment.id,
            num=case((AppointmentParticipant.answer == Answer.OPEN.value, 1), else_=0),
            body=Appointment.place,
        )
        # From the weeks ahead of her families and the rest, not from every appointment she ever took part in.
        .select_from(Appointment)
        .join(
            AppointmentParticipant,  # her answer, joined by key (still_visible keeps its own alias)
            and_(
                AppointmentParticipant.appointment_id == Appointment.id,
                not_by_index(AppointmentParticipant.user_id) == ME,
            ),
        )
        .where(
            within_reach(ME, Appointment.starts_at >= NOW),
            Appointment.cancelled_at.is_(None),
            or_(
                AppointmentParticipant.answer == Answer.OPEN.value,
                and_(AppointmentParticipant.answer == Answer.BEVESTIGD.value, Appointment.starts_at < SOON),
            ),
            STILL_VISIBLE,
        )
    )


def _readable_conversations():
    """The conversations she may read: the one rule of messages.services (the badge and the message list use it
    too), with this statement's parameters."""
    return readable_condition(ME, REGISSEUR, MELDPUNT)


def _unread():
    """Per readable conversation with messages from others after her read position: how many, and the last one's
    writer, time and first words."""
    unread = (
        sa_select(
            Conversation.id.label("conversation_id"),
            func.count(Message.id).label("n"),
            func.max(Message.id).label("last_id"),
        )
        .select_from(unread_messages(ME))
        .where(_readable_conversations())
        .group_by(Conversation.id)
        .subquery()
    )
    last = aliased(Message)
    author = aliased(User)
    return (
        _row(
            "message",
            at=last.created_at,
            text=author.name,
            id1=unread.c.conversation_id,
            num=unread.c.n,
            body=func.substr(last.body, 1, SNIPPET + 20),
        )
        .select_from(unread)
        .join(last, last.id == unread.c.last_id)
        .join(author, author.id == last.author_id)
    )


def _future_youth_ids():
    """The youths whose toekomstplan (and so its 18-checklist) she sees: herself; as a parent with gezag or a foster
    parent, a youth of her family who shares her toekomstplan with the family (every youth with a toekomstplan is 16
    or older: she decides); as the regisseur, every youth of her families."""
    me_as_youth = sa_select(FamilyMember.user_id).where(
        FamilyMember.user_id == ME, FamilyMember.relation == Relation.JONGERE.value
    )
    carer = aliased(FamilyMember)
    youth = aliased(FamilyMember)
    shared = (
        sa_select(youth.user_id)
        .join(carer, carer.family_id == youth.family_id)
        .join(SharingChoice, SharingChoice.youth_id == youth.user_id)
        .where(
            carer.user_id == ME,
            or_(
                and_(carer.relation == Relation.OUDER.value, carer.has_authority.is_(True)),
                carer.relation == Relation.PLEEGOUDER.value,
            ),
            youth.relation == Relation.JONGERE.value,
            youth.user_id != ME,
            SharingChoice.share_toekomstplan_with_family.is_(True),
        )
    )
    regisseur = (
        sa_select(FamilyMember.user_id)
        .join(Family, Family.id == FamilyMember.family_id)
        .where(Family.regisseur_id == REGISSEUR, FamilyMember.relation == Relation.JONGERE.value)
    )
    return union_all(me_as_youth, shared, regisseur)


def _in_checklist_window(person):
    """Born in the window where a checklist item can be due (checked per item after) and young enough for a
    toekomstplan."""
    return and_(person.birth_date > BORN_AFTER, person.birth_date <= BORN_BY)


def _futures():
    return _row("future", day=User.birth_date, text=User.name, id1=User.id).where(
        User.id.in_(_future_youth_ids()), _in_checklist_window(User)
    )


def _ticks():
    youth = aliased(User)
    return (
        _row("tick", text=ChecklistTick.item, id1=Toekomstplan.youth_id)
        .select_from(ChecklistTick)
        .join(Toekomstplan, Toekomstplan.id == ChecklistTick.toekomstplan_id)
        .join(youth, youth.id == Toekomstplan.youth_id)
        .where(Toekomstplan.youth_id.in_(_future_youth_ids()), _in_checklist_window(youth))
    )


def _to_support():
    """Open nominations in a family where she is a parent with gezag or a foster parent, not answered yet by a carer
    (the youth's age, under 16, is checked after: policy.can_support_mentorship)."""
    youth = aliased(User)
    carer_of = sa_select(FamilyMember.family_id).where(
        FamilyMember.user_id == ME,
        or_(
            and_(FamilyMember.relation == Relation.OUDER.value, FamilyMember.has_authority.is_(True)),
            FamilyMember.relation == Relation.PLEEGOUDER.value,
        ),
    )
    return (
        _row("support", day=youth.birth_date, text=youth.name, extra=Mentorship.nominee_name, id1=Mentorship.id)
        .select_from(Mentorship)
        .join(youth, youth.id == Mentorship.youth_id)
        .where(
            Mentorship.family_id.in_(carer_of),
            # through her families, not every open mentorship of every family (~2 ms with 10,000 families)
            not_by_index(Mentorship.status).in_(_OPEN_MENTORSHIP),
            Mentorship.parents_support.is_(None),
            Mentorship.youth_id != ME,
        )
    )


def _to_decide():
    """The regisseur: mentors who said yes and wait for her decision (policy.can_decide_mentorship)."""
    youth = aliased(User)
    mentor = aliased(User)
    return (
        _row(
            "decide",
            at=Mentorship.accepted_at,
            text=youth.name,
            extra=func.coalesce(mentor.name, Mentorship.nominee_name),
            id1=Mentorship.id,
        )
        .select_from(Mentorship)
        .join(Family, Family.id == Mentorship.family_id)
        .join(youth, youth.id == Mentorship.youth_id)
        .outerjoin(mentor, mentor.id == Mentorship.mentor_id)
        .where(
            Family.regisseur_id == REGISSEUR,
            # through her families, not every accepted mentorship of every family
            not_by_index(Mentorship.status) == MentorshipStatus.GEACCEPTEERD.value,
        )
    )


def _invitations():
    """How many invitations wait for her: to her address, or a youth's that waits for her as a parent with gezag
    (the rule of families.joining.waiting_count)."""
    open_ = (Invitation.accepted_at.is_(None), Invitation.declined_at.is_(None))
    mine = (
        sa_select(func.count())
        .select_from(Invitation)
        .where(
            Invitation.email == EMAIL, Invitation.awaiting_carer_since.is_(None), Invitation.expires_at > NOW, *open_
        )
        .scalar_subquery()
    )
    my_families = sa_select(FamilyMember.family_id).where(
        FamilyMember.user_id == ME, FamilyMember.relation == Relation.OUDER.value, FamilyMember.has_authority.is_(True)
    )
    youths = sa_select(FamilyMember.user_id).where(
        FamilyMember.family_id.in_(my_families), FamilyMember.relation == Relation.JONGERE.value
    )
    for_consent = (
        sa_select(func.count())
        .select_from(Invitation)
        .where(Invitation.awaiting_carer_since.is_not(None), Invitation.user_id.in_(youths), *open_)
        .scalar_subquery()
    )
    return _row("invitations", num=mine + for_consent)


NOW_STATEMENT = built_once(
    union_all(
        _versions(),
        _disagreements(),
        _draft_actions(),
        _appointments(),
        _unread(),
        _futures(),
        _ticks(),
        _to_support(),
        _to_decide(),
        _invitations(),
    )
)
NOW_COLUMNS = tuple(column.key for column in NOW_STATEMENT.selected_columns)
_NUM = NOW_COLUMNS.index("num")


# --- from rows to items -----------------------------------------------------------------------------------------


def statement_params(user: User, day: date, now: datetime, local_today: date) -> dict:
    """The bound parameters of NOW_STATEMENT for `user` at this moment."""
    earliest_item = min(item.months_from_18 for item in ITEMS)  # -6: half a year before the 18th birthday
    return {
        "me": user.id,
        VIEWER: user.id,
        "regisseur_id": user.id if user.has_role(Role.REGISSEUR) else None,
        "meldpunt_id": user.organisation_id if policy.is_coordinator_of(user, user.organisation_id) else None,
        "email": None if user.is_professional or not user.email else user.email,
        "now": now,
        "soon_until": from_local(datetime.combine(local_today + timedelta(days=2), time(0))),
        "day": day,
        "born_after": _years_before(day, MAX_AGE + 1),
        "born_by": _years_before(day, 18) + timedelta(days=31 * (1 - earliest_item)),  # checked per item after
        "who_like": f"%{user.first_name.lower()}%",
    }


def items_for(db: Session, user: User, *, respite=None, peers=None) -> list[NowItem]:
    """What waits for `user`, most urgent first, in one statement. `respite` and `peers`: the home page's own
    RespiteHome and PeersHome, whose numbers are folded in without another query."""
    if not user.active:
        return []
    day = today()
    now = utcnow()
    local_today = to_local(now).date()
    params = statement_params(user, day, now, local_today)
    # Plain tuples, not SQLAlchemy's rows: the key below compares them on every visit, and rows compare in Python.
    rows = tuple(map(tuple, db.connection().execute(NOW_STATEMENT, params)))
    if has_request_context() and user.id == _logged_in_id():
        # The badge's count, by the badge's rule: the navigation needs no statement of its own on the home page.
        note_unread_total(sum(row[_NUM] for row in rows if row[0] == "message"))

    def build() -> tuple[NowItem, ...]:
        builder = _Builder(user, day, local_today)
        for row in rows:
            builder.add(dict(zip(NOW_COLUMNS, row, strict=True)))
        builder.finish(respite, peers)
        return tuple(sorted(builder.items, key=lambda item: (item.group, *item.order)))

    if not has_request_context():
        return list(build())
    # Everything the lines are made of: the rows, what the builder reads of her, the day, the language and her forms
    # of address, the links' script root (webapp/home/kept.py). The items are frozen: shared by every reader.
    reader = (user.id, user.name, user.is_professional)
    language = (str(get_locale()), address.contexts(), request.script_root)  # contexts: the logged-in reader's
    key = (reader, day, local_today, language, rows, respite, peers)
    return list(_BUILT.get_or_build(key, build))


def _logged_in_id() -> int | None:
    return getattr(current_user._get_current_object(), "id", None)


# Bounded: a key holds the rows, with the plan content of her families (tens of KB at most), so ~256 homes per process.
_BUILT: Kept[tuple[NowItem, ...]] = Kept(256)


def _years_before(day: date, years: int) -> date:
    try:
        return day.replace(year=day.year - years)
    except ValueError:  # 29 February
        return day.replace(year=day.year - years, day=28)


def _aware(moment: datetime | None) -> datetime | None:
    if moment is not None and moment.tzinfo is None:
        return moment.replace(tzinfo=UTC)
    return moment


def _timestamp(moment: datetime | date | None) -> float:
    if isinstance(moment, datetime):
        return moment.timestamp()
    if isinstance(moment, date):
        return datetime.combine(moment, time(0), tzinfo=LOCAL_TZ).timestamp()
    return 0.0


def _bdi(value: object) -> Markup:
    """A name or a title in its own isolate (a name in another script keeps its direction); the value escaped."""
    return Markup("<bdi>%s</bdi>") % value


def _safe(text: str) -> Markup:
    """A sentence from our own catalogue whose variables were put in escaped (`_bdi`), as Jinja's _() does."""
    return Markup(text)  # noqa: S704 - our catalogue; every variable went in through _bdi (escaped)


def _first_name(name: str | None) -> str:
    return (name or "").split(" ", 1)[0]


_WORDS = re.compile(r"\w+")


def names_me(who: str | None, user: User) -> bool:
    """Whether an action's "who" (free text: "Samira", "Samira en Marleen", "Petra (regisseur)") names this person:
    her first name as a word, or her full name."""
    words = {word.casefold() for word in _WORDS.findall(who or "")}
    return user.first_name.casefold() in words or (who or "").strip().casefold() == user.name.casefold()


@dataclass(frozen=True)
class _Person:
    """What the age rules (policy.parents_must_support, has_toekomstplan_age) read of a person: her birth date."""

    birth_date: date | None


def _day_flag(when: date, day: date) -> str:
    return _("vandaag") if when == day else _("te laat")


def _snippet(body: str | None) -> str:
    """The first words of a message: at most SNIPPET characters on one line, cut at a word."""
    text = " ".join((body or "").split())
    if len(text) <= SNIPPET:
        return text
    head = text[:SNIPPET]
    cut = head.rsplit(" ", 1)[0] if " " in head else head
    return cut.rstrip(",.;:") + "…"


class _Builder:
    """Turns the statement's rows into items; `order` sorts within a group (a rank per kind, then a time, then the
    row's id, so two lines of the same moment keep one order whatever order the database returned them in)."""

    def __init__(self, user: User, day: date, local_today: date) -> None:
        self.user, self.day, self.local_today = user, day, local_today
        self.items: list[NowItem] = []
        self.futures: dict[int, tuple[str, date | None]] = {}
        self.ticks: dict[int, set[str]] = {}

    def add(self, row) -> None:
        handler: Callable | None = getattr(self, "_" + row["kind"], None)
        if handler is not None:
            handler(row)

    def item(self, kind: str, group: int, title: Markup, url: str, *order, **more) -> None:
        self.items.append(NowItem(kind, group, title, url, order=order, **more))

    def finish(self, respite, peers) -> None:
        self._checklist()
        if respite is not None:
            self._respite(respite)
        if peers is not None:
            self._peers(peers)

    # -- the plan ---------------------------------------------------------------------------------------------
    def _version(self, row) -> None:
        plan_url = link("plans.show", "family_id", row["id1"])
        at = _aware(row["at"])
        if not row["num"]:
            title = addressed(
                "Er is een nieuwe versie van het plan van gezin %(family)s. Wat vind jij ervan?",
                family=_bdi(row["text"]),
            )
            self.item("plan", ANSWER, _safe(title), plan_url + "#jouw-antwoord", 0, _timestamp(at), row["id1"], when=at)
        self._own_actions(row["body"], plan_url)

    def _own_actions(self, content_text: str | None, plan_url: str) -> None:
        """Her own actions in the published version, past their date and not done, in a part she always sees: the
        whole family's, or her own (a part about someone else follows that person's rules: left out here)."""
        if not content_text:
            return
        content = json.loads(content_text)
        goals = {goal["id"]: goal for goal in content.get("goals", [])}
        for action in content.get("actions", []):
            due = action.get("due_date")
            if action.get("done") or not due or not names_me(action.get("who"), self.user):
                continue
            due = date.fromisoformat(due)
            goal = goals.get(action.get("goal_id"))
            if due >= self.day or (goal is not None and goal.get("about_user_id", -1) not in (None, self.user.id)):
                continue
            self._action_item(action["what"], due, plan_url)

    def _action_item(self, what: str, due: date, url: str) -> None:
        self.item(
            "action",
            LATE,
            _safe(_("Actie uit het plan: %(what)s", what=_bdi(what))),
            url,
            1,
            _timestamp(due),
            flag=_("te laat"),
            detail=_("Dit moest af op %(date)s.", date=format_date(due, "d MMMM")),
            when=due,
        )

    def _draft_action(self, row) -> None:
        if names_me(row["body"], self.user):
            self._action_item(row["text"], row["day"], link("plan_editor.edit", "family_id", row["id1"]))

    def _disagree(self, row) -> None:
        at = _aware(row["at"])
        title = _(
            "%(name)s is het niet eens met versie %(number)s van het plan van gezin %(family)s",
            name=_bdi(_first_name(row["text"])),
            number=row["id2"],
            family=_bdi(row["extra"]),
        )
        self.item(
            "disagree",
            ANSWER,
            _safe(title),
            link("plan_editor.edit", "family_id", row["id1"]),
            1,
            _timestamp(at),
            row["id1"],
            when=at,
        )

    # -- appointments -----------------------------------------------------------------------------------------
    def _appointment(self, row) -> None:
        starts = _aware(row["at"])
        local_day = to_local(starts).date()
        soon = local_day <= self.local_today + timedelta(days=1)
        own_title = row["extra"] if row["text"] == AppointmentKind.ANDERS.value else ""
        what = _bdi(own_title) if own_title else str(APPOINTMENT_KIND_LABELS.get(row["text"], row["text"]))
        url = link("appointments.show", "appointment_id", row["id1"])
        flag = _("vandaag") if local_day == self.local_today else (_("morgen") if soon else "")
        more = {"flag": flag, "detail": row["body"] or "", "when": starts}
        if row["num"]:  # her answer is still open
            title = _safe(addressed("Zeg of je komt: %(what)s", what=what))
            self.item(
                "appointment_answer", LATE if soon else ANSWER, title, url, 2, _timestamp(starts), row["id1"], **more
            )
        else:
            title = _safe(_("Afspraak: %(what)s", what=what))
            self.item("appointment", INFO, title, url, 0, _timestamp(starts), row["id1"], **more)

    # -- messages ---------------------------------------------------------------------------------------------
    def _message(self, row) -> None:
        at = _aware(row["at"])
        title = ngettext(
            "%(num)d nieuw bericht van %(name)s",
            "%(num)d nieuwe berichten, het laatste van %(name)s",
            row["num"],
            name=_bdi(_first_name(row["text"])),
        )
        url = link("messages.show", "conversation_id", row["id1"])
        # A professional sees who wrote and when, not the words: reading them is an access-log row the family sees,
        # written on the conversation's page (as in the message list, messages.reads._preview).
        detail = "" if self.user.is_professional else _snippet(row["body"])
        self.item("message", INFO, _safe(title), url, 1, -_timestamp(at), row["id1"], detail=detail, when=at)

    # -- the 18-checklist -------------------------------------------------------------------------------------
    def _future(self, row) -> None:
        self.futures[row["id1"]] = (row["text"], row["day"])

    def _tick(self, row) -> None:
        self.ticks.setdefault(row["id1"], set()).add(row["text"])

    def _checklist(self) -> None:
        for youth_id, (name, birth_date) in self.futures.items():
            if birth_date is None or not has_toekomstplan_age(_Person(birth_date), self.day):
                continue
            done = self.ticks.get(youth_id, set())
            due = sorted(
                (when, item.key)
                for item in ITEMS
                if item.key not in done and (when := due_date(item, birth_date)) <= self.day
            )
            if not due:
                continue
            url = link("toekomstplan.show", "youth_id", youth_id) + "#checklist"
            if youth_id != self.user.id:  # a foster parent or the regisseur: one line per youth
                oldest = due[0][0]
                title = ngettext(
                    "%(name)s: %(num)d punt van de 18-lijst is niet op tijd af",
                    "%(name)s: %(num)d punten van de 18-lijst zijn niet op tijd af",
                    len(due),
                    name=_bdi(_first_name(name)),
                )
                self.item(
                    "checklist",
                    LATE,
                    _safe(title),
                    url,
                    0,
                    _timestamp(oldest),
                    flag=_day_flag(oldest, self.day),
                    when=oldest,
                )
                continue
            for when, key in due[:CHECKLIST_SHOWN]:
                title = _("18-lijst: %(item)s", item=_bdi(BY_KEY[key].title))
                self.item(
                    "checklist", LATE, _safe(title), url, 0, _timestamp(when), flag=_day_flag(when, self.day), when=when
                )
            if len(due) > CHECKLIST_SHOWN:
                rest = addressed_plural(
                    "Nog %(num)d punt van je 18-lijst wacht op je.",
                    "Nog %(num)d punten van je 18-lijst wachten op je.",
                    len(due) - CHECKLIST_SHOWN,
                )
                self.item("checklist_more", LATE, escape(rest), url, 0, _timestamp(due[CHECKLIST_SHOWN][0]))

    # -- JIM mentors ------------------------------------------------------------------------------------------
    def _support(self, row) -> None:
        if not policy.parents_must_support(_Person(row["day"]), self.day):
            return
        title = addressed(
            "%(youth)s koos %(name)s als mentor. Steun je die keuze?",
            youth=_bdi(_first_name(row["text"])),
            name=_bdi(row["extra"]),
        )
        self.item(
            "support", ANSWER, _safe(title), link("mentors.show", "mentorship_id", row["id1"]), 2, 0.0, row["id1"]
        )

    def _decide(self, row) -> None:
        at = _aware(row["at"])
        title = addressed(
            "Mentor %(name)s voor %(youth)s wacht op jouw besluit",
            name=_bdi(row["extra"]),
            youth=_bdi(_first_name(row["text"])),
        )
        url = link("mentors.show", "mentorship_id", row["id1"])
        self.item("decide", ANSWER, _safe(title), url, 2, _timestamp(at), row["id1"], when=at)

    # -- invitations, Steuntje in de rug and the peer questions (numbers) ---------------------------------------
    def _count_item(self, kind: str, group: int, text: str, url: str, rank: int) -> None:
        self.item(kind, group, escape(text), url, rank, 0.0)

    def _invitations(self, row) -> None:
        if row["num"]:
            text = addressed_plural(
                "Er wacht %(num)d uitnodiging op je antwoord.",
                "Er wachten %(num)d uitnodigingen op je antwoord.",
                row["num"],
            )
            self._count_item("invitations", ANSWER, text, url_for("joining.index"), 3)

    def _respite(self, respite) -> None:
        if respite.role in ("family", "steungezin"):
            url = url_for("respite_requests.index" if respite.role == "family" else "steungezin.index")
            if respite.to_answer and respite.role == "family":
                text = addressed_plural(
                    "Er wacht %(num)d voorstel voor een steungezin op je antwoord.",
                    "Er wachten %(num)d voorstellen voor een steungezin op je antwoord.",
                    respite.to_answer,
                )
                self._count_item("respite_proposal", ANSWER, text, url, 4)
            elif respite.to_answer:
                text = addressed_plural(
                    "Er wacht %(num)d voorstel op je antwoord.",
                    "Er wachten %(num)d voorstellen op je antwoord.",
                    respite.to_answer,
                )
                self._count_item("respite_proposal", ANSWER, text, url, 4)
            if respite.to_agree:
                text = addressed("Er is een nieuwe afsprakenkaart. Lees hem en zeg of je akkoord bent.")
                self._count_item("respite_agreement", ANSWER, text, url, 4)
            if respite.checkins_due:
                text = addressed("Hoe gaat het met het steungezin? Vertel het ons in een paar tikken.")
                self._count_item("respite_checkin", ANSWER, text, url, 5)
        elif respite.role == "coordinator":
            if respite.new_requests:
                text = ngettext(
                    "%(num)d nieuwe aanvraag wacht op een intake",
                    "%(num)d nieuwe aanvragen wachten op een intake",
                    respite.new_requests,
                )
                self._count_item("respite_intake", ANSWER, text, url_for("meldpunt.index", status="nieuw"), 4)
            if respite.signups:
                text = ngettext(
                    "%(num)d aanmelding wacht op een intake",
                    "%(num)d aanmeldingen wachten op een intake",
                    respite.signups,
                )
                self._count_item("respite_signup", ANSWER, text, url_for("households.index"), 4)

    def _peers(self, peers) -> None:
        if peers.moderator and peers.to_moderate:
            text = ngettext(
                "%(num)d bericht wacht op moderatie", "%(num)d berichten wachten op moderatie", peers.to_moderate
            )
            self._count_item("peers_moderation", ANSWER, text, url_for("moderation.index"), 4)
        if peers.new_answers and peers.spaces:
            text = addressed_plural(
                "Er is %(num)d nieuw antwoord op jouw vragen of vragen die je volgt.",
                "Er zijn %(num)d nieuwe antwoorden op jouw vragen of vragen die je volgt.",
                peers.new_answers,
            )
            space = "pleegouders" if "pleegouders" in peers.spaces else peers.spaces[0]
            self._count_item("peers_answers", INFO, text, url_for("peers.space_page", space=space), 3)
