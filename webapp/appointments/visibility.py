"""Which appointments a person may still see, as SQL conditions built once at import (the agenda, the calendar
feed and the home page's "Nu voor jou" use them): the rule of policy.can_view_appointment and
can_view_respite_appointment for lists, where asking the policy per appointment would cost a query each."""

from __future__ import annotations

from sqlalchemy import and_, bindparam, or_, select

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


def still_visible(viewer):
    """The appointments `viewer` (a bound parameter or a column) takes part in and may still see."""
    mine = select(AppointmentParticipant.appointment_id).where(AppointmentParticipant.user_id == viewer)
    member_of = select(FamilyMember.family_id).where(FamilyMember.user_id == viewer)
    regisseur_of = select(Family.id).where(Family.regisseur_id == viewer)
    active = select(Mentorship.id).where(Mentorship.mentor_id == viewer, Mentorship.status == MentorshipStatus.ACTIEF)
    active_in = select(Mentorship.family_id).where(
        Mentorship.mentor_id == viewer, Mentorship.status == MentorshipStatus.ACTIEF
    )
    his = select(Mentorship.id).where(Mentorship.mentor_id == viewer)
    # Steuntje in de rug: a coordinator of the request's meldpunt, the household of the request's accepted match.
    coordinated = (
        select(RespiteRequest.id)
        .join(User, User.organisation_id == RespiteRequest.meldpunt_id)
        .join(UserRole, UserRole.user_id == User.id)
        .where(User.id == viewer, User.active, UserRole.role == Role.COORDINATOR)
    )
    # Per respite appointment, its request's matches (by key): a list of "the requests of his accepted matches" was
    # answered from every accepted match (the status index), growing with Steuntje in de rug.
    hosted = (
        select(RespiteMatch.id)
        .where(
            RespiteMatch.request_id == Appointment.respite_request_id,
            RespiteMatch.status == MatchStatus.AKKOORD,
            RespiteMatch.household_id.in_(select(Household.id).where(Household.user_id == viewer)),
        )
        .exists()
    )
    return and_(
        Appointment.id.in_(mine),
        or_(
            Appointment.family_id.in_(member_of),
            Appointment.family_id.in_(regisseur_of),
            Appointment.mentorship_id.in_(active),
            and_(
                Appointment.family_id.in_(active_in),
                or_(Appointment.mentorship_id.is_(None), Appointment.mentorship_id.not_in(his)),
            ),
            Appointment.respite_request_id.in_(coordinated),
            hosted,
        ),
    )


def regisseur_sees(viewer):
    """The appointments of the regisseur's families, but a respite appointment only when he may see the request.

    The request is looked up by its key for each respite appointment (EXISTS), not listed: "every request shared
    with a regisseur" is a list of the whole table, read on every agenda and home page as requests grow."""
    shared = (
        select(RespiteRequest.id)
        .where(
            RespiteRequest.id == Appointment.respite_request_id,
            or_(RespiteRequest.share_with_regisseur.is_(True), RespiteRequest.created_by_id == viewer),
        )
        .exists()
    )
    return and_(
        Appointment.family_id.in_(select(Family.id).where(Family.regisseur_id == viewer)),
        or_(Appointment.respite_request_id.is_(None), shared),
    )


VIEWER = "viewer_id"
# The appointments a participant may still see, as policy.can_view_appointment says: those in a family he belongs
# to or is the regisseur of, and, as a JIM mentor, those of his active mentorship (or of a family where his
# mentorship is active, when the appointment is not of a mentorship of his); for Steuntje in de rug, as a coordinator
# of the request's meldpunt or the household of its accepted match. Agenda lists and feeds use it. Built
# once (building the subqueries costs ~2 ms a time): execute with params={VIEWER: user.id}.
STILL_VISIBLE = still_visible(bindparam(VIEWER))
REGISSEUR_SEES = regisseur_sees(bindparam(VIEWER))
