"""Own-data use-cases: the export of everything OnsPlan holds about me, correction and erasure requests, and
deleting my own account.

Plain functions taking the session and the acting user; the caller commits. What the export shows of the plan,
conversations, appointments, mentorships and the access log is decided by the same services and policy functions
the pages use, so the export never shows more than the person may see on screen (not a sibling's hidden goal,
not another member's private conversation).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any

from flask_babel import gettext as _
from sqlalchemy import bindparam, delete, func
from sqlmodel import Session, SQLModel, select
from werkzeug.exceptions import NotFound

from webapp.appointments import services as appointments
from webapp.audit import services as audit
from webapp.auth import policy
from webapp.auth.policy import DeletionRefusal
from webapp.auth.services import AccountError, require_current_password
from webapp.auth.sessions import account
from webapp.clock import today, utcnow
from webapp.families.services import member_families
from webapp.mentors import services as mentors
from webapp.messages import services as messages
from webapp.models import (
    OPEN_REQUEST_STATUSES,
    AppointmentParticipant,
    Attachment,
    AuditEvent,
    AuthSession,
    CalendarFeed,
    ChecklistTick,
    Conversation,
    ConversationRead,
    Family,
    FutureDomainEntry,
    FutureStep,
    GoalSharing,
    Invitation,
    Mentorship,
    MentorshipStatus,
    Message,
    NotificationPreference,
    OutboxNotification,
    OwnDataRequest,
    OwnDataRequestEvent,
    PasswordReset,
    Plan,
    PlanResponse,
    PlanVersion,
    PushSubscription,
    RequestKind,
    RequestStatus,
    Role,
    SharingChoice,
    Toekomstplan,
    User,
    UserRole,
)
from webapp.notify import outbox
from webapp.owndata import workflow
from webapp.owndata.workflow import Actor
from webapp.plans import services as plans
from webapp.sql_hints import not_by_index
from webapp.sql_once import built_once

EXPORT_FORMAT = "onsplan-eigen-gegevens"
EXPORT_VERSION = 1
MAX_ABOUT, MAX_TEXT = 300, 2000  # the columns hold 4000: room to grow without a migration
# What a deleted account that other rows still point to is called from then on (see delete_account).
TOMBSTONE_NAME = "Verwijderd account"


class OwnDataError(ValueError):
    """A problem the user can fix; the message is translated. `field`: the form field it belongs to, if one."""

    def __init__(self, message: str, field: str | None = None) -> None:
        super().__init__(message)
        self.field = field


# --- export ------------------------------------------------------------------------------------------------------


def _iso(moment: date | datetime | None) -> str | None:
    return moment.isoformat() if moment is not None else None


def export(db: Session, user: User) -> dict[str, Any]:
    """Everything OnsPlan holds about `user` that she may see, as plain JSON-ready data. The shape is documented
    in the README ("Je eigen gegevens") and versioned by `format.version`."""
    families = member_families(db, user)
    return {
        "format": {"name": EXPORT_FORMAT, "version": EXPORT_VERSION, "made_at": _iso(utcnow())},
        "profile": _profile(user),
        "roles": sorted(role.value for role in user.role_set),
        "families": [_family(family, user) for family in families],
        "regisseur_of": [
            {"family_id": f.id, "name": f.name}
            for f in db.exec(select(Family).where(Family.regisseur_id == user.id).order_by(Family.name))
        ],
        "plan": [_plan(db, user, family) for family in families],
        "toekomstplan": _toekomstplan(db, user),
        "conversations": _conversations(db, user),
        "messages": _messages(db, user),
        "appointments": _appointments(db, user),
        "mentorships": _mentorships(db, user),
        "sharing": _sharing(db, user),
        "push_devices": [
            {"device": d.device, "created_at": _iso(d.created_at), "last_success_at": _iso(d.last_success_at)}
            for d in db.exec(select(PushSubscription).where(PushSubscription.user_id == user.id))
        ],
        "notification_preferences": _preferences(db, user),
        "sessions": [
            {
                "created_at": _iso(s.created_at),
                "last_seen_at": _iso(s.last_seen_at),
                "revoked_at": _iso(s.revoked_at),
                "device": s.user_agent,
            }
            for s in db.exec(select(AuthSession).where(AuthSession.user_id == user.id).order_by(AuthSession.id))
        ],
        "calendar_feeds": [
            {"created_at": _iso(f.created_at), "revoked_at": _iso(f.revoked_at), "last_used_at": _iso(f.last_used_at)}
            for f in db.exec(select(CalendarFeed).where(CalendarFeed.user_id == user.id).order_by(CalendarFeed.id))
        ],
        "access_log": _access_log(db, user, families),
        "data_requests": _requests_data(db, user),
    }


def _profile(user: User) -> dict[str, Any]:
    return {
        "id": user.id,
        "name": user.name,
        "email": user.email,
        "language": user.language,
        "address_form": user.address_form,  # "v", "m" or "" (not said): how she wants to be addressed
        "birth_date": _iso(user.birth_date),
        "phone": user.phone,
        "job_title": user.job_title,
        "organisation": user.organisation.name if user.organisation else None,
        "active": user.active,
        "two_factor": bool(user.totp_secret),  # whether it is on; the secret itself is never exported
        "created_at": _iso(user.created_at),
    }


def _family(family: Family, user: User) -> dict[str, Any]:
    member = family.member_for(user.id)
    return {
        "family_id": family.id,
        "name": family.name,
        "relation": member.relation if member else None,
        "has_authority": member.has_authority if member else False,
        "regisseur": family.regisseur.name if family.regisseur else None,
    }


def _plan(db: Session, user: User, family: Family) -> dict[str, Any]:
    """The parts of the current version (goals, situation, agreements, ZRM, involved people, summary) that are about
    me or the whole family, from what the plan page shows me (plans.view_plan applies the age and sharing rules per
    part), and my answers to every version."""
    shown = plans.view_plan(db, user, family.id)
    goals = [
        {
            "id": goal["id"],
            "about": "ik" if goal["about_user_id"] == user.id else "gezin",
            "title": goal["title"],
            "status": goal["status"],
            "target_date": goal["target_date"],
            "notes": [{"text": n["text"], "date": n["date"]} for n in goal.get("notes", [])],
            "actions": [
                {"what": a["what"], "who": a["who"], "due_date": a["due_date"], "done": a["done"]}
                for a in goal["actions"]
            ],
        }
        for goal in shown.goals
        if goal["about_user_id"] in (None, user.id)
    ]
    answers = db.exec(
        select(PlanVersion.number, PlanResponse)
        .join(PlanResponse, PlanResponse.version_id == PlanVersion.id)
        .join(Plan, Plan.id == PlanVersion.plan_id)
        .where(Plan.family_id == family.id, PlanResponse.user_id == user.id)
        .order_by(PlanVersion.number)
    )
    mine = _about_me(user)
    parts = {
        kind: [
            {"about": mine(plans.about_of(part)), "text": part["text"]} for part in found if mine(plans.about_of(part))
        ]
        for kind, found in (("situation", shown.situation), ("agreements", shown.agreements))
    }
    return {
        "family_id": family.id,
        "version": shown.version.number if shown.version else None,
        "published_at": _iso(shown.version.published_at) if shown.version else None,
        "summary": shown.summary if shown.version and mine(plans.summary_about(shown.version)) else None,
        "goals": goals,
        **parts,
        "zrm": [
            {
                "about": mine(group["about"]),
                "domain": row["domain"],
                "score": row["score"],
                "assessed_on": row["assessed_on"],
            }
            for group in shown.zrm_groups
            if mine(group["about"])
            for row in group["rows"]
        ],
        "involved": [
            {"about": mine(plans.about_of(i)), "name": i["name"], "role": i["role"], "organisation": i["organisation"]}
            for i in shown.involved
            if mine(plans.about_of(i))
        ],
        "my_answers": [
            {"version": number, "agrees": r.agrees, "comment": r.comment, "answered_at": _iso(r.answered_at)}
            for number, r in answers
        ],
    }


def _about_me(user: User) -> Callable[[plans.About], str | None]:
    """How the export labels a visible plan part: about me ("ik"), the whole family ("gezin"), or written before parts
    said whom they are about ("onbekend"); None for a part about someone else (left out: not about me)."""

    def label(about: plans.About) -> str | None:
        if about == user.id:
            return "ik"
        return {plans.FAMILY: "gezin", plans.UNKNOWN: "onbekend"}.get(about) if isinstance(about, str) else None

    return label


def _toekomstplan(db: Session, user: User) -> dict[str, Any] | None:
    """My own toekomstplan (a youth always sees her own; nobody else's is ever in my export)."""
    plan = db.exec(select(Toekomstplan).where(Toekomstplan.youth_id == user.id)).first()
    if plan is None:
        return None
    domains = db.exec(select(FutureDomainEntry).where(FutureDomainEntry.toekomstplan_id == plan.id))
    steps = db.exec(select(FutureStep).where(FutureStep.toekomstplan_id == plan.id).order_by(FutureStep.id))
    ticks = db.exec(select(ChecklistTick).where(ChecklistTick.toekomstplan_id == plan.id).order_by(ChecklistTick.id))
    return {
        "created_at": _iso(plan.created_at),
        "domains": [
            {"domain": d.domain, "now": d.now_text, "want": d.want_text, "updated_at": _iso(d.updated_at)}
            for d in domains
        ],
        "steps": [
            {"domain": s.domain, "what": s.what, "owner": s.owner, "due_date": _iso(s.due_date), "done": s.done}
            for s in steps
        ],
        "checklist_done": [{"item": t.item, "done_at": _iso(t.done_at)} for t in ticks],
    }


def _conversations(db: Session, user: User) -> list[dict[str, Any]]:
    """The conversations I may read (the same list as the unread badge: nothing is created by exporting)."""
    ids = messages.readable_ids(db, user)
    if not ids:
        return []
    rows = db.exec(
        select(Conversation, Family.name)
        .join(Family, Family.id == Conversation.family_id)
        .where(Conversation.id.in_(ids))
        .order_by(Conversation.id)
    )
    return [
        {
            "id": c.id,
            "kind": c.kind,
            "family": name,
            "created_at": _iso(c.created_at),
            "last_message_at": _iso(c.last_message_at),
        }
        for c, name in rows
    ]


def _messages(db: Session, user: User) -> list[dict[str, Any]]:
    """Every message I wrote, with its attachments' names (the files themselves stay on the server)."""
    written = list(db.exec(select(Message).where(Message.author_id == user.id).order_by(Message.id)))
    files: dict[int, list[Attachment]] = {}
    if written:
        for attachment in db.exec(select(Attachment).where(Attachment.message_id.in_([m.id for m in written]))):
            files.setdefault(attachment.message_id, []).append(attachment)
    return [
        {
            "conversation_id": m.conversation_id,
            "written_at": _iso(m.created_at),
            "text": m.body,
            "attachments": [{"name": a.filename, "type": a.content_type, "size": a.size} for a in files.get(m.id, [])],
        }
        for m in written
    ]


def _appointments(db: Session, user: User) -> list[dict[str, Any]]:
    """The appointments I take part in, with my answer. Details and the other participants only while the
    appointments service still lets me open the appointment (e.g. not after a mentorship ended)."""
    result = []
    mine = db.exec(
        select(AppointmentParticipant)
        .where(AppointmentParticipant.user_id == user.id)
        .order_by(AppointmentParticipant.appointment_id)
    )
    for participation in list(mine):
        row: dict[str, Any] = {
            "my_answer": participation.answer,
            "proposed_starts_at": _iso(participation.proposed_starts_at),
            "answered_at": _iso(participation.answered_at),
        }
        try:
            view = appointments.get(db, user, participation.appointment_id, log=False)
        except NotFound:
            row["details"] = None
        else:
            a = view.appointment
            row["details"] = {
                "kind": a.kind,
                "title": a.title,
                "starts_at": _iso(a.starts_at),
                "duration_minutes": a.duration_minutes,
                "place": a.place,
                "video_url": a.video_url,
                "cancelled_at": _iso(a.cancelled_at),
                "participants": [{"name": person.name, "answer": p.answer} for p, person in view.participants],
            }
        result.append(row)
    return result


def _mentorships(db: Session, user: User) -> dict[str, list[dict[str, Any]]]:
    as_youth = db.exec(select(Mentorship).where(Mentorship.youth_id == user.id).order_by(Mentorship.id))
    as_mentor = db.exec(select(Mentorship).where(Mentorship.mentor_id == user.id).order_by(Mentorship.id))
    youth_rows = []
    for m in list(as_youth):
        events = mentors.history(db, m)
        youth_rows.append(
            {
                **_mentorship_dates(m),
                "nominee_name": m.nominee_name,
                "relation": m.relation,
                "contact": m.contact,
                "motivation": m.motivation,
                "decline_reason": m.decline_reason,
                "history": [{"status": e.to_status, "at": _iso(e.at)} for e in events],
            }
        )
    mentor_rows = []
    for m in list(as_mentor):
        try:
            youth_name = mentors.get(db, user, m.id).youth.first_name
        except NotFound:
            youth_name = None  # no longer his to see
        mentor_rows.append({**_mentorship_dates(m), "youth": youth_name, "contact": m.contact})
    return {"as_youth": youth_rows, "as_mentor": mentor_rows}


def _mentorship_dates(m: Mentorship) -> dict[str, Any]:
    return {
        "status": m.status,
        "nominated_at": _iso(m.nominated_at),
        "accepted_at": _iso(m.accepted_at),
        "started_at": _iso(m.started_at),
        "ended_at": _iso(m.ended_at),
    }


def _sharing(db: Session, user: User) -> dict[str, Any] | None:
    choice = db.exec(select(SharingChoice).where(SharingChoice.youth_id == user.id)).first()
    overrides = list(db.exec(select(GoalSharing).where(GoalSharing.youth_id == user.id).order_by(GoalSharing.id)))
    if choice is None and not overrides:
        return None
    return {
        "goals_with_family": choice.share_goals_with_family if choice else None,
        "toekomstplan_with_family": choice.share_toekomstplan_with_family if choice else None,
        "answered_at": _iso(choice.answered_at) if choice else None,
        "per_goal": [
            {"goal_id": g.goal_id, "with_family": g.with_family, "with_mentor": g.with_mentor} for g in overrides
        ],
    }


def _preferences(db: Session, user: User) -> dict[str, Any]:
    row = db.get(NotificationPreference, user.id) or NotificationPreference(user_id=user.id)
    data = row.model_dump(exclude={"user_id"})
    return {key: value.isoformat() if hasattr(value, "isoformat") else value for key, value in data.items()}


def _access_log(db: Session, user: User, families: list[Family]) -> list[dict[str, Any]]:
    """Professionals' reads, changes and prints about me, or about a family I belong to as a whole, filtered as the
    family's access-log page filters them (audit.events_for_family)."""
    rows = []
    for family in families:
        for event in audit.events_for_family(db, user, family, None, None, limit=100_000):
            if event.subject_id in (None, user.id):
                rows.append(_event(event, family))
    own = db.exec(
        select(AuditEvent, Family)
        .join(Family, Family.id == AuditEvent.family_id)
        .where(AuditEvent.subject_id == user.id, AuditEvent.family_id.not_in([f.id for f in families]))
    )
    rows += [_event(event, family) for event, family in own]  # about me in a family I no longer belong to
    return sorted(rows, key=lambda r: r["at"], reverse=True)


def _event(event: AuditEvent, family: Family) -> dict[str, Any]:
    return {
        "at": _iso(event.occurred_at),
        "action": event.action,
        "object": event.object_type,
        "family": family.name,
        "about_me": event.subject_id is not None,
        "by": event.actor_name,
        "role": event.actor_role,
        "organisation": event.actor_organisation,
        "outcome": event.outcome,
    }


# --- correction and erasure requests ------------------------------------------------------------------------------


@dataclass
class RequestView:
    request: OwnDataRequest
    family: Family
    requester: User | None
    history: list[OwnDataRequestEvent] = field(default_factory=list)

    @property
    def days_left(self) -> int:
        return (self.request.due_on - today()).days


@dataclass(frozen=True)
class OpenRequest:
    """One open request in the regisseur's caseload (plain values: the caseload lists many families)."""

    id: int
    family_id: int
    kind: str
    status: str
    requester_first_name: str
    due_on: date
    days_left: int  # negative: the legal term has passed


def request_families(db: Session, user: User) -> list[Family]:
    """Whose dossier a request can be about: the families I belong to, and those of the youths I mentor; only
    families with a regisseur (she answers)."""
    found = {f.id: f for f in member_families(db, user)}
    for view in mentors.for_mentor(db, user):
        found.setdefault(view.family.id, view.family)
    return sorted((f for f in found.values() if f.regisseur_id is not None), key=lambda f: f.name)


def submit_request(
    db: Session, user: User, *, family_id: int | None, kind: str, about: str, text: str
) -> OwnDataRequest:
    """A correction or erasure request in her own words; it reaches the family's regisseur (push, no content)."""
    families = {f.id: f for f in request_families(db, user)}
    if not families:
        raise NotFound()
    if family_id is None and len(families) == 1:
        family_id = next(iter(families))
    if family_id not in families:
        raise OwnDataError(_("Kies over welk gezin je verzoek gaat."), "family_id")
    if kind not in set(RequestKind):
        raise OwnDataError(_("Kies wat je wilt: iets verbeteren of iets laten weghalen."), "kind")
    about, text = about.strip(), text.strip()
    if not about:
        raise OwnDataError(_("Schrijf op over welke gegevens het gaat."), "about")
    if len(about) > MAX_ABOUT:
        raise OwnDataError(_("Dit is te lang."), "about")
    if not text:
        raise OwnDataError(_("Schrijf in je eigen woorden wat je vraagt."), "text")
    if len(text) > MAX_TEXT:
        raise OwnDataError(_("Je tekst is te lang. Hij mag hoogstens 2000 tekens hebben."), "text")
    request = OwnDataRequest(
        family_id=family_id,
        requester_id=user.id,
        kind=kind,
        about=about,
        text=text,
        due_on=workflow.due_on(RequestKind(kind), today()),
    )
    db.add(request)
    db.flush()
    workflow.start(db, request, user)
    _tell(db, request, [families[family_id].regisseur_id])
    return request


def requests_of(db: Session, user: User) -> list[OwnDataRequest]:
    """The requests this person asked, newest first."""
    return list(
        db.exec(select(OwnDataRequest).where(OwnDataRequest.requester_id == user.id).order_by(OwnDataRequest.id.desc()))
    )


def get_request(db: Session, user: User, request_id: int) -> RequestView:
    """The request with its history for the requester or the family's regisseur; 404 for anyone else."""
    request = db.get(OwnDataRequest, request_id)
    family = db.get(Family, request.family_id) if request else None
    if family is None or not policy.can_view_data_request(user, family, request.requester_id):
        raise NotFound()
    requester = db.get(User, request.requester_id) if request.requester_id else None
    return RequestView(request, family, requester, _histories(db, [request.id])[request.id])


def _histories(db: Session, request_ids: list[int]) -> dict[int, list[OwnDataRequestEvent]]:
    """The status history of each request, oldest step first, in one query."""
    found: dict[int, list[OwnDataRequestEvent]] = {request_id: [] for request_id in request_ids}
    if request_ids:
        for event in db.exec(
            select(OwnDataRequestEvent)
            .where(OwnDataRequestEvent.request_id.in_(request_ids))
            .order_by(OwnDataRequestEvent.id)
        ):
            found[event.request_id].append(event)
    return found


def can_handle(user: User, view: RequestView) -> bool:
    return policy.can_handle_data_request(user, view.family)


def move_request(db: Session, user: User, request_id: int, target: RequestStatus, note: str) -> RequestView:
    """The regisseur takes a step; closing needs an answer in words (what was done, or why not)."""
    view = get_request(db, user, request_id)
    if not can_handle(user, view):
        raise NotFound()
    note = note.strip()
    if target in workflow.CLOSING and not note:
        raise OwnDataError(_("Schrijf op wat je hebt gedaan, of waarom het niet kan. Dat leest de aanvrager."), "note")
    if len(note) > MAX_TEXT:
        raise OwnDataError(_("Je tekst is te lang. Hij mag hoogstens 2000 tekens hebben."), "note")
    workflow.move(db, view.request, target, Actor.REGISSEUR, user, note)
    _tell(db, view.request, [view.request.requester_id])
    return view


_OPEN_FOR_REGISSEUR = built_once(
    select(
        OwnDataRequest.id,
        OwnDataRequest.family_id,
        OwnDataRequest.kind,
        OwnDataRequest.status,
        User.name,
        OwnDataRequest.due_on,
    )
    .join(Family, Family.id == OwnDataRequest.family_id)
    .outerjoin(User, User.id == OwnDataRequest.requester_id)
    .where(
        Family.regisseur_id == bindparam("regisseur_id"),
        # through her families, not every open request of every family
        not_by_index(OwnDataRequest.status).in_(OPEN_REQUEST_STATUSES),
    )
    .order_by(OwnDataRequest.due_on, OwnDataRequest.id)
)


def open_for_regisseur(db: Session, regisseur: User) -> list[OpenRequest]:
    """Open requests in the regisseur's families, the nearest legal deadline first (one statement built once: the
    caseload on her home page reads it)."""
    if not regisseur.has_role(Role.REGISSEUR):
        return []
    rows = db.connection().execute(_OPEN_FOR_REGISSEUR, {"regisseur_id": regisseur.id})
    day = today()
    return [
        OpenRequest(id, family_id, kind, status, (name or TOMBSTONE_NAME).split(" ", 1)[0], due_on, (due_on - day).days)
        for id, family_id, kind, status, name, due_on in rows
    ]


def _tell(db: Session, request: OwnDataRequest, user_ids: list[int | None]) -> None:
    """A push with a generic text and an opaque link: no name, no kind of request on the lock screen."""
    outbox.enqueue(db, user_ids, "verzoeken", f"/gegevensverzoeken/{request.id}", f"verzoek-{request.id}")


def _requests_data(db: Session, user: User) -> list[dict[str, Any]]:
    requests = requests_of(db, user)
    histories = _histories(db, [r.id for r in requests])
    return [_request_data(r, histories[r.id]) for r in requests]


def _request_data(request: OwnDataRequest, history: list[OwnDataRequestEvent]) -> dict[str, Any]:
    return {
        "id": request.id,
        "kind": request.kind,
        "about": request.about,
        "text": request.text,
        "status": request.status,
        "answer": request.answer,
        "created_at": _iso(request.created_at),
        "due_on": _iso(request.due_on),
        "history": [{"status": e.to_status, "at": _iso(e.at), "note": e.note} for e in history],
    }


# --- deleting my account ------------------------------------------------------------------------------------------


def deletion_refusal(db: Session, user: User) -> DeletionRefusal | None:
    """Why this person may not delete her account (None: she may); see policy.account_deletion_refusal."""
    return policy.account_deletion_refusal(user, in_a_family=bool(member_families(db, user)))


# Rows that are only about the person and go with the account (the database cascades the rest).
_PERSONAL_ROWS = (
    AuthSession.user_id,
    PushSubscription.user_id,
    NotificationPreference.user_id,
    CalendarFeed.user_id,
    PasswordReset.user_id,
    Invitation.user_id,
    ConversationRead.user_id,
    OutboxNotification.user_id,
    UserRole.user_id,
)


@dataclass(frozen=True)
class Deleted:
    tombstone: bool  # True: the row stays, emptied, because other rows (e.g. messages in a youth's dossier) need it
    kept_by: tuple[str, ...]  # "table.column" of the rows that needed it


def delete_account(db: Session, user: User, current_password: str) -> Deleted:
    """Delete a mentor's or steungezin's own account: every row only about them goes (sessions, devices,
    preferences, calendar feeds, tokens, roles). The user row itself is deleted unless other rows still need it
    (a message in a youth's conversation, a mentorship in her dossier): then it is emptied into a tombstone named
    TOMBSTONE_NAME, without e-mail, password, phone or birth date, and disabled. The access log keeps its rows
    either way: its actor and subject are stored by value (actor_name) and need no account."""
    user = account(user)  # the ORM user: expired, emptied or deleted through the session below
    require_current_password(user, current_password)
    if deletion_refusal(db, user) is not None:
        raise NotFound()
    waiting = db.exec(
        select(Mentorship.id).where(Mentorship.mentor_id == user.id, Mentorship.status == MentorshipStatus.GEACCEPTEERD)
    ).first()
    if waiting is not None:
        raise AccountError(
            _("Je hebt net ja gezegd om mentor te zijn. Wacht tot de regisseur heeft beslist, en stop dan als mentor.")
        )
    for mentorship_id in list(
        db.exec(
            select(Mentorship.id).where(Mentorship.mentor_id == user.id, Mentorship.status == MentorshipStatus.ACTIEF)
        )
    ):
        mentors.end(db, user, mentorship_id)  # the youth and the regisseur are told; coming appointments cancelled
    db.flush()
    for column in _PERSONAL_ROWS:
        db.exec(delete(column.class_).where(column == user.id))
    db.expire(user, ["roles"])
    kept_by = tuple(blocking_references(db, user.id))
    if kept_by:
        _empty(user)
        db.add(user)
    else:
        db.delete(user)
    db.flush()
    return Deleted(tombstone=bool(kept_by), kept_by=kept_by)


def blocking_references(db: Session, user_id: int) -> list[str]:
    """Columns that point at this user without ON DELETE CASCADE / SET NULL and hold a row for her: the reasons
    the user row must stay. Read from the models, so a table added later is counted without anyone remembering."""
    found = []
    for table in SQLModel.metadata.sorted_tables:
        for key in table.foreign_keys:
            if key.column.table.name != "user" or (key.ondelete or "").upper() in ("CASCADE", "SET NULL"):
                continue
            count = db.exec(select(func.count()).select_from(table).where(key.parent == user_id)).one()
            if count:
                found.append(f"{table.name}.{key.parent.name}")
    return sorted(found)


def _empty(user: User) -> None:
    user.name = TOMBSTONE_NAME
    user.email = None
    user.password_hash = None
    user.phone = ""
    user.job_title = ""
    user.birth_date = None
    user.organisation_id = None
    user.totp_secret = None
    user.totp_last_counter = None
    user.active = False
