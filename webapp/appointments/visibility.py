"""Which appointments a person may still see, as SQL conditions built once at import (the agenda, the calendar
feed and the home page's "Nu voor jou" use them): the rule of policy.can_view_appointment and
can_view_respite_appointment for lists, where asking the policy per appointment would cost a query each."""

from __future__ import annotations

from sqlalchemy import and_, bindparam, or_, select, union
from sqlalchemy.orm import aliased

from webapp.models import (
    Appointment,
    AppointmentParticipant,
    Family,
    FamilyMember,
    Household,
    MatchStatus,
    Mentorship,
    MentorshipStatus,
    RespiteMatch,
    RespiteRequest,
    Role,
    User,
    UserRole,
)


def _active_mentorships(viewer, column):
    """`column` (the id or the family) of the mentorships `viewer` is the active mentor of."""
    return select(column).where(Mentorship.mentor_id == viewer, Mentorship.status == MentorshipStatus.ACTIEF)


def _coordinated(viewer):
    """The respite requests of the meldpunt `viewer` is an active coordinator of."""
    return (
        select(RespiteRequest.id)
        .join(User, User.organisation_id == RespiteRequest.meldpunt_id)
        .join(UserRole, UserRole.user_id == User.id)
        .where(User.id == viewer, User.active, UserRole.role == Role.COORDINATOR)
    )


def still_visible(viewer, appointment=Appointment):
    """The appointments `viewer` (a bound parameter or a column) takes part in and may still see. `appointment`: the
    table or an alias of it (the agenda's per-family bound asks it of a second appointment)."""
    # Her participation, looked up by key for each appointment: the list of everything she ever took part in grew
    # with her history (a regisseur's: every meeting of her caseload in years).
    taking_part = aliased(AppointmentParticipant)  # her own row, never the participant a list joins
    mine = (
        select(taking_part.appointment_id)
        .where(taking_part.appointment_id == appointment.id, taking_part.user_id == viewer)
        .exists()
    )
    member_of = select(FamilyMember.family_id).where(FamilyMember.user_id == viewer)
    regisseur_of = select(Family.id).where(Family.regisseur_id == viewer)
    active = _active_mentorships(viewer, Mentorship.id)
    active_in = _active_mentorships(viewer, Mentorship.family_id)
    his = select(Mentorship.id).where(Mentorship.mentor_id == viewer)
    # Steuntje in de rug: a coordinator of the request's meldpunt, the household of the request's accepted match.
    coordinated = _coordinated(viewer)
    # Per respite appointment, its request's matches (by key): a list of "the requests of his accepted matches" was
    # answered from every accepted match (the status index), growing with Steuntje in de rug.
    hosted = (
        select(RespiteMatch.id)
        .where(
            RespiteMatch.request_id == appointment.respite_request_id,
            RespiteMatch.status == MatchStatus.AKKOORD,
            RespiteMatch.household_id.in_(select(Household.id).where(Household.user_id == viewer)),
        )
        .exists()
    )
    return and_(
        mine,
        or_(
            appointment.family_id.in_(member_of),
            appointment.family_id.in_(regisseur_of),
            appointment.mentorship_id.in_(active),
            and_(
                appointment.family_id.in_(active_in),
                or_(appointment.mentorship_id.is_(None), appointment.mentorship_id.not_in(his)),
            ),
            appointment.respite_request_id.in_(coordinated),
            hosted,
        ),
    )


def regisseur_sees(viewer, appointment=Appointment):
    """The appointments of the regisseur's families, but a respite appointment only when he may see the request.

    The request is looked up by its key for each respite appointment (EXISTS), not listed: "every request shared
    with a regisseur" is a list of the whole table, read on every agenda and home page as requests grow."""
    shared = (
        select(RespiteRequest.id)
        .where(
            RespiteRequest.id == appointment.respite_request_id,
            or_(RespiteRequest.share_with_regisseur.is_(True), RespiteRequest.created_by_id == viewer),
        )
        .exists()
    )
    return and_(
        appointment.family_id.in_(select(Family.id).where(Family.regisseur_id == viewer)),
        or_(appointment.respite_request_id.is_(None), shared),
    )


def families_reached(viewer):
    """The families whose appointments `viewer` may see some of: his own, those he directs, those of his active
    mentorships (the families of still_visible and regisseur_sees)."""
    return union(
        select(FamilyMember.family_id).where(FamilyMember.user_id == viewer),
        select(Family.id).where(Family.regisseur_id == viewer),
        _active_mentorships(viewer, Mentorship.family_id),
    )


def within_reach(viewer, when):
    """Where the appointments `viewer` may see are found, in the time `when` (a condition on `starts_at`): those of
    his families, of his active mentorships (each by its index in time, migration 0024) and of the respite requests
    he coordinates or hosts (a few each). A superset of still_visible and regisseur_sees, never the rule itself: a
    list ANDs it with them.

    Why: the rules find her appointments through her participations or her families' appointments, every one she
    ever had, and keep those of the time asked; with this, a list reads the time it shows, not the years before."""
    hosted = select(RespiteMatch.request_id).where(
        RespiteMatch.household_id.in_(select(Household.id).where(Household.user_id == viewer)),
        RespiteMatch.status == MatchStatus.AKKOORD,
    )
    return or_(
        and_(Appointment.family_id.in_(families_reached(viewer)), when),
        and_(Appointment.mentorship_id.in_(_active_mentorships(viewer, Mentorship.id)), when),
        and_(Appointment.respite_request_id.in_(union(_coordinated(viewer), hosted)), when),
    )


VIEWER = "viewer_id"
# The appointments a participant may still see, as policy.can_view_appointment says: those in a family he belongs
# to or is the regisseur of, and, as a JIM mentor, those of his active mentorship (or of a family where his
# mentorship is active, when the appointment is not of a mentorship of his); for Steuntje in de rug, as a coordinator
# of the request's meldpunt or the household of its accepted match. Agenda lists and feeds use it. Built
# once (building the subqueries costs ~2 ms a time): execute with params={VIEWER: user.id}.
STILL_VISIBLE = still_visible(bindparam(VIEWER))
REGISSEUR_SEES = regisseur_sees(bindparam(VIEWER))
