"""Push notifications: the devices a person subscribed, their preferences, and the outbox the worker sends from.

The event that causes a notification (a new message, a new plan version) writes outbox rows in the same
transaction, so nothing is lost when a process dies; the worker (`flask worker`) delivers them at least once.
"""

from datetime import datetime, time

from sqlmodel import Field, SQLModel

from webapp.clock import utcnow

# "verzoeken": news about a request to correct or destroy one's data; always sent (no preference column).
# "gezin": news about the family itself (a new regisseur); always sent (no preference column).
# "dringend": a youth's "Ik voel me niet veilig" to her regisseur: always sent, also in quiet hours (no preference
# column; the worker skips the quiet hours for it).
NOTIFICATION_TYPES = ("berichten", "plan", "afspraken", "mentor", "steun", "vragen", "verzoeken", "dringend", "gezin")


class PushSubscription(SQLModel, table=True):
    __tablename__ = "push_subscription"

    id: int | None = Field(default=None, primary_key=True)
    user_id: int = Field(foreign_key="user.id", index=True, ondelete="CASCADE")
    endpoint: str = Field(max_length=1000, unique=True)
    p256dh: str = Field(max_length=200)
    auth: str = Field(max_length=100)
    device: str = Field(default="", max_length=200)  # a readable name for the settings page
    created_at: datetime = Field(default_factory=utcnow)
    last_success_at: datetime | None = None


class NotificationPreference(SQLModel, table=True):
    """Per person: which kinds of notification, and quiet hours (Europe/Amsterdam) during which they wait."""

    __tablename__ = "notification_preference"

    user_id: int = Field(foreign_key="user.id", primary_key=True, ondelete="CASCADE")
    berichten: bool = True
    plan: bool = True
    afspraken: bool = True
    mentor: bool = True
    steun: bool = True
    vragen: bool = True
    quiet_from: time | None = None
    quiet_until: time | None = None


class OutboxNotification(SQLModel, table=True):
    """One notification for one person. Sent to each of that person's devices; never holds care details."""

    __tablename__ = "outbox_notification"

    id: int | None = Field(default=None, primary_key=True)
    user_id: int = Field(foreign_key="user.id", index=True, ondelete="CASCADE")
    kind: str = Field(max_length=20)  # one of NOTIFICATION_TYPES
    url: str = Field(max_length=200)  # where a click goes, e.g. /berichten/12 (an opaque id, no content)
    tag: str = Field(max_length=100)  # the same tag shows once on the device, even if delivered twice
    created_at: datetime = Field(default_factory=utcnow, index=True)
    not_before: datetime = Field(default_factory=utcnow, index=True)  # quiet hours, Retry-After, backoff
    attempts: int = 0
    claimed_until: datetime | None = None  # a worker's lease; an expired lease may be claimed again
    sent_at: datetime | None = Field(default=None, index=True)
    result: str = Field(default="", max_length=200)  # delivered / no device / type switched off / last error
