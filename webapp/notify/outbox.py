"""Writing notifications to the outbox, in the caller's transaction (so an event and its notification commit together).

Only an opaque click target (`/berichten/12`) and a tag are stored: the text shown on the lock screen is generic
and made in the recipient's language by the worker (webapp/notify/payload.py).
"""

from __future__ import annotations

from collections.abc import Iterable

from sqlmodel import Session

from webapp.models import NOTIFICATION_TYPES, OutboxNotification


def enqueue(db: Session, user_ids: Iterable[int], kind: str, url: str, tag: str) -> list[OutboxNotification]:
    if kind not in NOTIFICATION_TYPES:
        raise ValueError(f"unknown notification type {kind!r}")
    rows = [OutboxNotification(user_id=user_id, kind=kind, url=url, tag=tag) for user_id in sorted(set(user_ids))]
    db.add_all(rows)
    return rows
