"""The install offer on the home page: shown until the person answers it, once, whatever the answer."""

from __future__ import annotations

from sqlmodel import Session

from webapp.auth.sessions import account
from webapp.clock import utcnow
from webapp.models import User


def offers_install(user: User) -> bool:
    """Offer 'Zet OnsPlan op je beginscherm' to someone logged in who has not answered it yet (no query: the
    answer is a column of the user, who is loaded already). Hidden by CSS when the app runs installed."""
    return user.install_offer_answered_at is None


def answer_install_offer(db: Session, user: User) -> None:
    """She said 'show me how' or 'no, thank you': either way the home page does not offer it again. Only the first
    answer is kept."""
    if user.install_offer_answered_at is None:
        user.install_offer_answered_at = utcnow()
        db.add(account(user))
