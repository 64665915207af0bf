from __future__ import annotations

from sqlmodel import Session, func, select
from werkzeug.exceptions import NotFound

from webapp.auth import policy
from webapp.auth.services import set_active
from webapp.models import User

PAGE_SIZE = 50


def list_accounts(db: Session, actor: User, page: int) -> tuple[list[User], int]:
    """One page of accounts (people with an e-mail address) and the number of pages."""
    if not policy.can_manage_accounts(actor):
        raise NotFound()
    has_email = User.email.is_not(None)
    total = db.exec(select(func.count()).select_from(User).where(has_email)).one()
    pages = max(1, -(-total // PAGE_SIZE))
    page = min(max(page, 1), pages)
    rows = db.exec(select(User).where(has_email).order_by(User.name).offset((page - 1) * PAGE_SIZE).limit(PAGE_SIZE))
    return list(rows.unique()), pages


def set_account_active(db: Session, actor: User, user_id: int, active: bool) -> User:
    if not policy.can_manage_accounts(actor):
        raise NotFound()
    user = db.get(User, user_id)
    if user is None or user.id == actor.id:
        raise NotFound()
    set_active(db, user, active)
    return user
