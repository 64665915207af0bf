"""SQLModel tables, one module per aggregate. Importing this package registers every table on `SQLModel.metadata`."""

from webapp.models.accounts import AuthSession, Invitation, PasswordReset
from webapp.models.appointments import Answer, Appointment, AppointmentKind, AppointmentParticipant, CalendarFeed
from webapp.models.audit import AuditAction, AuditEvent
from webapp.models.consent import GoalSharing, SharingChoice
from webapp.models.families import Family, FamilyMember, Relation
from webapp.models.mentors import (
    OPEN_STATUSES,
    MentorInvite,
    MentorRelation,
    Mentorship,
    MentorshipEvent,
    MentorshipStatus,
)
from webapp.models.messages import Attachment, Conversation, ConversationKind, ConversationRead, Message
from webapp.models.notify import NOTIFICATION_TYPES, NotificationPreference, OutboxNotification, PushSubscription
from webapp.models.owndata import (
    OPEN_REQUEST_STATUSES,
    OwnDataRequest,
    OwnDataRequestEvent,
    RequestKind,
    RequestStatus,
)
from webapp.models.people import Organisation, OrganisationKind, Role, User, UserRole
from webapp.models.plans import (
    Action,
    Goal,
    GoalNote,
    GoalStatus,
    Involved,
    Plan,
    PlanResponse,
    PlanText,
    PlanVersion,
    TextKind,
    ZrmDomain,
    ZrmScore,
)
from webapp.models.toekomstplan import ChecklistTick, FutureDomain, FutureDomainEntry, FutureStep, Toekomstplan

__all__ = [
    "NOTIFICATION_TYPES",
    "OPEN_REQUEST_STATUSES",
    "OPEN_STATUSES",
    "Action",
    "Answer",
    "Appointment",
    "AppointmentKind",
    "AppointmentParticipant",
    "Attachment",
    "AuditAction",
    "AuditEvent",
    "AuthSession",
    "CalendarFeed",
    "ChecklistTick",
    "Conversation",
    "ConversationKind",
    "ConversationRead",
    "Family",
    "FamilyMember",
    "FutureDomain",
    "FutureDomainEntry",
    "FutureStep",
    "Goal",
    "GoalNote",
    "GoalSharing",
    "GoalStatus",
    "Invitation",
    "Involved",
    "MentorInvite",
    "MentorRelation",
    "Mentorship",
    "MentorshipEvent",
    "MentorshipStatus",
    "Message",
    "NotificationPreference",
    "Organisation",
    "OrganisationKind",
    "OutboxNotification",
    "OwnDataRequest",
    "OwnDataRequestEvent",
    "PasswordReset",
    "Plan",
    "PlanResponse",
    "PlanText",
    "PlanVersion",
    "PushSubscription",
    "Relation",
    "RequestKind",
    "RequestStatus",
    "Role",
    "SharingChoice",
    "TextKind",
    "Toekomstplan",
    "User",
    "UserRole",
    "ZrmDomain",
    "ZrmScore",
]
