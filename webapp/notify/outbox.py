"""Writing notifications to the outbox, in the caller's transaction (so an event and its notification commit together).

Only an opaque click target (`/berichten/12`) and a tag are stored: the text shown on the lock screen is generic
and made in the recipient's language by the worker (webapp/notify/payload.py).
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime

from sqlalchemy import update
from sqlmodel import Session

from webapp.clock import utcnow
from webapp.models import NOTIFICATION_TYPES, OutboxNotification

# Mails go through the same outbox (and the same worker, leases and retries) as push: the request that causes one
# only writes a row, so how long it takes says nothing about whom the mail is for. The worker makes the mail.
MAIL_PASSWORD_RESET = "mail-wachtwoord"  # noqa: S105 - a kind of mail, not a password
MAIL_KINDS = (MAIL_PASSWORD_RESET,)

# Sent at once and always: the person's choices of kinds and her quiet hours do not hold these back.
URGENT = "dringend"  # a youth's "Ik voel me niet veilig" to her regisseur (webapp/safety/)
URGENT_KINDS = (URGENT,)


def enqueue(
    db: Session, user_ids: Iterable[int | None], kind: str, url: str, tag: str, *, not_before: datetime | None = None
) -> list[OutboxNotification]:
    """One row per person (`None`s, e.g. a family without regisseur, are skipped); `not_before` schedules it."""
    if kind not in NOTIFICATION_TYPES:
        raise ValueError(f"unknown notification type {kind!r}")
    timing = {"not_before": not_before} if not_before else {}
    rows = [
        OutboxNotification(user_id=user_id, kind=kind, url=url, tag=tag, **timing)
        for user_id in sorted({u for u in user_ids if u is not None})
    ]
    db.add_all(rows)
    return rows


def cancel_unsent(db: Session, tag_prefix: str, user_ids: Iterable[int] | None = None) -> None:
    """Withdraw scheduled rows not sent yet (a reminder for a moved or cancelled appointment). A row a worker is
    sending at this very moment may still go out; the worker only takes rows whose `sent_at` is empty."""
    condition = OutboxNotification.sent_at.is_(None) & OutboxNotification.tag.startswith(tag_prefix, autoescape=True)
    if user_ids is not None:
        condition &= OutboxNotification.user_id.in_(list(user_ids))
    db.exec(
        update(OutboxNotification)
        .where(condition)
        .values(sent_at=utcnow(), result="cancelled")
        .execution_options(synchronize_session=False)
    )


def enqueue_mail(db: Session, user_id: int, kind: str, base_url: str) -> OutboxNotification:
    """A mail for one person, made and sent by the worker (`webapp/notify/mails.py`); `url` keeps the address the
    links in it point to (the site the request came to), since the worker has no request of its own."""
    if kind not in MAIL_KINDS:
        raise ValueError(f"unknown mail kind {kind!r}")
    row = OutboxNotification(user_id=user_id, kind=kind, url=base_url[:200], tag=kind)
    db.add(row)
    return row
