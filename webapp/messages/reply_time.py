"""How soon a regisseur usually answers, from her real answers: "Petra antwoordt meestal binnen 1 werkdag".

A wait starts at the first message of a family member (or the youth alone) after the regisseur's last answer in
that conversation and ends at her next answer. Counted are answers of the last 90 days in the family and private
conversations of the families she is regisseur of now, in working time (Monday to Friday, 9:00 to 17:00 in the
Netherlands): a question on Friday evening answered on Monday at 10:00 waited one working hour. The median of those
waits says "meestal"; with fewer than 5 answers nothing is said (too few to mean anything).

Reading 90 days of a full caseload takes a moment (~0.3 s for 40 families and 13,000 messages), so the answer is
kept per process until she answers again or the day changes: the key is her number of answers, her last answer and
the date (one small indexed count). Tests and e2e runs (TESTING) compute it each time.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from datetime import UTC, datetime, time, timedelta
from statistics import median
from zoneinfo import ZoneInfo

from flask import current_app
from flask_babel import gettext as _
from flask_babel import ngettext
from sqlmodel import Session, func, select

from webapp.clock import utcnow
from webapp.models import Conversation, ConversationKind, Family, Message

WINDOW = timedelta(days=90)
# A wait that started before the window but was answered inside it still counts: read this much further back.
LEAD_IN = timedelta(days=30)
MIN_ANSWERS = 5
ZONE = ZoneInfo("Europe/Amsterdam")
DAY_START, DAY_END = time(9, 0), time(17, 0)
WORKING_DAY = timedelta(hours=8)
KINDS = (ConversationKind.FAMILY, ConversationKind.PRIVATE)


@dataclass(frozen=True)
class ReplyTime:
    """The usual wait, rounded up to what a person says: within an hour, within N hours, within N working days."""

    hours: int = 0  # 1..7: "binnen N uur" (1: "binnen een uur")
    days: int = 0  # 1..: "binnen N werkdagen"
    answers: int = 0  # how many answers it is based on

    def text(self, name: str) -> str:
        if self.days:
            return ngettext(
                "%(name)s antwoordt meestal binnen %(num)d werkdag.",
                "%(name)s antwoordt meestal binnen %(num)d werkdagen.",
                self.days,
                name=name,
            )
        if self.hours <= 1:
            return _("%(name)s antwoordt meestal binnen een uur.", name=name)
        return ngettext(
            "%(name)s antwoordt meestal binnen %(num)d uur.",
            "%(name)s antwoordt meestal binnen %(num)d uur.",
            self.hours,
            name=name,
        )


def working_time(start: datetime, end: datetime) -> timedelta:
    """The part of [start, end) that falls on a weekday between 9:00 and 17:00, Amsterdam time."""
    if end <= start:
        return timedelta(0)
    local_start, local_end = start.astimezone(ZONE), end.astimezone(ZONE)
    total = timedelta(0)
    day = local_start.date()
    while day <= local_end.date():
        if day.weekday() < 5:
            opens = datetime.combine(day, DAY_START, tzinfo=ZONE)
            closes = datetime.combine(day, DAY_END, tzinfo=ZONE)
            overlap = min(closes, local_end) - max(opens, local_start)
            if overlap > timedelta(0):
                total += overlap
        day += timedelta(days=1)
    return total


def rounded(wait: timedelta, answers: int) -> ReplyTime:
    if wait <= timedelta(hours=1):
        return ReplyTime(hours=1, answers=answers)
    if wait < WORKING_DAY:
        return ReplyTime(hours=math.ceil(wait / timedelta(hours=1)), answers=answers)
    return ReplyTime(days=math.ceil(wait / WORKING_DAY), answers=answers)


def _aware(moment: datetime) -> datetime:
    return moment if moment.tzinfo else moment.replace(tzinfo=UTC)


def waits(db: Session, regisseur_id: int, now: datetime | None = None) -> list[timedelta]:
    """Every wait for an answer of this regisseur in the last 90 days, in working time (one query)."""
    now = now or utcnow()
    since = now - WINDOW
    rows = db.exec(
        select(Message.conversation_id, Message.author_id, Message.created_at)
        .join(Conversation, Conversation.id == Message.conversation_id)
        .join(Family, Family.id == Conversation.family_id)
        .where(
            Family.regisseur_id == regisseur_id,
            Conversation.kind.in_(KINDS),
            Message.created_at >= since - LEAD_IN,
            Message.created_at <= now,
        )
        .order_by(Message.conversation_id, Message.id)
    ).all()
    found: list[timedelta] = []
    conversation, waiting_from = None, None
    for conversation_id, author_id, created_at in rows:
        if conversation_id != conversation:
            conversation, waiting_from = conversation_id, None
        moment = _aware(created_at)
        if author_id != regisseur_id:
            waiting_from = waiting_from or moment
        elif waiting_from is not None:
            if moment >= since:
                found.append(working_time(waiting_from, moment))
            waiting_from = None
    return found


def usual_reply_time(db: Session, regisseur_id: int | None, now: datetime | None = None) -> ReplyTime | None:
    """How soon she usually answers; None without a regisseur or with fewer than 5 answers in 90 days."""
    if regisseur_id is None:
        return None
    now = now or utcnow()
    key = None
    if not current_app.testing:
        count, last_id = db.exec(
            select(func.count(Message.id), func.max(Message.id)).where(Message.author_id == regisseur_id)
        ).one()
        if count < MIN_ANSWERS:
            return None
        key = (current_app.config["DATABASE_URL"], regisseur_id, now.astimezone(ZONE).date(), count, last_id)
        if key in _cache:
            return _cache[key]
    found = waits(db, regisseur_id, now)
    result = rounded(median(found), len(found)) if len(found) >= MIN_ANSWERS else None
    if key is not None:
        if len(_cache) >= CACHE_SIZE:
            _cache.clear()
        _cache[key] = result
    return result


CACHE_SIZE = 1000  # regisseurs per process; cleared whole when full (it refills from real data)
_cache: dict[tuple, ReplyTime | None] = {}
